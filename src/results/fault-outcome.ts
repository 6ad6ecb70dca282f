/**
 * What one fault of a mutation run came to, read the same way by the runner (the score), the
 * command line and the reports: detected, excused (no request could reveal it, and the reason), or
 * missed. Light on purpose: reporters import it, and it imports nothing.
 */

/** The fields of a fault's result that decide what it came to (src/mutation/runner.ts FaultResult has them). */
export interface FaultOutcome {
  detected: boolean;
  /** An equivalent mutant: no request can tell it apart. */
  equivalent?: string;
  /** The suite could not send the cases that would reveal it on this target. */
  untestable?: string;
  /** It changes answers only where OS1's pages contradict each other. */
  contested?: string;
}

export type FaultLabel = 'detected' | 'equivalent' | 'untestable' | 'contested' | 'missed';

/** Why a fault is not counted in the score (equivalent, untestable, contested: the first given); undefined when it counts. */
export function excuseOf(f: Omit<FaultOutcome, 'detected'>): string | undefined {
  return f.equivalent || f.untestable || f.contested || undefined;
}

/** What a fault came to, in one word: detected, else the kind of its excuse, else missed. */
export function faultLabel(f: FaultOutcome): FaultLabel {
  if (f.detected) return 'detected';
  if (f.equivalent) return 'equivalent';
  if (f.untestable) return 'untestable';
  if (f.contested) return 'contested';
  return 'missed';
}
