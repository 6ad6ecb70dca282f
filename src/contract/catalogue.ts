/**
 * The constraint catalogue: every documented constraint, derived from the schemas (never restated
 * by hand). A constraint is one keyword at one member of one operation's request body, with a
 * stable id `<operationId>.<path>.<keyword>` such as `createJob.objectives[].objectiveRef.maxLength`.
 */
import type { Contract, Operation } from './loader.ts';
import { ContractError } from './errors.ts';
import { getAtPointer, joinPointer } from './pointer.ts';
import { isSchemaObject, type JsonSchema } from './schema.ts';
import { VOCABULARY_KEYWORDS, type Provenance, type ReferentialKind } from './vocabulary.ts';
import { provenanceAt } from './provenance.ts';

/** Keywords that constrain a value; each becomes a catalogue entry where it appears. */
export const CONSTRAINT_KEYWORDS = [
  'type',
  'enum',
  'const',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'required',
] as const;
export type ConstraintKeyword = (typeof CONSTRAINT_KEYWORDS)[number] | 'if';

/** Keywords that shape a schema without being a constraint of their own (the extension keywords are annotations). */
const STRUCTURAL = new Set(['properties', 'items', 'then', 'title', 'description', '$schema', ...VOCABULARY_KEYWORDS]);
/** Formats that add nothing to their type that JSON can carry (ajv-formats checks int64 as any integer). */
const ANNOTATION_FORMATS = new Set(['int64']);

/** One documented constraint. */
export interface Constraint {
  /** Stable id, e.g. `createJob.objectives[].objectiveRef.maxLength`. */
  id: string;
  operationId: string;
  /** Human path of the member, e.g. `objectives[].objectiveRef`; `body` for the whole body. */
  path: string;
  keyword: ConstraintKeyword;
  /** The keyword's value (for `required`, the member's name). */
  limit: unknown;
  /** Pointer of the keyword inside the operation's inlined request schema. */
  schemaPointer: string;
  /** Pointer of the schema node that holds the keyword (for `required`, the parent object). */
  nodePointer: string;
  /** Where the keyword is written: `file.schema.json#/pointer`. */
  schemaRef: string;
  /** The sentence the constraint comes from (the how-to page's, or the reference's, or our pin). */
  source: string;
  /** Where the rule comes from: only `documented` and `reference` rules can be violated. */
  provenance: Provenance;
  /** Other readings of the pages that judge this rule otherwise; where they disagree on a body, either answer conforms. */
  contested?: { id: string; provenance: Provenance; source: string }[];
  /** One line saying what a conforming value does. */
  description: string;
  /** Set when the member names an entity that must exist on the target. */
  referential?: ReferentialKind;
}

/** The catalogue of every operation with a request body. */
export function buildCatalogue(contract: Contract): Constraint[] {
  const out: Constraint[] = [];
  for (const op of contract.operations) {
    if (!op.requestSchema) continue;
    walk(contract, op, op.requestSchema, { path: '', pointer: '', source: op.requestSchema['x-source'] ?? op.summary }, out);
  }
  for (const op of contract.operations) markContested(op, out);
  const ids = new Set<string>();
  for (const c of out) {
    if (ids.has(c.id)) throw new ContractError(contract.specFile, '', `two constraints share the id ${c.id}`);
    ids.add(c.id);
  }
  return out;
}

interface At {
  path: string;
  pointer: string;
  source: string;
}

