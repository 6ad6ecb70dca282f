/**
 * Item faults: validation code that looks at the first item of an array only (a loop that returns
 * early, a `[0]` left in). One per array of every request body, derived from the catalogue: the
 * server's validator is shown the body with that array cut to its first item, so a broken item
 * further on is accepted (and stored), while a broken first item is still refused.
 */
import { pointerTokens } from '../../contract/index.ts';
import type { Behaviour } from '../behaviour.ts';
import { serverContract } from '../contract.ts';
import type { Fault } from './types.ts';
import { isRecord } from '../../shared/json.ts';


/**
 * A copy of `body` in which the array at the schema pointer `arrayPointer` (through properties and
 * items) is cut to its first item, wherever it occurs; everything else as it was.
 */
function firstItemOnly(body: unknown, arrayPointer: string): unknown {
  const tokens = pointerTokens(arrayPointer);
  const cut = (value: unknown, at: number): unknown => {
    if (at === tokens.length) return Array.isArray(value) ? value.slice(0, 1) : value;
    if (tokens[at] === 'properties') {
      const name = tokens[at + 1]!;
      if (!isRecord(value) || !(name in value)) return value;
      return { ...value, [name]: cut(value[name], at + 2) };
    }
    if (tokens[at] === 'items') return Array.isArray(value) ? value.map((v) => cut(v, at + 1)) : value;
    return value;
  };
  return cut(body, 0);
}

function view(b: Behaviour, operationId: string, f: (body: unknown) => unknown): void {
  const list = b.validationViews.get(operationId) ?? [];
  list.push(f);
  b.validationViews.set(operationId, list);
}

/** A first-item-only fault for every array a request body has (its `type: array` constraint names it). */
export function itemFaults(): Fault[] {
  return serverContract()
    .catalogue.filter((c) => c.keyword === 'type' && c.limit === 'array')
    .map((c) => ({
      name: `${c.operationId}.${c.path}[]:first-item-only`,
      description: `validates only the first item of ${c.path}: a broken ${c.path}[1] is accepted (a loop that returns early, a [0] left in)`,
      // Every constraint of the items names it: `createJob.objectives[]` is a prefix of `createJob.objectives[].objectiveRef.maxLength`.
      detectedBy: `${c.operationId}.${c.path}[]`,
      family: 'items',
      apply: (b: Behaviour) => view(b, c.operationId, (body) => firstItemOnly(body, c.nodePointer)),
    }));
}
