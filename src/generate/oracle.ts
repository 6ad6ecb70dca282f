/**
 * The oracle's verdict on a case, by the contract's own strict ajv: an accepting case must pass; a
 * rejecting case must fail at its declared keyword and pointer (or a keyword it declares as
 * entailed) and nowhere else, both as generated and after a JSON round trip (what is sent). And a
 * rejecting case must be refusable for its own rule only: with its member set to any valid value,
 * every other rule, the conditional ones included, accepts the body (see `otherRuleRefuses`).
 */
import type { ErrorObject } from 'ajv';
import fc from 'fast-check';
import { getAtPointer, joinPointer, pointerTokens, type Contract, type JsonSchema, type Operation } from '../contract/index.ts';
import { build } from './arbitrary.ts';
import type { Case } from './case.ts';
import { deepEqual, show, withValueAt } from './json.ts';
import type { Shape } from './model.ts';
import { definitionOf, rootShape, shapeAt } from './shape.ts';

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
  if (c.expect === 'reject') {
    const other = otherRuleRefuses(op.requestSchema, c, validate);
    if (other) return { ok: false, problem: other };
  }
  return { ok: true };
}

/** How many valid values of a member without finite choices the oracle tries. */
const TRIED_VALUES = 4;
const SEED = 1;
const tried = new WeakMap<Shape, unknown[]>();

/** Valid values of a member: its finite choices, or a few drawn (the same ones every time). */
function validValues(shape: Shape): unknown[] {
  if (shape.choices) return shape.choices;
  let out = tried.get(shape);
  if (!out) {
    out = fc.sample(build(shape, { refs: {}, full: false, forced: new Set(), fn: 'checkCase', interior: true }), { seed: SEED, numRuns: TRIED_VALUES });
    tried.set(shape, out);
  }
  return out;
}

/**
 * The schema pointer of the member a rejecting case is about: the keyword's node, or, when the
 * case's instance pointer names a member of that node (a missing required member), that member.
 */
function memberSchemaPointer(c: Case, nodePointer: string): string | undefined {
  const depth = pointerTokens(nodePointer).filter((t, i, all) => t === 'items' || (t !== 'properties' && all[i - 1] === 'properties')).length;
  const instance = pointerTokens(c.instancePointer);
  if (instance.length === depth) return nodePointer;
  if (instance.length === depth + 1) return joinPointer(nodePointer, 'properties', instance[depth]!);
  return undefined;
}

/**
 * Why a rule other than the case's own could refuse it, or undefined when none can: the case's
 * member is set to each valid value it could take (the original one, and each choice or a few
 * drawn values), and every such body must be valid. A body that stays invalid means another rule
 * reads the member with what the case carries (a range with a data type), so a target that gets
 * the member's own rule wrong could still refuse the case, for that other rule.
 */
function otherRuleRefuses(schema: JsonSchema, c: Case, validate: (body: unknown) => unknown): string | undefined {
  const nodePointer = c.schemaPointer!.slice(0, c.schemaPointer!.lastIndexOf('/'));
  const pointer = memberSchemaPointer(c, nodePointer);
  if (pointer === undefined) return `cannot tell which member "${c.instancePointer}" of ${nodePointer || 'the body'} is`;
  let shape: Shape | undefined;
  try {
    shape = shapeAt(rootShape(schema, 'checkCase'), pointer, 'checkCase');
  } catch {
    shape = undefined;
  }
  const values = [...(c.original !== undefined ? [c.original] : []), ...(shape ? validValues(shape) : [])];
  for (const v of values) {
    const body = withValueAt(c.body, c.instancePointer, v);
    if (!validate(body)) {
      const errors = (validate as { errors?: ErrorObject[] | null }).errors ?? [];
      return `another rule could refuse it: with ${c.path} = ${show(v)} (a valid value) the body still fails: ${fmt(errors)}`;
    }
  }
  return undefined;
}
