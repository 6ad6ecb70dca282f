/**
 * Round trip: values a careless store changes (spaces at the ends, decomposed Unicode, a
 * zero-width joiner, mixed case, epoch milliseconds, integers just below 2^53), written by writes
 * the probes send anyway, read back exactly as written.
 */
import { is2xx, RULES } from '../../../checks/index.ts';
import type { SuiteContext } from '../../run/context.ts';
import { readDiffers } from '../../model/reflection.ts';
import { exchangeOf } from '../../record/evidence.ts';
import type { JobHandle } from '../../jobs/jobs.ts';
import type { Recorder } from '../../record/recorder.ts';
import { validBody } from '../bodies.ts';
import { jobsToUse, readCause, readUntil, send, untested, type Json } from './common.ts';

/** A day of epoch milliseconds (13 digits) the values are taken in: fixed, so a seed replays the same bytes. */
const DAY_MS = 1_764_806_400_000;

/**
 * Values a careless store changes, from the run's seed: leading and trailing spaces, a decomposed
 * (NFD) sequence, a zero-width joiner, mixed case, epoch milliseconds of a day (13 digits) and
 * integers just below 2^53 (above it, exactness is a silent point).
 */
export function roundTripValues(seed: number) {
  const n = Math.abs(seed) % 1000;
  return {
    spaced: `  Arrived\u200dAT Gate ${n}  `,
    nfd: `Cafe\u0301 Zu\u0308rich ${n}`,
    joiner: `Mixed\u200dCase ${n}`,
    mixedCase: `RoundTrip${n}Ref`,
    epochMs: DAY_MS + (Math.abs(seed) % 86_400_000),
    near2pow53: Number.MAX_SAFE_INTEGER - n,
  };
}

/**
 * Writes the round-trip values in an update and a sub-status change the probes send anyway (on the
 * first job the concurrent creates made), one after the other, and reads each back exactly.
 */
export async function probeRoundTrip(ctx: SuiteContext, recorder: Recorder, have: JobHandle[] = []): Promise<void> {
  const row = recorder.runRow(RULES.roundTrip);
  const jobs = await jobsToUse(ctx, have, 1);
  if (!Array.isArray(jobs)) return untested(recorder, row, jobs);
  const [job] = jobs as [JobHandle];
  const v = roundTripValues(ctx.config.seed);
  const base = validBody(ctx, ctx.contract.operation('updateJobById'), (b) => Array.isArray(b.objectives) && b.objectives.length > 0 && Array.isArray(b.assets) && b.assets.length > 0) as Json;
  const [objective, ...objectives] = base.objectives as Json[];
  // Location and contact carry text only where no pool says they name entities the target keeps.
  const objective0 = {
    ...objective,
    objectiveRef: v.mixedCase,
    ...(ctx.config.locationIds.length ? {} : { location: v.nfd }),
    ...(ctx.config.contactIds.length ? {} : { contact: v.joiner }),
    timeslot: { from: v.epochMs, to: v.near2pow53 },
  };
  const [asset, ...assets] = base.assets as Json[];
  const update = { ...base, scheduledFor: { ...base.scheduledFor, startDateTime: v.epochMs }, objectives: [objective0, ...objectives], assets: [{ ...asset, documentType: v.spaced, documentUrl: `https://conformance.invalid/${v.nfd}` }, ...assets] };
  const written: [string, Json][] = [
    ['updateJobById', update],
    ['changeJobSubStatus', { subStatus: v.spaced }],
  ];
  let requests = 0;
  for (const [operationId, body] of written) {
    const reply = await send(ctx, recorder, operationId, { jobId: job.jobId }, body);
    requests++;
    if (!is2xx(reply.status)) {
      recorder.spent(row, requests, false);
      return untested(recorder, row, { code: 'setup', text: `not judged: ${operationId} answered ${reply.status} to a valid body (its check:accepts-valid row judges it)` });
    }
  }
  const expected: Json = { objectives: update.objectives, scheduledFor: update.scheduledFor, assets: update.assets, subStatus: v.spaced };
  const exact = (d: Json | undefined) => readDiffers(expected, d).length === 0;
  const read = await readUntil(ctx, recorder, job.jobId, exact);
  if (read.ok) return recorder.spent(row, requests + read.reads, true);
  // A read that shows the old values, not changed ones, may be a stale read: its cause first.
  const cause = await readCause(ctx, recorder, job, exact, 'updateJobById');
  if (cause) {
    recorder.spent(row, requests + read.reads, false);
    return untested(recorder, row, cause);
  }
  recorder.spent(row, requests + read.reads, true);
  recorder.violate(row, {
    expected: 'each value read back exactly (same code points, same number)',
    actual: `${readDiffers(expected, read.data).join('; ')} (after ${read.reads} reads over DISPATCH_CONSISTENCY_MS, ${ctx.config.consistencyMs} ms)`,
    caseDescription: `updateJobById then changeJobSubStatus on job ${job.jobId} with spaces, a decomposed sequence, a zero-width joiner, mixed case, epoch ms ${v.epochMs} and ${v.near2pow53}`,
    exchange: exchangeOf(read.reply),
  });
}
