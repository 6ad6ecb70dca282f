/**
 * State semantics (issue 19): every acknowledged write is kept, exactly, alone and in company.
 * One probe per file in this folder; this one runs them in the order their jobs are made and used.
 *
 * - Concurrent creates: DISPATCH_CONCURRENCY createJob requests in flight at once, each with its own
 *   jobRef, give as many distinct ids, and each id reads back its own jobRef and body.
 * - Concurrent writes: two writes to different members of one job sent at once (updateJobById with
 *   changeJobSubStatus), both acknowledged: the final read shows both; two writes to one member
 *   (two sub-status changes; a completion carrying a sub-status with a bulk sub-status change): the
 *   final value is one of the two, and the other member is kept. Each runs
 *   CONFORMANCE_CONCURRENCY_RUNS times, so that a race window of tens of ms is hit.
 * - The frame on a completed job: a sub-status change acknowledged on a completed job leaves its
 *   status COMPLETED (the read-after-write model judges the frame of every other write).
 * - Body sizes: valid bodies with arrays of 1, 2, 10, 50 and 200 items (objectives and assets,
 *   attributes; bulk items as far as the run has distinct jobs) and one of about 256 KiB are
 *   accepted; a refusal names the largest size accepted. A body of several MiB gets a 4xx, never a
 *   5xx or no answer.
 *
 * Every job comes from the run's job factory and budget; the plan counts the concurrent creates
 * (state-jobs.ts), and the other probes run on the jobs they made.
 *
 * One finding per cause: before a probe blames a write for what a read does not show, it reads
 * once more after a further window, and then sends one sub-status change alone (readCause): a read
 * that shows the write late, or reads that show no write at all, are the read-after-write rule's
 * finding (recorded once), and the probe's row is its knock-on; only a write lost while a single
 * write alone shows is the probe's own finding.
 */
import type { SuiteContext } from '../../run/context.ts';
import type { Recorder } from '../../record/recorder.ts';
import { USED_JOBS } from './common.ts';
import { probeConcurrentCreates } from './concurrent-creates.ts';
import { probeRoundTrip } from './round-trip.ts';
import { probeBodySizes } from './body-sizes.ts';
import { probeConcurrentWrites } from './concurrent-writes.ts';

export { probeConcurrentCreates, probeRoundTrip, probeBodySizes, probeConcurrentWrites };
export { roundTripValues } from './round-trip.ts';

/** Runs the state probes, in the order their jobs are made and used. */
export async function probeState(ctx: SuiteContext, recorder: Recorder): Promise<void> {
  const jobs = await probeConcurrentCreates(ctx, recorder);
  await probeRoundTrip(ctx, recorder, jobs);
  // Sizes before the writes: the bulk bodies name the job while it is still open.
  await probeBodySizes(ctx, recorder, jobs);
  await probeConcurrentWrites(ctx, recorder, jobs);
  // The jobs no probe here wrote to are fresh: the run's next probes that need one take them.
  ctx.jobs.adopt(jobs.slice(USED_JOBS));
}
