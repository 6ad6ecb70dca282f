/**
 * State semantics (issue 19): every acknowledged write is kept, exactly, alone and in company.
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
import { TransportError, type Reply } from '../../client/index.ts';
import { is2xx, REFUSAL_CHECKS, RULES } from '../../checks/index.ts';
import type { Operation } from '../../contract/index.ts';
import { deepEqual } from '../../generate/index.ts';
import type { Evidence, Reason, ResultRecord } from '../../results/model.ts';
import { isRecord } from '../../shared/json.ts';
import type { SuiteContext } from '../context.ts';
import { pollJob } from '../consistency.ts';
import { readDiffers } from '../reflection.ts';
import { describeOutcome, exchangeOf } from '../evidence.ts';
import { JobSetupFailed, type JobHandle } from '../jobs.ts';
import { jobRefNotKept } from '../facts.ts';
import type { Recorder } from '../recorder.ts';
import type { Reservation } from '../job-budget.ts';
import { validBody } from './bodies.ts';
import { createRuns } from './state-jobs.ts';

type Json = Record<string, any>;

/** The array sizes valid bodies grow through. */
export const SIZES = [1, 2, 10, 50, 200] as const;
/** About 256 KiB: a valid body a target should take. */
const LARGE_BYTES = 256 * 1024;
/** Several MiB: a body a target should refuse with a 4xx, quickly. */
const HUGE_BYTES = 4 * 1024 * 1024;

const dataOf = (r: Reply): Json | undefined => {
  const d = (r.json as Json | undefined)?.data;
  return isRecord(d) ? d : undefined;
};
const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v)?.slice(0, 80));

/** The one place a row of these probes is left unjudged, with its typed reason. */
function untested(recorder: Recorder, row: ResultRecord, reason: Reason): void {
  recorder.notSent(row, reason);
}

async function sendOnce(ctx: SuiteContext, recorder: Recorder, operationId: string, pathParams: Record<string, string>, body: unknown): Promise<Reply> {
  const op = ctx.contract.operation(operationId);
  if (op.pathParams.includes('jobTypeId')) pathParams = { ...pathParams, jobTypeId: ctx.config.jobTypeIds[0]! };
  const reply = await ctx.client.send(op, { pathParams, body });
  recorder.observe(op, reply);
  return reply;
}

/**
 * A write the probes may send twice (the same body to the same job or job type: the second leaves
 * what the first did): one lost to the transport goes again once, counted as sent again. The
 * writes in flight together (the races) are sent once (sendOnce): a repeat would be another race.
 */
async function send(ctx: SuiteContext, recorder: Recorder, operationId: string, pathParams: Record<string, string>, body: unknown): Promise<Reply> {
  try {
    return await sendOnce(ctx, recorder, operationId, pathParams, body);
  } catch (e) {
    if (!(e instanceof TransportError)) throw e;
    ctx.client.transportRetries++;
    return sendOnce(ctx, recorder, operationId, pathParams, body);
  }
}

/** Polls the job until `accept` holds; the last read, whether it did, and the reads spent. */
async function readUntil(ctx: SuiteContext, recorder: Recorder, jobId: string, accept: (data: Json | undefined) => boolean) {
  const r = await pollJob(ctx.client, ctx.contract, jobId, ctx.config.consistencyMs, (x) => x.status === 200 && accept(dataOf(x)));
  recorder.observe(ctx.contract.operation('getJob'), r.reply);
  return { ...r, data: dataOf(r.reply) };
}

