/**
 * What the state probes share: sending a write (once more when the transport lost it), reading a
 * job until it shows what a write did, and telling a stale read or reads that show nothing from a
 * write the target lost (readCause). One probe per file:
 * - concurrent-creates.ts, round-trip.ts, body-sizes.ts, concurrent-writes.ts;
 * - index.ts runs them in the order their jobs are made and used.
 *
 * One finding per cause: before a probe blames a write for what a read does not show, it reads
 * once more after a further window, and then sends one sub-status change alone (readCause): a read
 * that shows the write late, or reads that show no write at all, are the read-after-write rule's
 * finding (recorded once), and the probe's row is its knock-on; only a write lost while a single
 * write alone shows is the probe's own finding.
 */
import { TransportError, type Reply } from '../../../client/index.ts';
import { is2xx, RULES } from '../../../checks/index.ts';
import type { Reason, ResultRecord } from '../../../results/model.ts';
import { isRecord } from '../../../shared/json.ts';
import type { SuiteContext } from '../../run/context.ts';
import { pollJob } from '../../model/consistency.ts';
import { exchangeOf } from '../../record/evidence.ts';
import { JobSetupFailed, type JobHandle } from '../../jobs/jobs.ts';
import type { Recorder } from '../../record/recorder.ts';

export type Json = Record<string, any>;

export const dataOf = (r: Reply): Json | undefined => {
  const d = (r.json as Json | undefined)?.data;
  return isRecord(d) ? d : undefined;
};
export const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v)?.slice(0, 80));

/** The one place a row of these probes is left unjudged, with its typed reason. */
export function untested(recorder: Recorder, row: ResultRecord, reason: Reason): void {
  recorder.notSent(row, reason);
}

export async function sendOnce(ctx: SuiteContext, recorder: Recorder, operationId: string, pathParams: Record<string, string>, body: unknown): Promise<Reply> {
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
export async function send(ctx: SuiteContext, recorder: Recorder, operationId: string, pathParams: Record<string, string>, body: unknown): Promise<Reply> {
  try {
    return await sendOnce(ctx, recorder, operationId, pathParams, body);
  } catch (e) {
    if (!(e instanceof TransportError)) throw e;
    ctx.client.transportRetries++;
    return sendOnce(ctx, recorder, operationId, pathParams, body);
  }
}

/** Polls the job until `accept` holds; the last read, whether it did, and the reads spent. */
export async function readUntil(ctx: SuiteContext, recorder: Recorder, jobId: string, accept: (data: Json | undefined) => boolean) {
  const r = await pollJob(ctx.client, ctx.contract, jobId, ctx.config.consistencyMs, (x) => x.status === 200 && accept(dataOf(x)));
  recorder.observe(ctx.contract.operation('getJob'), r.reply);
  return { ...r, data: dataOf(r.reply) };
}

/** Records, once per worker, that reads do not reflect `writer`'s acknowledged writes; returns the knock-on reason. */
export function readRoot(ctx: SuiteContext, recorder: Recorder, writer: string, actual: string, reply: Reply, write?: Reply): Reason {
  // Each root is recorded once per worker (the worker's state keeps them).
  const known = ctx.state.readRoots;
  const root = recorder.checkRow(RULES.readAfterWrite, ctx.contract.operation(writer));
  const seen = known.get(writer);
  if (seen) return seen;
  recorder.violate(root, { expected: `reads show ${writer}'s acknowledged write within DISPATCH_CONSISTENCY_MS (${ctx.config.consistencyMs} ms)`, actual, caseDescription: `seen by the state probes on job ${pathJobId(reply)}`, ...(write ? { writes: [exchangeOf(write)] } : {}), exchange: exchangeOf(reply) });
  const reason: Reason = { code: 'knock-on', root: root.rowId, text: `not judged: ${actual}; see ${root.rowId}` };
  known.set(writer, reason);
  return reason;
}

export const pathJobId = (reply: Reply) => decodeURIComponent(new URL(reply.url).pathname.split('/').pop() ?? '');

/**
 * Why a read does not show what `accept` waits for, when the write is not to blame: read once more
 * after a further DISPATCH_CONSISTENCY_MS, it shows it now (a stale read: `writer`'s effect shows
 * late); or, still not, one sub-status change sent alone does not show either (reads show no
 * acknowledged write at all). Either is the read-after-write rule's finding, and the caller's row
 * its knock-on. Undefined when a single write alone shows: what the caller saw is its own finding,
 * a write lost or changed.
 */
export async function readCause(ctx: SuiteContext, recorder: Recorder, job: JobHandle, accept: (data: Json | undefined) => boolean, writer: string): Promise<Reason | undefined> {
  // Known already in this worker (this writer's writes show late, or no acknowledged write shows
  // at all): the same finding again, without waiting the window out twice more for it.
  const known = ctx.state.readRoots.get(writer) ?? ctx.state.noWriteShows;
  if (known) return known;
  await new Promise((r) => setTimeout(r, ctx.config.consistencyMs));
  const again = await readUntil(ctx, recorder, job.jobId, accept);
  const window = `DISPATCH_CONSISTENCY_MS (${ctx.config.consistencyMs} ms)`;
  if (again.ok) return readRoot(ctx, recorder, writer, `${writer}'s acknowledged write showed only after more than ${window}: reads lag behind writes (a stale read, not a lost write)`, again.reply);
  const value = `control${ctx.config.seed % 100_000}`;
  const reply = await send(ctx, recorder, 'changeJobSubStatus', { jobId: job.jobId }, { subStatus: value });
  if (!is2xx(reply.status)) return undefined;
  const control = await readUntil(ctx, recorder, job.jobId, (d) => d?.subStatus === value || (d !== undefined && !('subStatus' in d)));
  if (control.ok) return undefined;
  return (ctx.state.noWriteShows = readRoot(ctx, recorder, 'changeJobSubStatus', `a single changeJobSubStatus ${show({ subStatus: value })}, acknowledged with ${reply.status}, does not show within ${window} either (subStatus reads ${show(control.data?.subStatus)}): reads show no acknowledged write`, control.reply, reply));
}


/** The concurrent creates' jobs the other state probes write to: the first only (round trip, sizes, writes, the completion). */
export const USED_JOBS = 1;

/** Jobs to run on: those the concurrent creates made, then new ones from the factory. */
export async function jobsToUse(ctx: SuiteContext, have: JobHandle[], n: number): Promise<JobHandle[] | Reason> {
  const out = have.slice(0, n);
  try {
    while (out.length < n) out.push(await ctx.jobs.create());
  } catch (e) {
    if (e instanceof JobSetupFailed) return e.reason;
    throw e;
  }
  return out;
}
