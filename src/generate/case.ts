/**
 * The one record of a generated case. The generators write it; the oracle, the conformance
 * suite and the reports read it. A negative case carries its provenance: which constraint it
 * breaks, at which pointer, and the value before and after.
 */

/** What the target must do with the case. */
export type Expectation = 'accept' | 'reject';

/** How a case was made: a random valid body, an exact-boundary valid body, or one that breaks one constraint. */
export type CaseKind = 'valid' | 'boundary' | 'violation';

/**
 * Where a case's member sits in the array above it (the innermost one; arrays further out place it
 * at the same index): item `index` of `items`, every other item valid. Validation code that looks
 * at item 0 only, or stops before the last item, fails at the later positions.
 */
export interface CasePosition {
  index: number;
  items: number;
}

/** The positions the suite names: `0`, `1` (the second of two) and `last` (the last of three or more). */
export type PositionName = '0' | '1' | 'last' | `${number}`;

/** The name of a position: item 0 is `0`, the last of three or more is `last`, any other its index. */
export function positionName(p: CasePosition): PositionName {
  if (p.index === 0) return '0';
  if (p.index === p.items - 1 && p.items >= 3) return 'last';
  return `${p.index}`;
}

export interface Case {
  operationId: string;
  kind: CaseKind;
  expect: Expectation;
  /** The catalogue constraint the case sits on (boundary) or breaks (violation). */
  constraintId?: string;
  /** The JSON Schema keyword, e.g. `maxLength`, `required`, `if`. */
  keyword?: string;
  /** Pointer of the keyword in the operation's inlined request schema. */
  schemaPointer?: string;
  /** JSON pointer of the value in the body ('' for the whole body). */
  instancePointer: string;
  /** Human path of the member, e.g. `objectives[0].objectiveRef`. */
  path: string;
  /** Set when the member is inside an array: the item it sits in (the pointer and path show it too). */
  position?: CasePosition;
  /** One line saying what the case is, e.g. `objectiveRef of 37 code points (maxLength 36 + 1)`. */
  description: string;
  /** The value before the mutation (absent when the member was absent). */
  original?: unknown;
  /** The value after the mutation (absent when the mutation removes the member). */
  mutated?: unknown;
  /** Set when the member the case is about names an entity that must exist on the target. */
  referential?: import("../contract/vocabulary.ts").ReferentialKind;
  /**
   * For a referential member's accepting case: whether its value came from the configured pool
   * (`pool`: the entity exists on the target) or was generated (`generated`: the suite cannot
   * expect acceptance from a real target and marks the constraint untested there).
   */
  refSource?: 'pool' | 'generated';
  /**
   * Keywords of the same member that no value can keep while breaking `keyword` (e.g. `pattern`
   * `^[a-zA-Z]{1,32}$` when maxLength 32 is broken, `enum` when the type is). The oracle accepts
   * their failures at the same pointer; nothing else may fail.
   */
  entails?: string[];
  /**
   * Set by the suite when the pages contradict each other on this body (a reading of another page
   * judges it otherwise): the target may accept or reject it.
   */
  contested?: { id: string; source: string }[];
  /** The whole request body to send. */
  body: unknown;
}