/** Records, once per worker, that reads do not reflect `writer`'s acknowledged writes; returns the knock-on reason. */
function readRoot(ctx: SuiteContext, recorder: Recorder, writer: string, actual: string, reply: Reply): Reason {
  // Each root is recorded once per worker (the worker's state keeps them).
  const known = ctx.state.readRoots;
  const root = recorder.checkRow(RULES.readAfterWrite, ctx.contract.operation(writer));
  const seen = known.get(writer);
  if (seen) return seen;
  recorder.violate(root, { expected: `reads show ${writer}'s acknowledged write within DISPATCH_CONSISTENCY_MS (${ctx.config.consistencyMs} ms)`, actual, caseDescription: `seen by the state probes on job ${pathJobId(reply)}`, exchange: exchangeOf(reply) });
  const reason: Reason = { code: 'knock-on', root: root.rowId, text: `not judged: ${actual}; see ${root.rowId}` };
  known.set(writer, reason);
  return reason;
}

const pathJobId = (reply: Reply) => decodeURIComponent(new URL(reply.url).pathname.split('/').pop() ?? '');

/**
 * Why a read does not show what `accept` waits for, when the write is not to blame: read once more
 * after a further DISPATCH_CONSISTENCY_MS, it shows it now (a stale read: `writer`'s effect shows
 * late); or, still not, one sub-status change sent alone does not show either (reads show no
 * acknowledged write at all). Either is the read-after-write rule's finding, and the caller's row
 * its knock-on. Undefined when a single write alone shows: what the caller saw is its own finding,
 * a write lost or changed.
 */
async function readCause(ctx: SuiteContext, recorder: Recorder, job: JobHandle, accept: (data: Json | undefined) => boolean, writer: string): Promise<Reason | undefined> {
  await new Promise((r) => setTimeout(r, ctx.config.consistencyMs));
  const again = await readUntil(ctx, recorder, job.jobId, accept);
  const window = `DISPATCH_CONSISTENCY_MS (${ctx.config.consistencyMs} ms)`;
  if (again.ok) return readRoot(ctx, recorder, writer, `${writer}'s acknowledged write showed only after more than ${window}: reads lag behind writes (a stale read, not a lost write)`, again.reply);
  const value = `control${ctx.config.seed % 100_000}`;
  const reply = await send(ctx, recorder, 'changeJobSubStatus', { jobId: job.jobId }, { subStatus: value });
  if (!is2xx(reply.status)) return undefined;
  const control = await readUntil(ctx, recorder, job.jobId, (d) => d?.subStatus === value || (d !== undefined && !('subStatus' in d)));
  if (control.ok) return undefined;
  return readRoot(ctx, recorder, 'changeJobSubStatus', `a single changeJobSubStatus ${show({ subStatus: value })}, acknowledged with ${reply.status}, does not show within ${window} either (subStatus reads ${show(control.data?.subStatus)}): reads show no acknowledged write`, control.reply);
}

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

/** The concurrent creates' jobs the other state probes write to: the first only (round trip, sizes, writes, the completion). */
const USED_JOBS = 1;

/** Jobs to run on: those the concurrent creates made, then new ones from the factory. */
async function jobsToUse(ctx: SuiteContext, have: JobHandle[], n: number): Promise<JobHandle[] | Reason> {
  const out = have.slice(0, n);
  try {
    while (out.length < n) out.push(await ctx.jobs.create());
  } catch (e) {
    if (e instanceof JobSetupFailed) return e.reason;
    throw e;
  }
  return out;
}

