/**
 * Concurrent writes: two writes to different members of one job sent at once (updateJobById with
 * changeJobSubStatus), both acknowledged: the final read shows both; two writes to one member
 * (two sub-status changes; a completion carrying a sub-status with a bulk sub-status change): the
 * final value is one of the two, and the other member is kept. Each runs
 * CONFORMANCE_CONCURRENCY_RUNS times, so that a race window of tens of ms is hit. Then the frame
 * on a completed job: a sub-status change acknowledged on it leaves its status COMPLETED.
 */
import { TransportError, type Reply } from '../../../client/index.ts';
import { is2xx, RULES } from '../../../checks/index.ts';
import { deepEqual } from '../../../generate/index.ts';
import type { ResultRecord } from '../../../results/model.ts';
import type { SuiteContext } from '../../run/context.ts';
import { readDiffers } from '../../model/reflection.ts';
import { exchangeOf } from '../../record/evidence.ts';
import type { JobHandle } from '../../jobs/jobs.ts';
import type { Recorder } from '../../record/recorder.ts';
import { validBody } from '../bodies.ts';
import { jobsToUse, readCause, readUntil, send, sendOnce, show, untested, type Json } from './common.ts';

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
        writes: replies.map(exchangeOf),
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
      writes: [exchangeOf(reply)],
      exchange: exchangeOf(after.reply),
    });
  }
}
