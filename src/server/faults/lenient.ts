/**
 * Lenient operations: a writing operation that accepts whole families of invalid bodies at once,
 * as a broken staging deployment does (a validator switched off, a schema out of date). Derived
 * from the catalogue: each drops every constraint of one keyword on one operation, at every depth
 * and position (item 1 and later included):
 * - `<operationId>:accepts-missing-members` every `required` is dropped;
 * - `<operationId>:accepts-wrong-types`     every `type` is dropped.
 * Such a target accepts many violations, each of which may make a job: the faults the suite's
 * budgets are proved on (see tests/self/budget.spec.ts).
 */
import { serverContract } from '../contract.ts';
import { ignore } from './constraint.ts';
import type { Fault } from './types.ts';

const FAMILIES = [
  { suffix: 'accepts-missing-members', keyword: 'required', what: 'a body missing any required member' },
  { suffix: 'accepts-wrong-types', keyword: 'type', what: 'a member of any type' },
] as const;

export function lenientFaults(): Fault[] {
  const { contract, catalogue } = serverContract();
  const out: Fault[] = [];
  for (const op of contract.operations.filter((o) => o.requestSchema)) {
    for (const f of FAMILIES) {
      const dropped = catalogue.filter((c) => c.operationId === op.operationId && c.keyword === f.keyword && c.path !== 'body');
      if (dropped.length === 0) continue;
      out.push({
        name: `${op.operationId}:${f.suffix}`,
        description: `${op.operationId} accepts ${f.what} (${dropped.length} constraints not enforced)`,
        detectedBy: op.operationId,
        family: 'lenient',
        apply: (b) => {
          for (const c of dropped) ignore(b, c);
        },
      });
    }
  }
  return out;
}