/** K createJob in flight at once, CONFORMANCE_CONCURRENCY_RUNS times (once under a job cap); returns the jobs that read back as made. */
export async function probeConcurrentCreates(ctx: SuiteContext, recorder: Recorder): Promise<JobHandle[]> {
  const row = recorder.runRow(RULES.concurrentCreate);
  const op = ctx.contract.operation('createJob');
  const k = ctx.config.concurrency;
  const made: JobHandle[] = [];
  const runs = createRuns(ctx.config, ctx.plan().cap !== Number.POSITIVE_INFINITY);
  const lostBefore = new Set<number>();
  for (let run = 1; run <= runs; run++) {
    const reservations: Reservation[] = [];
    for (let i = 0; i < k; i++) {
      const r = ctx.jobs.budget.take();
      if (!r) break;
      reservations.push(r);
    }
    if (reservations.length < k) {
      reservations.forEach((r) => ctx.jobs.budget.release(r));
      untested(recorder, row, ctx.jobs.budget.reason());
      break;
    }
    const sent = reservations.map(() => ({ ...ctx.jobs.body(), jobRef: ctx.jobs.uniqueRef() }) as Json);
    let replies: Reply[];
    try {
      replies = await Promise.all(sent.map((body) => ctx.client.send(op, { body })));
    } catch (e) {
      // A create lost to the transport may have made its job: the reservations stay spent. The
      // round runs again once on fresh jobs (counted as sent again), as any case lost to the network.
      if (!(e instanceof TransportError)) throw e;
      if (!lostBefore.has(run)) {
        lostBefore.add(run);
        ctx.client.transportRetries++;
        run--;
        continue;
      }
      untested(recorder, row, { code: 'transport', text: `not judged: a createJob in flight was lost to the transport (${e.message})` });
      continue;
    }
    replies.forEach((r, i) => {
      recorder.observe(op, r);
      ctx.jobs.recordCreate(r, sent[i]!.jobRef, reservations[i]!);
    });
    let requests = k;
    const refused = replies.find((r) => !is2xx(r.status));
    const ids = replies.map((r) => dataOf(r)?.id);
    if (refused || ids.some((id) => typeof id !== 'string' || id === '')) {
      const why = refused ? `createJob answered ${refused.status} to a valid body (check:accepts-valid.createJob judges it)` : 'createJob answered without data.id (an assumed convention), so the jobs cannot be read back';
      recorder.spent(row, requests, false);
      untested(recorder, row, { code: 'setup', text: `not judged: ${why}` });
      continue;
    }
    const byId = new Map<string, number[]>();
    ids.forEach((id, i) => byId.set(id as string, [...(byId.get(id as string) ?? []), i]));
    const what = `run ${run} of ${runs}: ${k} createJob requests in flight at once, each with its own jobRef`;
    for (const [id, same] of byId) {
      if (same.length > 1) {
        recorder.violate(row, {
          expected: `${k} distinct job ids`,
          actual: `${same.length} creates (jobRefs ${same.map((i) => sent[i]!.jobRef).join(', ')}) were each answered with job id ${id}: ${byId.size} distinct ids for ${k} jobs`,
          caseDescription: what,
          exchange: exchangeOf(replies[same[1]!]!),
        });
      }
    }
    // Each job is read back at once with the others: a target that lags waits out one window, not K.
    const mineOf = (same: number[]) => (d: Json | undefined) => same.find((i) => readDiffers(sent[i]!, d).length === 0 && d?.jobRef === sent[i]!.jobRef);
    const reads = await Promise.all([...byId].map(([id, same]) => readUntil(ctx, recorder, id, (d) => mineOf(same)(d) !== undefined)));
    for (const [n, [id, same]] of [...byId].entries()) {
      const read = reads[n]!;
      const mine = mineOf(same);
      requests += read.reads;
      const i = mine(read.data);
      if (i !== undefined) {
        made.push({ jobId: id, jobRef: sent[i]!.jobRef });
        continue;
      }
      // Every member as sent but a jobRef no create in flight sent: not a race but createJob not
      // keeping jobRefs at all, the root finding of its own (facts.ts); the jobs are still distinct.
      const foreignRef = typeof read.data?.jobRef === 'string' && !sent.some((b) => b.jobRef === read.data?.jobRef);
      const body = same.find((j) => readDiffers({ ...sent[j]!, jobRef: read.data?.jobRef }, read.data).length === 0);
      if (foreignRef && body !== undefined) {
        const reason = jobRefNotKept(ctx, recorder, { jobId: id, written: sent[body]!.jobRef, read: read.reply, found: `read back after ${what}` });
        // Once for the row, whatever the number of jobs that show it (the root's evidence names one).
        recorder.note(row, { ...reason, text: `jobRefs not judged: createJob does not keep the jobRefs it is given; see ${reason.root}` });
        made.push({ jobId: id, jobRef: read.data!.jobRef });
        continue;
      }
      // A job that reads with one of its creates' jobRefs is still a job the other probes can use.
      const ref = same.find((j) => read.data?.jobRef === sent[j]!.jobRef);
      if (ref !== undefined) made.push({ jobId: id, jobRef: sent[ref]!.jobRef });
      recorder.violate(row, {
        expected: `job ${id} reads back the jobRef and body its create sent`,
        actual: `after ${read.reads} reads over DISPATCH_CONSISTENCY_MS (${ctx.config.consistencyMs} ms): ${readDiffers(sent[same[0]!]!, read.data).join('; ') || `jobRef reads ${show(read.data?.jobRef)}`}`,
        caseDescription: what,
        exchange: exchangeOf(read.reply),
      });
    }
    recorder.spent(row, requests, true);
  }
  return made;
}

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

