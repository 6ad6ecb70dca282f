/**
 * Packs the accepting boundary cases of one operation into few bodies. Every boundary case is the
 * operation's base body with one member set to a boundary value; cases that change different
 * members can share a body. A packed body is valid (the oracle confirms it), so a target that
 * accepts it accepts each boundary value in it: one request, and on a create one job, instead of
 * one per case. A packed body the target refuses is unpacked by the suite: its cases are sent one
 * by one to find the value it refuses.
 *
 * A case keeps its own request when packing would change what it means: when it is not a plain
 * accepting case at one place of the base body, when the other pages' readings judge it otherwise
 * (contested), or when the packed body would no longer be valid with it.
 */
import { agreedValid, getAtPointer, type Contract, type Operation } from '../contract/index.ts';
import type { Case } from './case.ts';
import { childPointer, clone, deepEqual, humanPath, withValueAt } from './json.ts';
import { checkCase } from './oracle.ts';

export interface Pack {
  /** The body with every member case's boundary value. */
  body: unknown;
  /** The boundary cases it carries. */
  cases: Case[];
  /** One line: how many values, and where. */
  description: string;
}

/** The smallest pointers at which two JSON values differ. */
function differences(a: unknown, b: unknown, at = ''): string[] {
  if (deepEqual(a, b)) return [];
  const objects = (v: unknown) => typeof v === 'object' && v !== null;
  if (!objects(a) || !objects(b) || Array.isArray(a) !== Array.isArray(b)) return [at];
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return [at];
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], childPointer(at, k)));
}

/** Whether two pointers name the same value or one contains the other. */
function overlaps(p: string, q: string): boolean {
  return p === q || p.startsWith(q + '/') || q.startsWith(p + '/');
}

interface Draft {
  body: unknown;
  pointers: string[];
  cases: Case[];
}

/**
 * Packs `cases` (an operation's boundary cases, all made from `base`). `keepAlone` names cases that
 * must have a request of their own (the caller knows which need a job of their own, for one).
 * Returns the packs, in the order of their first cases, and the cases left alone: first those that
 * could not be packed, in the order given, then those that found no other case to share a body
 * with or whose packed body the oracle refused, pack by pack.
 */
export function packBoundaries(contract: Contract, op: Operation, base: unknown, cases: Case[], keepAlone: (c: Case) => boolean = () => false): { packs: Pack[]; alone: Case[] } {
  const drafts: Draft[] = [];
  const alone: Case[] = [];
  // A body every reading of the pages accepts, as the operation's own schema does.
  const agreed = agreedValid((schema) => contract.validatorFor(schema), op);
  for (const c of cases) {
    const changes = differences(base, c.body);
    if (c.kind !== 'boundary' || c.expect !== 'accept' || changes.length > 1 || keepAlone(c) || !agreed(c.body)) {
      alone.push(c);
      continue;
    }
    const draft = drafts.find((d) => changes.every((p) => !d.pointers.some((q) => overlaps(p, q))) && agreed(apply(d.body, c.body, changes)));
    if (draft) {
      draft.body = apply(draft.body, c.body, changes);
      draft.pointers.push(...changes);
      draft.cases.push(c);
    } else {
      drafts.push({ body: clone(c.body), pointers: [...changes], cases: [c] });
    }
  }
  const packs: Pack[] = [];
  for (const d of drafts) {
    // The oracle confirms the packed body as an accepting case, as it confirms every case.
    const packed: Case = { operationId: op.operationId, kind: 'boundary', expect: 'accept', instancePointer: '', path: 'body', description: '', body: d.body };
    if (d.cases.length === 1 || !checkCase(contract, op, packed).ok) {
      alone.push(...d.cases);
      continue;
    }
    const places = [...new Set(d.pointers.map(humanPath))];
    packs.push({ body: d.body, cases: d.cases, description: `${d.cases.length} boundary values at once (${places.length ? places.join(', ') : 'the base body'})` });
  }
  return { packs, alone };
}

/** `body` with the values `source` has at `pointers`. */
function apply(body: unknown, source: unknown, pointers: string[]): unknown {
  let out = body;
  for (const p of pointers) out = withValueAt(out, p, getAtPointer(source, p));
  return out;
}
