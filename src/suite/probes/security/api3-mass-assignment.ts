/**
 * API3, mass assignment: create and update bodies carrying members the server owns (jobId naming
 * another job, status, tenantId, entityMeta, createdAt): refused or ignored, never taken.
 */
import { is2xx, RULES } from '../../../checks/index.ts';
import type { ResultRecord } from '../../../results/model.ts';
import { isRecord } from '../../../shared/json.ts';
import type { SuiteContext } from '../../run/context.ts';
import { fillSlots } from '../../jobs/slots.ts';
import { describeOutcome, exchangeOf } from '../../record/evidence.ts';
import type { JobHandle } from '../../jobs/jobs.ts';
import { pollJob } from '../../model/consistency.ts';
import type { Recorder } from '../../record/recorder.ts';
import { resilient } from '../../run/resilient.ts';
import { validBody } from '../bodies.ts';
import { readJob } from '../traces.ts';
import { same, setupReason, untested } from './common.ts';

/** The members the server owns, as a body carries them to set them. */
function ownedMembers(ctx: SuiteContext, otherJobId: string, status: string): Record<string, unknown> {
  const tenantId = ctx.config.peer?.tenantId ?? `${ctx.config.tenantId}-other`;
  return { jobId: otherJobId, status, tenantId, entityMeta: { tenantId, createdBy: MARK }, createdAt: '2001-01-01T00:00:00.000Z' };
}
const MARK = 'dispatch-conformance-mass-assignment';

/**
 * Whether a read job took a member the server owns from a body: the status (other than `status`,
 * the one a new job gets, when given), the tenant, the entity metadata or the timestamp it carried.
 */
function taken(data: unknown, tenantId: string, newStatus?: unknown): string | undefined {
  if (!isRecord(data)) return undefined;
  if (newStatus !== undefined && data.status !== newStatus) return `status ${JSON.stringify(data.status)}, not ${JSON.stringify(newStatus)} as a new job gets`;
  if (data.tenantId !== undefined && data.tenantId !== tenantId) return `tenantId ${JSON.stringify(data.tenantId)}, not the caller's ${JSON.stringify(tenantId)}`;
  if (JSON.stringify(data.entityMeta ?? null).includes(MARK)) return 'the entityMeta the body carried';
  if (data.createdAt === '2001-01-01T00:00:00.000Z') return 'the createdAt the body carried';
  return undefined;
}

/**
 * API3: createJob, updateJobById and updateJob with the owned members besides a valid body. Rows:
 * `check:mass-assignment.<operationId>`.
 */