/** Two writes in flight at once and what the job shows after both were acknowledged. */
interface Pair {
  name: string;
  /** The writes, each: operation, path parameters, body. */
  writes: (subStatus: (tag: string) => string, job: JobHandle) => { operationId: string; pathParams: Record<string, string>; body: Json }[];
  /** What the final read must show: a failure message, or undefined. */
  judge: (data: Json, sent: Json[]) => string | undefined;
}

const oneOf = (v: unknown, options: unknown[]) => options.some((o) => deepEqual(v, o));

/** The concurrent write pairs, CONFORMANCE_CONCURRENCY_RUNS times each, then the frame of a sub-status change on a completed job. */
export async function probeConcurrentWrites(ctx: SuiteContext, recorder: Recorder, have: JobHandle[] = []): Promise<void> {
  const row = recorder.runRow(RULES.concurrentWrites);
  const frame = recorder.checkRow(RULES.frame, ctx.contract.operation('changeJobSubStatus'));
  const jobs = await jobsToUse(ctx, have, 1);
  if (!Array.isArray(jobs)) {
    untested(recorder, row, jobs);
    untested(recorder, frame, jobs);
    return;
  }
  const update = validBody(ctx, ctx.contract.operation('updateJobById')) as Json;
  const pairs: Pair[] = [
    {
      name: 'updateJobById and changeJobSubStatus (different members)',
      writes: (s, job) => [
        { operationId: 'updateJobById', pathParams: { jobId: job.jobId }, body: update },
        { operationId: 'changeJobSubStatus', pathParams: { jobId: job.jobId }, body: { subStatus: s('a') } },
      ],
      judge: (d, [u, sub]) => {
        const lost = [...readDiffers({ objectives: u!.objectives, scheduledFor: u!.scheduledFor, assets: u!.assets }, d), ...readDiffers({ subStatus: sub!.subStatus }, d)];
        return lost.length ? `both were acknowledged, but ${lost.join('; ')}` : undefined;
      },
    },
    {
      name: 'two changeJobSubStatus (one member)',
      writes: (s, job) => [
        { operationId: 'changeJobSubStatus', pathParams: { jobId: job.jobId }, body: { subStatus: s('b') } },
        { operationId: 'changeJobSubStatus', pathParams: { jobId: job.jobId }, body: { subStatus: s('c') } },
      ],
      judge: (d, [x, y]) => (oneOf(d.subStatus, [x!.subStatus, y!.subStatus]) || d.subStatus === undefined ? undefined : `subStatus reads ${show(d.subStatus)}, neither of the two written`),
    },
    {
      name: 'changeJobStatus (with a sub-status) and changeJobsSubStatus',
      writes: (s, job) => [
        { operationId: 'changeJobStatus', pathParams: { jobId: job.jobId }, body: { status: 'COMPLETED', subStatus: s('d') } },
        { operationId: 'changeJobsSubStatus', pathParams: {} as Record<string, string>, body: { jobs: [{ jobId: job.jobId, subStatus: s('e') }] } },
      ],
      judge: (d, [st, bulk]) => {
        const out: string[] = [];
        if (d.status !== undefined && d.status !== 'COMPLETED') out.push(`status reads ${show(d.status)} after an acknowledged completion`);
        if (d.subStatus !== undefined && !oneOf(d.subStatus, [st!.subStatus, bulk!.jobs[0].subStatus])) out.push(`subStatus reads ${show(d.subStatus)}, neither of the two written`);
        return out.length ? out.join('; ') : undefined;
      },
    },
  ];
  const runs = ctx.config.concurrencyRuns;
  const [job] = jobs as [JobHandle];
  // Every run of the pairs that keep the job open first, then those that complete it: one job for all.
  const order = [...pairs.slice(0, 2).flatMap((p) => Array.from({ length: runs }, (_, i) => [i + 1, p] as const)), ...Array.from({ length: runs }, (_, i) => [i + 1, pairs[2]!] as const)];
  {
    for (const [run, pair] of order) {
      const tag = (t: string) => `race${run}${t}${ctx.config.seed % 100_000}`;
      const writes = pair.writes(tag, job);
      let replies: Reply[];
      try {
        replies = await Promise.all(writes.map((w) => sendOnce(ctx, recorder, w.operationId, w.pathParams, w.body)));
      } catch (e) {
        if (!(e instanceof TransportError)) throw e;
        // Lost to the network: this pair is not judged this time; the next repetition is its new try.
        ctx.client.transportRetries++;
        untested(recorder, row, { code: 'transport', text: `not judged: a write in flight was lost to the transport (${e.message})` });
        continue;
      }
      const refused = replies.find((r) => !is2xx(r.status));
      if (refused) {
        recorder.spent(row, writes.length, false);
        untested(recorder, row, { code: 'setup', text: `not judged: ${pair.name}: a write was answered ${refused.status}, so not both were acknowledged` });
        continue;
      }
      const bodies = writes.map((w) => w.body);
      const kept = (d: Json | undefined) => d !== undefined && pair.judge(d, bodies) === undefined;
      const read = await readUntil(ctx, recorder, job.jobId, kept);
      const problem = read.data ? pair.judge(read.data, bodies) : 'the job cannot be read';
      if (read.ok || !problem) {
        recorder.spent(row, writes.length + read.reads, true);
        continue;
      }
      // A stale read, or reads that show no write at all, is not a lost write: its cause first.
      const cause = await readCause(ctx, recorder, job, kept, writes[0]!.operationId);
      recorder.spent(row, writes.length + read.reads, cause === undefined);
      if (cause) {
        untested(recorder, row, cause);
        continue;
      }
      recorder.violate(row, {
        expected: 'both acknowledged writes kept (on one member, one of the two)',
        actual: `${problem} (after ${read.reads} reads over DISPATCH_CONSISTENCY_MS, ${ctx.config.consistencyMs} ms, and again after a further window, while a sub-status change sent alone shows: a write was lost)`,
        caseDescription: `run ${run} of ${runs}: ${pair.name} sent at once to job ${job.jobId}: ${writes.map((w) => `${w.operationId} ${show(w.body)}`).join(' and ')}`,
        exchange: exchangeOf(read.reply),
        notes: replies.map((r, i) => `${writes[i]!.operationId} answered ${r.status}`),
      });
    }
  }
  await completedFrame(ctx, recorder, frame, job);
}

