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
import { childPointer, clone, deepEqual, humanPath, pointerInside, pointersOverlap, withValueAt } from './json.ts';
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
    const own = c.kind === 'boundary' && c.expect === 'accept' && !keepAlone(c) && agreed(c.body) ? ownPointer(c, changes) : undefined;
    if (own === undefined) {
      alone.push(c);
      continue;
    }
    const mine = own === NO_CHANGE ? [] : [own];
    let joined: { draft: Draft; body: unknown } | undefined;
    for (const d of drafts) {
      const body = merged(base, d, c, mine, changes);
      if (body !== undefined && agreed(body)) {
        joined = { draft: d, body };
        break;
      }
    }
    if (joined) {
      joined.draft.body = joined.body;
      joined.draft.pointers.push(...mine);
      joined.draft.cases.push(c);
    } else {
      drafts.push({ body: clone(c.body), pointers: mine, cases: [c] });
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

/**
 * The draft's body with the case's value put in, when they can share a body; undefined when not.
 * Values never overlap. Either the two bodies are the same outside their values (the same arrays
 * above them, the same lengths: a case at the last of three items shares with others there), or
 * one of them is the base outside its values and its values go into the other's body where that
 * body keeps the base (a jobRef at its boundary goes into a body with three objectives).
 */
function merged(base: unknown, d: Draft, c: Case, mine: string[], changes: string[]): unknown {
  if (d.pointers.some((q) => mine.some((p) => pointersOverlap(p, q)))) return undefined;
  const within = (pointers: string[]) => (p: string) => pointers.some((q) => pointerInside(p, q));
  const values = [...mine, ...d.pointers];
  if (differences(d.body, c.body).every(within(values))) return apply(d.body, c.body, mine);
  const draftChanges = differences(base, d.body);
  const apart = (ps: string[], qs: string[]) => !ps.some((p) => qs.some((q) => pointersOverlap(p, q)));
  if (changes.every(within(mine)) && apart(draftChanges, mine)) return apply(d.body, c.body, mine);
  if (draftChanges.every(within(d.pointers)) && apart(changes, d.pointers)) return apply(c.body, d.body, d.pointers);
  return undefined;
}

/** A case on the base itself whose truth holds for any valid body (a member present, of its type): it claims no place. */
const NO_CHANGE = Symbol('no change');

/**
 * Where a case puts its value: its instance pointer, when each of its changes to the base is that
 * member, inside it, or an array above it (a case at a later position is the base with a longer
 * array, the other items valid); its one change otherwise; NO_CHANGE for a case on the base
 * itself that holds for any valid body.
 * Undefined when it changes more.
 */
function ownPointer(c: Case, changes: string[]): string | typeof NO_CHANGE | undefined {
  const at = c.instancePointer;
  // A member present, or of its type, holds for any value a valid body has there: such a case on
  // the base itself claims nothing. Any other claims its place, though it changes nothing there.
  if (changes.length === 0) return at === '' || c.keyword === 'required' || c.keyword === 'type' ? NO_CHANGE : at;
  if (changes.every((p) => pointerInside(p, at) || pointerInside(at, p))) return at;
  return changes.length === 1 ? changes[0] : undefined;
}


/** `body` with the values `source` has at `pointers`. */
function apply(body: unknown, source: unknown, pointers: string[]): unknown {
  let out = body;
  for (const p of pointers) out = withValueAt(out, p, getAtPointer(source, p));
  return out;
}
