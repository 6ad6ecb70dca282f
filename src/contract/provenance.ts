/**
 * Where a rule comes from, read off the schemas: the nearest `x-provenance` on the way down to a
 * keyword (with the nearest `x-source`), unless the keyword's node names it in `x-keywords`. The
 * catalogue asks it for every constraint, and the response checks for every ajv error, so a rule's
 * provenance is written once, beside the rule.
 */
import { pointerTokens } from './pointer.ts';
import { isSchemaObject, type JsonSchema } from './schema.ts';
import type { Provenance } from './vocabulary.ts';

export interface RuleOrigin {
  provenance: Provenance;
  /** The sentence the rule comes from (the nearest x-source, or the keyword's own). */
  source?: string;
}

/**
 * The origin of the keyword at `keywordPointer` (e.g. `/properties/jobRef/minLength`, or an ajv
 * error's schemaPath without its `#`) in an inlined schema; undefined when no node on the way says.
 */
export function provenanceAt(root: JsonSchema, keywordPointer: string): RuleOrigin | undefined {
  const tokens = pointerTokens(keywordPointer.replace(/^#/, ''));
  let node: unknown = root;
  let provenance: Provenance | undefined;
  let source: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (!isSchemaObject(node)) break;
    provenance = node['x-provenance'] ?? provenance;
    source = node['x-source'] ?? source;
    const own = i === tokens.length - 1 ? node['x-keywords']?.[tokens[i]!] : undefined;
    if (own) return { provenance: own.provenance, source: own.source ?? source };
    node = (node as Record<string, unknown>)[tokens[i]!];
  }
  if (isSchemaObject(node)) {
    provenance = node['x-provenance'] ?? provenance;
    source = node['x-source'] ?? source;
  }
  return provenance ? { provenance, ...(source ? { source } : {}) } : undefined;
}
