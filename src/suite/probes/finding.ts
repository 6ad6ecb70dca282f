/**
 * One answer a probe judged by its own rule: it conforms, or it breaks the rule (with the
 * provenance of the part that broke, when that is not the rule's), and the recorder is handed it
 * as a pass or a failure on the probe's row. The probes never decide a verdict: the gate does.
 */
import type { Reply } from '../../client/index.ts';
import type { Provenance } from '../../contract/index.ts';
import type { ResultRecord } from '../../results/model.ts';
import { exchangeOf } from '../record/evidence.ts';
import type { Recorder } from '../record/recorder.ts';

export type Finding = { ok: true } | { ok: false; expected: string; actual: string; provenance?: Provenance };

export const conforming: Finding = { ok: true };

/** Hands one judged answer to the recorder: a refusal-side pass, or a failure with its evidence. */
export function recordFinding(recorder: Recorder, row: ResultRecord, finding: Finding, reply: Reply, where = ''): void {
  if (finding.ok) recorder.pass(row, 'reject');
  else recorder.fail(row, 'reject', { expected: finding.expected, actual: `${finding.actual}${where}`, exchange: exchangeOf(reply) }, finding.provenance);
}