/** A sub-status change acknowledged on a completed job leaves its status COMPLETED. */
async function completedFrame(ctx: SuiteContext, recorder: Recorder, row: ResultRecord, job: JobHandle): Promise<void> {
  const before = await readUntil(ctx, recorder, job.jobId, (d) => d?.status === 'COMPLETED');
  if (!before.ok) {
    recorder.spent(row, before.reads, false);
    return untested(recorder, row, { code: 'setup', text: `not judged on a completed job: job ${job.jobId} does not read COMPLETED after its acknowledged completion (reads ${show(before.data?.status)})` });
  }
  const subStatus = `frame${ctx.config.seed % 100_000}`;
  const reply = await send(ctx, recorder, 'changeJobSubStatus', { jobId: job.jobId }, { subStatus });
  if (!is2xx(reply.status)) {
    recorder.spent(row, before.reads + 1, false);
    return untested(recorder, row, { code: 'setup', text: `not judged on a completed job: the target refused a sub-status change on it (${reply.status}), which the pages leave open` });
  }
  const after = await readUntil(ctx, recorder, job.jobId, (d) => d?.subStatus === subStatus || d?.subStatus === undefined);
  recorder.spent(row, before.reads + 1 + after.reads, true);
  if (after.data?.status !== undefined && after.data.status !== 'COMPLETED') {
    recorder.violate(row, {
      expected: 'a write changes only the members it sets',
      actual: `changeJobSubStatus ${show({ subStatus })} changed status from "COMPLETED" to ${show(after.data.status)}`,
      caseDescription: `a sub-status change on the completed job ${job.jobId}`,
      exchange: exchangeOf(after.reply),
    });
  }
}

