/**
 * What a request that must leave the target as it was left behind: the job it named read before
 * and after, compared member by member with the one comparison of reads (reflection.ts), and the
 * job type's attributes searched for a name the request alone carried. The probes that send
 * requests a target must refuse or must not act on (unsupported methods, odd path parameters,
 * refused writes, repeated writes, the security probes) read their traces here.
 */
import type { Reply } from '../../client/index.ts';
import type { ResultRecord } from '../../results/model.ts';
import { isRecord } from '../../shared/json.ts';
import type { SuiteContext } from '../run/context.ts';
import { JobSetupFailed, type JobHandle } from '../jobs/jobs.ts';
import type { Recorder } from '../record/recorder.ts';
import { readDiffers } from '../model/reflection.ts';

/** The job `make` gives (the job factory's); undefined, with the reason noted on the row, when none can be had. */
export async function jobFor(recorder: Recorder, row: ResultRecord, make: () => Promise<JobHandle>): Promise<JobHandle | undefined> {
  try {
    return await make();
  } catch (e) {
    if (!(e instanceof JobSetupFailed)) throw e;
    recorder.notSent(row, e.reason);
    return undefined;
  }
}

/**
 * The worker's open job, which only requests the target must refuse reach (so it reads the same
 * until one is taken); undefined, with the reason noted on the row, when none can be had.
 */
export function openJob(ctx: SuiteContext, recorder: Recorder, row: ResultRecord): Promise<JobHandle | undefined> {
  return jobFor(recorder, row, () => ctx.jobs.untouched(true));
}

/** A job as its owner reads it: the reply, and the read's data (undefined when the read failed). */
export interface JobRead {
  reply: Reply;
  data: Record<string, unknown> | undefined;
}

/** The job as the run's own identity reads it. */
export async function readJob(ctx: SuiteContext, jobId: string): Promise<JobRead> {
  const reply = await ctx.client.send(ctx.contract.operation('getJob'), { pathParams: { jobId } });
  return { reply, data: reply.status === 200 && isRecord(reply.json) && isRecord(reply.json.data) ? reply.json.data : undefined };
}

/**
 * The members of the job as read `before` that read otherwise `after` (readDiffers: a member the
 * later read leaves out is not judged; a job that can no longer be read is one change). Nothing
 * when the first read had nothing to compare.
 */
export function changesOf(before: JobRead, after: JobRead): string[] {
  return before.data ? readDiffers(before.data, after.data, 'before') : [];
}

/** The attribute names of the run's job type as the run reads them. */
export async function attributeNames(ctx: SuiteContext): Promise<{ reply: Reply; names: unknown[] }> {
  const reply = await ctx.client.send(ctx.contract.operation('getJobAttributes'), { pathParams: { jobTypeId: ctx.config.jobTypeIds[0]! } });
  const data = isRecord(reply.json) && isRecord(reply.json.data) ? reply.json.data : undefined;
  const names = Array.isArray(data?.attributes) ? data.attributes.map((a) => (isRecord(a) ? a.name : undefined)) : [];
  return { reply, names };
}

/** An attribute name (letters only, as its schema wants, within its maxLength) that is this run's alone, for `what` sent it. */
export function runAttributeName(ctx: SuiteContext, what: string): string {
  const max = ctx.catalogue.find((c) => c.operationId === 'createJobAttributes' && c.path === 'attributes[].name' && c.keyword === 'maxLength')?.limit;
  return `${what}${ctx.config.runId.replace(/[^a-zA-Z]/g, '')}`.slice(0, typeof max === 'number' ? max : undefined);
}

/** A body of createJobAttributes with every attribute named `name` (the one a read can find it by). */
export function withAttributeName(body: unknown, name: string): unknown {
  if (!isRecord(body) || !Array.isArray(body.attributes)) return body;
  return { ...body, attributes: body.attributes.map((a) => (isRecord(a) ? { ...a, name } : a)) };
}