export async function probeMassAssignment(ctx: SuiteContext, recorder: Recorder): Promise<void> {
  const ops = ['createJob', 'updateJobById', 'updateJob'].map((id) => ctx.contract.operation(id));
  const rows = new Map(ops.map((op) => [op.operationId, recorder.checkRow(RULES.massAssignment, op)]));
  const tenantId = ctx.config.tenantId;
  await resilient(ctx, recorder, rows.get('createJob')!.rowId, 'the mass assignment probe', async () => {
    let named: JobHandle;
    try {
      named = await ctx.jobs.create();
    } catch (e) {
      const reason = setupReason(e);
      for (const row of rows.values()) untested(recorder, row, reason);
      return;
    }
    const first = await readJob(ctx, named.jobId);
    let namedBefore = first.data;
    const newStatus = isRecord(first.data) ? first.data.status : undefined;
    const status = newStatus === 'COMPLETED' ? 'CANCELLED' : 'COMPLETED';
    const checkNamed = async (row: ResultRecord, what: string) => {
      const after = await readJob(ctx, named.jobId);
      if (!same(after.data, namedBefore)) {
        recorder.violate(row, { expected: `job ${named.jobId}, which the body's jobId named, unchanged`, actual: `${what} changed it`, exchange: exchangeOf(after.reply), notes: [`before: ${JSON.stringify(namedBefore).slice(0, 300)}`] });
        namedBefore = after.data;
      }
    };

    // createJob: a new job with a server-assigned id, the caller's tenant, the status a new job gets.
    const create = rows.get('createJob')!;
    const reservation = ctx.jobs.budget.take();
    if (!reservation) untested(recorder, create, ctx.jobs.budget.reason());
    else {
      const jobRef = ctx.jobs.uniqueRef();
      const body = { ...ctx.jobs.body(), jobRef, ...ownedMembers(ctx, named.jobId, status) };
      const op = ctx.contract.operation('createJob');
      const reply = await ctx.client.send(op, { body });
      ctx.jobs.recordCreate(reply, jobRef, reservation);
      recorder.observe(op, reply);
      recorder.attempt(create, { operationId: op.operationId, as: 'owned-members', status: reply.status, what: `createJob with jobId (another job's), status ${status}, tenantId, entityMeta, createdAt` });
      const id = isRecord(reply.json) && isRecord(reply.json.data) ? reply.json.data.id : undefined;
      let finding: string | undefined;
      if (is2xx(reply.status) && id === named.jobId) finding = `took the body's jobId: the new job is ${named.jobId}`;
      else if (is2xx(reply.status) && typeof id === 'string' && id !== '') {
        // Writes may become visible late: the new job is read until it shows (DISPATCH_CONSISTENCY_MS).
        const read = await pollJob(ctx.client, ctx.contract, id, ctx.config.consistencyMs, (r) => r.status === 200);
        // A job its creator cannot read is not in the caller's tenant (the body's tenantId taken).
        const took = read.ok ? taken(isRecord(read.reply.json) ? read.reply.json.data : undefined, tenantId, newStatus) : undefined;
        const what = !read.ok ? `cannot be read by its creator (${read.reply.status} within DISPATCH_CONSISTENCY_MS): it is not in the caller's tenant` : took ? `reads back with ${took}` : undefined;
        if (what) recorder.fail(create, 'reject', { expected: 'the owned members ignored or refused', actual: `the new job ${id} ${what}`, exchange: exchangeOf(read.reply) });
      }
      if (finding) recorder.fail(create, 'reject', { expected: 'a server-assigned id', actual: finding, exchange: exchangeOf(reply) });
      else if (reply.status >= 500) recorder.fail(create, 'reject', { expected: 'refused (4xx) or ignored', actual: describeOutcome(reply), exchange: exchangeOf(reply) });
      else recorder.pass(create, 'reject');
      await checkNamed(create, 'createJob with its id in the body');
    }

    // The updates: on the job named above (updateJob completes it, as its body says), naming
    // another existing job (the worker's shared one) in the body's jobId.
    const target = named;
    let other: JobHandle;
    try {
      other = await ctx.jobs.shared();
    } catch (e) {
      const reason = setupReason(e);
      for (const id of ['updateJobById', 'updateJob']) untested(recorder, rows.get(id)!, reason);
      return;
    }
    const otherBefore = (await readJob(ctx, other.jobId)).data;
    for (const id of ['updateJobById', 'updateJob'] as const) {
      const op = ctx.contract.operation(id);
      const row = rows.get(id)!;
      const targetBefore = (await readJob(ctx, target.jobId)).data;
      const base = id === 'updateJob' ? { jobRef: target.jobRef, status: 'COMPLETED' } : (fillSlots(validBody(ctx, op), target) as Record<string, unknown>);
      const body = { ...base, ...ownedMembers(ctx, other.jobId, status), ...(id === 'updateJob' ? { status: 'COMPLETED' } : {}) };
      const reply = await ctx.client.send(op, { pathParams: id === 'updateJobById' ? { jobId: target.jobId } : {}, body });
      recorder.observe(op, reply);
      recorder.attempt(row, { operationId: id, as: 'owned-members', status: reply.status, what: `${id} with jobId (another job's), tenantId, entityMeta, createdAt${id === 'updateJobById' ? `, status ${status}` : ''}` });
      if (reply.status >= 500) recorder.fail(row, 'reject', { expected: 'refused (4xx) or ignored', actual: describeOutcome(reply), exchange: exchangeOf(reply) });
      else {
        const read = await readJob(ctx, target.jobId);
        // updateJobById writes no status; updateJob completes the job, as its body says.
        const what = taken(read.data, tenantId, id === 'updateJobById' && isRecord(targetBefore) ? targetBefore.status : undefined);
        if (is2xx(reply.status) && what) recorder.fail(row, 'reject', { expected: 'the owned members ignored or refused', actual: `job ${target.jobId} reads back with ${what}`, exchange: exchangeOf(read.reply) });
        else recorder.pass(row, 'reject');
      }
      const otherAfter = await readJob(ctx, other.jobId);
      if (!same(otherAfter.data, otherBefore)) recorder.violate(row, { expected: `job ${other.jobId}, which the body's jobId named, unchanged`, actual: `${id} on job ${target.jobId} changed it`, exchange: exchangeOf(otherAfter.reply) });
    }
  });
}