/** `n` copies of the first item of a valid body's array (at least one, made unique where the schema keys them). */
function grown(items: unknown, n: number, unique: (item: Json, i: number) => Json = (x) => x): Json[] {
  const first = Array.isArray(items) && isRecord(items[0]) ? (items[0] as Json) : undefined;
  if (!first) return [];
  return Array.from({ length: n }, (_, i) => unique(structuredClone(first), i));
}

/** A name of ASCII letters only (attribute names match ^[a-zA-Z]{1,32}$), distinct for each i. */
const letters = (i: number) => {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return `size${s}`;
};

/** Valid bodies of growing size, one of about 256 KiB, and one of several MiB. */
export async function probeBodySizes(ctx: SuiteContext, recorder: Recorder, have: JobHandle[] = []): Promise<void> {
  const update = ctx.contract.operation('updateJobById');
  const attributes = ctx.contract.operation('createJobAttributes');
  const bulk = ctx.contract.operation('changeJobsSubStatus');
  const rows = new Map([update, attributes, bulk].map((op) => [op.operationId, recorder.checkRow(RULES.bodySize, op)]));
  const jobs = await jobsToUse(ctx, have, 1);
  if (!Array.isArray(jobs)) {
    for (const row of rows.values()) untested(recorder, row, jobs);
    return;
  }
  const [job] = jobs as [JobHandle];
  const base = validBody(ctx, update, (b) => Array.isArray(b.objectives) && b.objectives.length > 0 && Array.isArray(b.assets) && b.assets.length > 0) as Json;
  const attr = validBody(ctx, attributes, (b) => b.attributes.length > 0) as Json;
  // Only jobs these probes write to anyway: the others are handed on fresh (see probeState).
  const distinct = [job, ...have.slice(0, USED_JOBS).filter((h) => h.jobId !== job.jobId)];
  const plans: { op: Operation; sizes: { n: number; body: Json; pathParams: Record<string, string> }[] }[] = [
    {
      op: update,
      sizes: [
        ...SIZES.map((n) => ({ n, pathParams: { jobId: job.jobId }, body: { ...base, objectives: grown(base.objectives, n, (o, i) => ({ ...o, objectiveRef: `${Array.from(String(o.objectiveRef)).slice(0, 28).join('')}${i}`.padEnd(4, 'x') })), assets: grown(base.assets, n) } })),
        // About 256 KiB: 64 assets of 4 KiB URLs (documentUrl has no documented length).
        { n: 64, pathParams: { jobId: job.jobId }, body: { ...base, assets: Array.from({ length: 64 }, (_, i) => ({ documentType: 'pdf', documentUrl: `https://conformance.invalid/${i}/${'a'.repeat(LARGE_BYTES / 64 - 40)}` })) } },
      ],
    },
    { op: attributes, sizes: SIZES.map((n) => ({ n, pathParams: {}, body: { attributes: grown(attr.attributes, n, (a, i) => ({ ...a, name: letters(i) })) } })) },
    // Bulk items name distinct jobs (the same job twice is a silent point): as many as the run has.
    { op: bulk, sizes: SIZES.filter((n) => n <= distinct.length).map((n) => ({ n, pathParams: {}, body: { jobs: distinct.slice(0, n).map((h, i) => ({ jobId: h.jobId, subStatus: `size${n}x${i}` })) } })) },
  ];
  for (const { op, sizes } of plans) {
    const row = rows.get(op.operationId)!;
    let largest: string | undefined;
    for (const s of sizes) {
      const bytes = Buffer.byteLength(JSON.stringify(s.body));
      const what = `${s.n} item${s.n === 1 ? '' : 's'} (${(bytes / 1024).toFixed(1)} KiB)`;
      const reply = await send(ctx, recorder, op.operationId, s.pathParams, s.body);
      if (is2xx(reply.status)) {
        recorder.pass(row, 'accept');
        largest = what;
        continue;
      }
      // A 413 is the target's cap on bytes, which RFC 9110 lets it have (assumed); any other refusal breaks the documented rule.
      recorder.fail(
        row,
        'accept',
        {
          expected: 'a valid body of any size the suite sends is accepted (2xx)',
          actual: `${describeOutcome(reply)} for a valid body of ${what}; the largest accepted: ${largest ?? 'none'}`,
          caseDescription: `${op.operationId} with ${what}`,
          exchange: exchangeOf(reply),
        },
        reply.status === 413 ? RULES.bodySize.parts.sizeLimit.provenance : undefined,
      );
      break;
    }
    if (op === bulk && distinct.length < SIZES[SIZES.length - 1]!) {
      const most = sizes[sizes.length - 1]?.n ?? 0;
      recorder.note(row, { code: 'unsendable', text: `bulk bodies grow to ${most} item${most === 1 ? "" : "s"} only: each item names a job of its own, and the state probes write to ${distinct.length} (the others are handed on fresh)` });
    }
  }
  await hugeBody(ctx, recorder, rows.get(update.operationId)!, job, base);
}

