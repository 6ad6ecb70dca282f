/**
 * The plainest form of a case, for its evidence: each string outside the member under test that
 * holds anything but printable ASCII becomes printable ASCII letters of the same length in code
 * points, one member at a time, each change kept only where the oracle still judges the case as
 * before (an accepting case valid; a rejecting one breaking its own constraint and nothing else).
 * Exotic values find faults in random valid bodies and in their own cases; in another case's
 * evidence they are noise a backend developer has to read past.
 */
import type { Contract, Operation } from '../contract/index.ts';
import type { Case } from './case.ts';
import { childPointer, pointersOverlap, withValueAt } from './json.ts';
import { checkCase } from './oracle.ts';

const PLAIN = /^[\x20-\x7e]*$/;

/** The case with its other members in plain ASCII; undefined when none needed it, or none could be. */
export function plainestCase(contract: Contract, op: Operation, c: Case): Case | undefined {
  if (c.body === undefined) return undefined;
  let body: unknown = c.body;
  let changed = false;
  for (const [pointer, value] of stringsOf(c.body, '')) {
    if (PLAIN.test(value) || pointersOverlap(pointer, c.instancePointer)) continue;
    const next = withValueAt(body, pointer, plainOf(value));
    if (!checkCase(contract, op, { ...c, body: next }).ok) continue;
    body = next;
    changed = true;
  }
  return changed ? { ...c, body } : undefined;
}

/** As many code points of ASCII letters, a-z in turn. */
function plainOf(value: string): string {
  return Array.from(value, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
}

/** Every string value of a JSON document, with its pointer. */
function* stringsOf(v: unknown, pointer: string): Generator<[string, string]> {
  if (typeof v === 'string') yield [pointer, v];
  else if (Array.isArray(v)) for (const [i, x] of v.entries()) yield* stringsOf(x, childPointer(pointer, i));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) yield* stringsOf(x, childPointer(pointer, k));
}
