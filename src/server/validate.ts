/**
 * Request-body validation with the operation's schema (the contract's, or the server's faulted
 * copy), and the translation of ajv's errors into what the error envelope says: the failing
 * member (`objectives[0].objectiveRef`), the keyword, and the catalogue constraint id.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { getAtPointer, isSchemaObject, pointerTokens, type JsonSchema } from '../contract/index.ts';
import { serverContract } from './contract.ts';

/** One reason a body is invalid. */
export interface Violation {
  /** The member, e.g. `objectives[0].objectiveRef`; `body` for the body itself. */
  member: string;
  /** The JSON Schema keyword, e.g. `maxLength`, `required`, `if`. */
  keyword: string;
  /** The catalogue constraint id, e.g. `createJob.objectives[].objectiveRef.maxLength`. */
  constraint?: string;
  message: string;
}

/** At most this many violations are described; a body can break a rule a million times. */
export const MAX_VIOLATIONS = 10;

export interface BodyValidator {
  /** The violations of a body; empty when the body is valid. */
  (body: unknown): Violation[];
}

/** A validator for one operation's body, compiled once. */
export function bodyValidator(operationId: string, schema: JsonSchema): BodyValidator {
  const { contract, catalogue } = serverContract();
  const ids = new Set(catalogue.filter((c) => c.operationId === operationId).map((c) => c.id));
  const validate: ValidateFunction = contract.validatorFor(schema);
  return (body) => {
    if (validate(body)) return [];
    const out: Violation[] = [];
    for (const e of validate.errors ?? []) {
      if (out.length === MAX_VIOLATIONS) break;
      const v = describe(operationId, schema, e);
      if (!v) continue;
      if (v.constraint && !ids.has(v.constraint)) delete v.constraint;
      out.push(v);
    }
    // A body always fails at something a person can be told about.
    return out.length > 0 ? out : [{ member: 'body', keyword: 'schema', message: 'does not match the schema' }];
  };
}

/** Keywords that only repeat what another error already says. */
const BOOKKEEPING = new Set(['false schema', 'anyOf', 'not']);

function describe(operationId: string, schema: JsonSchema, e: ErrorObject): Violation | undefined {
  if (BOOKKEEPING.has(e.keyword)) return undefined;
  const tokens = pointerTokens(e.instancePath);
  if (e.keyword === 'required') tokens.push((e.params as { missingProperty: string }).missingProperty);
  const member = memberName(tokens);
  const shape = shapeName(tokens);
  if (e.keyword === 'if') {
    const holder = getAtPointer(schema, e.schemaPath.replace(/^#/, '').replace(/\/if$/, ''));
    const rule = isSchemaObject(holder) ? holder['x-constraint'] : undefined;
    const name = rule?.name ?? 'if';
    return {
      member,
      keyword: 'if',
      constraint: `${operationId}.${shape === 'body' ? '' : shape + '.'}${name}`,
      message: `${member}: ${rule?.description ?? 'does not satisfy a conditional rule'} (${name})`,
    };
  }
  const what = e.keyword === 'required' ? 'is required' : (e.message ?? 'is invalid');
  return { member, keyword: e.keyword, constraint: `${operationId}.${shape}.${e.keyword}`, message: `${member}: ${what} (${e.keyword})` };
}

/** `["objectives","0","objectiveRef"]` → `objectives[0].objectiveRef`. */
function memberName(tokens: string[]): string {
  let out = '';
  for (const t of tokens) out += /^\d+$/.test(t) ? `[${t}]` : out ? `.${t}` : t;
  return out || 'body';
}

/** `["objectives","0","objectiveRef"]` → `objectives[].objectiveRef`, the catalogue's path. */
function shapeName(tokens: string[]): string {
  let out = '';
  for (const t of tokens) out += /^\d+$/.test(t) ? '[]' : out ? `.${t}` : t;
  return out || 'body';
}