function walk(contract: Contract, op: Operation, node: JsonSchema, at: At, out: Constraint[]): void {
  const origin = contract.originOf(node);
  const source = node['x-source'] ?? at.source;
  const shown = at.path || 'body';
  const file = origin?.file ?? contract.specFile;
  const ref = (p: string) => (origin ? `${origin.file.split('/').pop()}#${origin.pointer}${p}` : `#${at.pointer}${p}`);
  const add = (keyword: ConstraintKeyword, limit: unknown, pathShown: string, pointer: string, nodePointer: string, src: string, description: string, schemaRef: string, referential?: ReferentialKind) => {
    const rule = provenanceAt(op.requestSchema!, pointer);
    if (!rule) throw new ContractError(file, pointer, `no x-provenance says where the rule "${keyword}" comes from (documented, reference or assumed)`);
    const own = node['x-keywords']?.[keyword];
    out.push({
      id: `${op.operationId}.${pathShown}.${keyword === 'if' ? String(limit) : keyword}`,
      operationId: op.operationId,
      path: pathShown,
      keyword,
      limit,
      schemaPointer: pointer,
      nodePointer,
      schemaRef,
      source: own?.source ?? src,
      provenance: rule.provenance,
      description,
      ...(referential ? { referential } : {}),
    });
  };

  for (const [k, v] of Object.entries(node)) {
    if (STRUCTURAL.has(k)) continue;
    if (k === 'format') {
      if (!ANNOTATION_FORMATS.has(String(v))) throw unsupported(contract, origin, k, `format "${String(v)}"`);
      continue;
    }
    if (k === 'if') {
      const rule = node['x-constraint'];
      if (!rule || node.then === undefined) throw unsupported(contract, origin, k, 'if without then and x-constraint naming the rule');
      const name = rule.name;
      add('if', name, shown, joinPointer(at.pointer, 'if'), at.pointer, rule.source, rule.description, ref('/if'));
      out[out.length - 1]!.id = `${op.operationId}.${at.path ? at.path + '.' : ''}${name}`;
      continue;
    }
    if (k === 'required') {
      for (const member of v as string[]) {
        const child = node.properties?.[member];
        const childSource = isSchemaObject(child) ? child['x-source'] : undefined;
        const memberPath = at.path ? `${at.path}.${member}` : member;
        add('required', member, memberPath, joinPointer(at.pointer, 'required'), at.pointer, joinSentences(source, childSource), `${memberPath} is present`, ref('/required'));
      }
      continue;
    }
    if ((CONSTRAINT_KEYWORDS as readonly string[]).includes(k)) {
      add(k as ConstraintKeyword, v, shown, joinPointer(at.pointer, k), at.pointer, source, describe(k, v, shown), ref('/' + k), node['x-referential']);
      continue;
    }
    throw unsupported(contract, origin, k, `keyword "${k}"`);
  }
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    if (!isSchemaObject(child)) continue;
    walk(contract, op, child, { path: at.path ? `${at.path}.${name}` : name, pointer: joinPointer(at.pointer, 'properties', name), source }, out);
  }
  if (isSchemaObject(node.items)) {
    walk(contract, op, node.items, { path: `${shown === 'body' ? '' : at.path}[]`, pointer: joinPointer(at.pointer, 'items'), source }, out);
  }
}

/** Marks the constraints another reading of the pages judges otherwise (see readings.ts). */
function markContested(op: Operation, constraints: Constraint[]): void {
  for (const reading of op.readings) {
    const mark = { id: reading.id, provenance: reading.provenance, source: reading.source };
    for (const pointer of reading.pointers) {
      const node = getAtPointer(op.requestSchema, pointer) as JsonSchema;
      const hit = (c: Constraint) => {
        if (c.operationId !== op.operationId || c.nodePointer !== pointer) return false;
        if (c.keyword === 'required') {
          const other = reading.overrides?.required as string[] | undefined;
          return other !== undefined && (node.required ?? []).includes(String(c.limit)) !== other.includes(String(c.limit));
        }
        if (reading.alsoAccepts && c.keyword === 'type') return true;
        return reading.overrides !== undefined && c.keyword in reading.overrides;
      };
      for (const c of constraints.filter(hit)) (c.contested ??= []).push(mark);
    }
  }
}

/** The parent's sentence (it says the members are required) and the member's own, without saying one twice. */
function joinSentences(parent: string, child: string | undefined): string {
  if (!child || child === parent) return parent;
  const stem = parent.replace(/[.:]\s*$/, '');
  return child.startsWith(stem) ? child : `${parent} ${child}`;
}

function unsupported(contract: Contract, origin: { file: string; pointer: string } | undefined, keyword: string, what: string): ContractError {
  return new ContractError(origin?.file ?? contract.specFile, joinPointer(origin?.pointer ?? '', keyword), `${what} is not supported by the constraint catalogue`);
}

function describe(keyword: string, limit: unknown, path: string): string {
  switch (keyword) {
    case 'type':
      return `${path} is ${Array.isArray(limit) ? limit.join(' or ') : `of type ${String(limit)}`}`;
    case 'enum':
      return `${path} is one of ${JSON.stringify(limit)}`;
    case 'const':
      return `${path} equals ${JSON.stringify(limit)}`;
    case 'minLength':
      return `${path} has at least ${String(limit)} ${limit === 1 ? 'character' : 'characters'} (Unicode code points)`;
    case 'maxLength':
      return `${path} has at most ${String(limit)} ${limit === 1 ? 'character' : 'characters'} (Unicode code points)`;
    case 'pattern':
      return `${path} matches ${String(limit)}`;
    case 'minimum':
      return `${path} is at least ${String(limit)}`;
    case 'maximum':
      return `${path} is at most ${String(limit)}`;
    case 'exclusiveMinimum':
      return `${path} is greater than ${String(limit)}`;
    case 'exclusiveMaximum':
      return `${path} is less than ${String(limit)}`;
    case 'minItems':
      return `${path} has at least ${String(limit)} items`;
    case 'maxItems':
      return `${path} has at most ${String(limit)} items`;
    default:
      return `${path} satisfies ${keyword} ${JSON.stringify(limit)}`;
  }
}
