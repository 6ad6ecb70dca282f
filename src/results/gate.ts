/**
 * The one place that decides a row's verdict and what fails a run, from the facts the recorder
 * holds (what broke, with its provenance; what was judged, by side; what was planned) and the
 * user's settings. Checks and probes never branch on provenance and never set a verdict: they hand
 * the recorder what happened, and the recorder asks here.
 */
import type { Provenance, Reason, Side, Verdict } from './model.ts';

/**
 * A broken documented, reference or security rule is a violation; a target that differs from an
 * assumed one deviates.
 */
export function brokenVerdict(provenance: Provenance): 'violated' | 'deviation' {
  return provenance === 'assumed' ? 'deviation' : 'violated';
}

/** The verdict as the gate judges it: under strict mode a deviation counts as a violation. */
export function gatedVerdict(verdict: Verdict, strict: boolean): Verdict {
  return strict && verdict === 'deviation' ? 'violated' : verdict;
}

/** Whether a row with this verdict fails the run (and the test that owns it). */
export function failsRun(verdict: Verdict, strict: boolean): boolean {
  return gatedVerdict(verdict, strict) === 'violated';
}

/** What the gate needs to know of a row to judge it. */
export interface RowFacts {
  category: 'constraint' | 'check' | 'observation';
  /** What each finding on the row made of it (a broken rule's verdict, from its provenance). */
  broken: readonly ('violated' | 'deviation')[];
  /** Exchanges (or sequences, for a model) judged for the row. */
  judged: number;
  /** Cases judged, by side. */
  cases: { accept: number; reject: number };
  /** The sides its plan sends; a row conforms only when each was judged. */
  planned?: readonly Side[];
  /** An observation recorded what the target did. */
  observed?: boolean;
}

/**
 * A row's verdict: violated when a rule that may fail a run broke; a deviation when only assumed
 * ones did; an observation where the pages are silent and the target was seen; conforms when
 * something was judged and every planned side was; untested otherwise (partial included: the
 * recorder says which side is missing).
 */
export function verdictOf(f: RowFacts): Verdict {
  if (f.broken.includes('violated')) return 'violated';
  if (f.broken.length > 0) return 'deviation';
  if (f.category === 'observation') return f.observed ? 'observation' : 'untested';
  if (f.judged === 0) return 'untested';
  return missingSides(f).length === 0 ? 'conforms' : 'untested';
}

/** The planned sides of a row that no judged case covered. */
export function missingSides(f: Pick<RowFacts, 'planned' | 'cases'>): Side[] {
  return (f.planned ?? []).filter((s) => f.cases[s] === 0);
}

/** Why a row that judged something is still untested: a planned side was not judged. */
export function partialReason(missing: readonly Side[]): Reason {
  const sides = missing.map((s) => (s === 'accept' ? 'accepting' : 'refusing')).join(' or ');
  return { code: 'partial', text: `only part of its plan was judged: no ${sides} case was` };
}
