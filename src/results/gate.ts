/**
 * The one place that decides what a broken rule means and what fails a run, from the rule's
 * provenance and the user's settings. Checks and probes never branch on provenance: they report a
 * broken rule with its provenance, and ask here.
 */
import type { Provenance, Verdict } from './model.ts';

/** A broken documented, reference or security rule is a violation; a target that differs from an assumed one deviates. */
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