/** A body of several MiB: refused with a 4xx (413 or 400), never a 5xx and never no answer. */
async function hugeBody(ctx: SuiteContext, recorder: Recorder, row: ResultRecord, job: JobHandle, base: Json): Promise<void> {
  const op = ctx.contract.operation('updateJobById');
  const body = { ...base, assets: [{ documentType: 'pdf', documentUrl: `https://conformance.invalid/${'a'.repeat(HUGE_BYTES)}` }] };
  const what = `updateJobById with a body of ${(HUGE_BYTES / 1024 / 1024).toFixed(0)} MiB`;
  let reply: Reply;
  for (let attempt = 1; ; attempt++) {
    try {
      reply = await ctx.client.send(op, { pathParams: { jobId: job.jobId }, body });
      break;
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
      // No answer within the timeout is the target hanging on the body: a finding. A connection
      // lost another way is the network's: sent again once, then not judged.
      if (e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') {
        return recorder.fail(row, 'reject', { expected: 'a 4xx (413 or 400) within DISPATCH_TIMEOUT_MS', actual: `no answer: ${e.message}`, caseDescription: what }, 'reference');
      }
      if (attempt >= 2) return recorder.notSent(row, { code: 'transport', text: `${what}: not judged, its connection was lost twice (${e.message})` });
      ctx.client.transportRetries++;
    }
  }
  recorder.observe(op, reply, undefined, REFUSAL_CHECKS);
  const evidence: Evidence = { expected: 'a 4xx (413 or 400)', actual: describeOutcome(reply), caseDescription: what, exchange: exchangeOf(reply) };
  if (reply.status >= 400 && reply.status < 500) recorder.pass(row, 'reject');
  // A 5xx is the server's failure (reference); taking it is a limit the pages do not set (assumed).
  else recorder.fail(row, 'reject', evidence, reply.status >= 500 ? 'reference' : RULES.bodySize.parts.huge.provenance);
}
