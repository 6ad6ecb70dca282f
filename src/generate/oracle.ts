/**
 * The oracle's verdict on a case, by the contract's own strict ajv: an accepting case must pass; a
 * rejecting case must fail at its declared keyword and pointer (or a keyword it declares as
 * entailed) and nowhere else, both as generated and after a JSON round trip (what is sent).
 */
import type { ErrorObject } from 'ajv';
import { getAtPointer, type Contract, type Operation } from '../contract/index.ts';
import type { Case } from './case.ts';
import { deepEqual } from './json.ts';
import { definitionOf } from './shape.ts';

export type Verdict = { ok: true } | { ok: false; problem: string };

function fmt(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.keyword} at "${e.instancePath}" (${e.schemaPath})`).join('; ');
}

/** Whether an ajv error is a keyword's failure at a place (the keyword's definition may say more). */
function owns(keyword: string, e: ErrorObject, at: { schemaPointer: string; instancePointer: string; nodePointer: string }): boolean {
  const def = definitionOf(keyword);
  if (def?.owns) return def.owns(e, at);
  return e.keyword === keyword && e.schemaPath === `#${at.schemaPointer}` && e.instancePath === at.instancePointer;
}

function ownedBy(e: ErrorObject, c: Case, nodePointer: string): boolean {
  return owns(c.keyword!, e, { schemaPointer: c.schemaPointer!, instancePointer: c.instancePointer, nodePointer });
}

/** Whether an error is the failure of a keyword the case declares as entailed, at the same value. */
function entailed(e: ErrorObject, c: Case, nodePointer: string): boolean {
  return (c.entails ?? []).some((kw) => owns(kw, e, { schemaPointer: `${nodePointer}/${kw}`, instancePointer: c.instancePointer, nodePointer }));
}

export function checkCase(contract: Contract, op: Operation, c: Case): Verdict {
  if (!op.requestSchema) return { ok: false, problem: `${op.operationId} has no request body` };
  if (c.operationId !== op.operationId) return { ok: false, problem: `case of ${c.operationId} checked against ${op.operationId}` };
  if (c.body === undefined) return { ok: false, problem: 'the case has no body' };
  const sent = JSON.parse(JSON.stringify(c.body)) as unknown;
  if (!deepEqual(sent, c.body)) return { ok: false, problem: 'the body does not survive a JSON round trip (NaN, Infinity, -0 or undefined inside)' };
  if (c.mutated !== undefined && !deepEqual(getAtPointer(c.body, c.instancePointer), c.mutated)) {
    return { ok: false, problem: `the body does not hold the mutated value at "${c.instancePointer}"` };
  }
  const validate = contract.validatorFor(op.requestSchema);
  for (const [when, body] of [
    ['as generated', c.body],
    ['after a JSON round trip', sent],
  ] as const) {
    const valid = validate(body) as boolean;
    const errors = [...(validate.errors ?? [])];
    if (c.expect === 'accept') {
      if (!valid) return { ok: false, problem: `an accepting case fails ajv ${when}: ${fmt(errors)}` };
      continue;
    }
    if (valid) return { ok: false, problem: `a rejecting case passes ajv ${when}: it breaks nothing` };
    if (!c.keyword || c.schemaPointer === undefined) return { ok: false, problem: 'a rejecting case must declare its keyword and schema pointer' };
    const nodePointer = c.schemaPointer.slice(0, c.schemaPointer.lastIndexOf('/'));
    const foreign = errors.filter((e) => !ownedBy(e, c, nodePointer) && !entailed(e, c, nodePointer));
    if (foreign.length > 0) return { ok: false, problem: `breaks more than ${c.keyword} at "${c.instancePointer}" ${when}: ${fmt(foreign)}` };
    if (!errors.some((e) => ownedBy(e, c, nodePointer))) return { ok: false, problem: `does not break ${c.keyword} at "${c.instancePointer}" ${when}: ${fmt(errors)}` };
  }
  return { ok: true };
}
