/**
 * API1, object level authorization: a second identity of another tenant (the peer, DISPATCH_PEER_*)
 * tries every job operation on a job the run created as itself, then each identity's token with
 * the other's X-COREOS-TID. Each request is refused (401, 403 or 404, never 2xx) and the owner's
 * read shows the job unchanged after each. A refusal of the peer's token counts only while that
 * token works on the peer's own job (peer.ts).
 */
import type { Identity, Reply } from '../../../client/index.ts';
import { peerCredentialSettings, peerIdentityOf } from '../../../client/from-config.ts';
import { makePeerJob, peerTokenRefused, type PeerControl } from '../../jobs/peer.ts';
import { is2xx, REFUSAL_CHECKS, RULES } from '../../../checks/index.ts';
import type { Operation } from '../../../contract/index.ts';
import type { Reason, ResultRecord } from '../../../results/model.ts';
import { isRecord } from '../../../shared/json.ts';
import type { SuiteContext } from '../../run/context.ts';
import { fillSlots } from '../../jobs/slots.ts';
import { describeOutcome, exchangeOf } from '../../record/evidence.ts';
import type { JobHandle } from '../../jobs/jobs.ts';
import { unknownJobId } from '../../jobs/job-ids.ts';
import type { Recorder } from '../../record/recorder.ts';
import { resilient } from '../../run/resilient.ts';
import { validBody } from '../bodies.ts';
import { attributeNames, readJob, runAttributeName, withAttributeName } from '../traces.ts';
import { ownerToken, same, setupReason, untested } from './common.ts';

/** The job operations the peer tries, and the job-type operations it tries where job types are the tenant's. */
const JOB_OPERATIONS = ['getJob', 'updateJobById', 'changeJobStatus', 'changeJobSubStatus', 'changeJobsSubStatus', 'updateJob'] as const;
const JOB_TYPE_OPERATIONS = ['getJobAttributes', 'createJobAttributes'] as const;
const isJobTypeOperation = (op: Operation) => (JOB_TYPE_OPERATIONS as readonly string[]).includes(op.operationId);
/** Statuses that refuse a request of another identity (dispatch-contract.md: 401, 403 or 404). */
const REFUSED = new Set([401, 403, 404]);

const NO_PEER: Reason = {
  code: 'no-peer',
  text: 'no second identity is configured: set DISPATCH_PEER_ACCESS_TOKEN (or DISPATCH_PEER_CLIENT_ID and DISPATCH_PEER_CLIENT_SECRET) and DISPATCH_PEER_TENANT_ID, of another tenant',
};
const JOB_TYPES_SHARED: Reason = {
  code: 'not-configured',
  text: 'job types are not scoped by tenant on this target (DISPATCH_JOB_TYPES_BY_TENANT is not true): another tenant may read them',
};

/** The peer's identity (its token source and tenant), once per context; undefined without a peer. */
function peerIdentity(ctx: SuiteContext): Identity | undefined {
  if (!ctx.config.peer) return undefined;
  return (ctx.state.peer ??= peerIdentityOf(ctx.config)!);
}

/**
 * The control of the peer's refusals: its own job (the one the preflight made, DISPATCH_PEER_JOB_ID,
 * else one made here as the peer and read back as the peer); where the target names no job it
 * makes, an id that names nothing, which a working token reads as 404.
 */
async function peerControl(ctx: SuiteContext, peer: Identity): Promise<{ control: PeerControl; note?: Reason } | { reason: Reason }> {
  const own = ctx.config.peer?.ownJobId;
  if (own) return { control: { jobId: own, expect: 200 } };
  const credentials = peerCredentialSettings(ctx.config);
  const made = await makePeerJob(ctx.client, ctx.contract, ctx.config, peer, ctx.jobs.budget, ctx.jobs.body(), ctx.jobs.uniqueRef(), credentials);
  if (made.made === 'no' && made.reason.code === 'peer-token') return { reason: made.reason };
  if (made.made !== 'no') ctx.jobs.created.push({ jobId: made.made === 'named' ? made.jobId : '', jobRef: made.jobRef, tenantId: ctx.config.peer!.tenantId });
  if (made.made === 'named') return { control: { jobId: made.jobId, expect: 200 } };
  // No job of its own to read (not named, not made): a working token reads an id that names nothing as 404.
  const control: PeerControl = { jobId: unknownJobId(ctx.config.runId), expect: 404 };
  const probe = await peerTokenWorks(ctx, peer, control);
  if (probe.status === 401 || probe.status === 403) return { reason: peerTokenRefused(probe, credentials) };
  const why = made.made === 'no' ? made.reason.text : `createJob as the peer answered ${made.reply.status} without data.id, so its job cannot be read`;
  return { control, note: { code: 'not-configured', text: `the peer's refusals count on its token reading an id that names nothing as 404 (not on a job of its own: ${why})` } };
}

/**
 * The control read as the peer: the status a working token gets (a renewable token refused is
 * renewed once first). A refusal it got just before is then its tenant's.
 */
async function peerTokenWorks(ctx: SuiteContext, peer: Identity, control: PeerControl): Promise<Reply> {
  const read = () => ctx.client.send(ctx.contract.operation('getJob'), { pathParams: { jobId: control.jobId }, identity: peer });
  const reply = await read();
  if (reply.status !== 401 || typeof peer.token === 'string' || !peer.token.renewable) return reply;
  peer.token.invalidate();
  return read();
}

/** A request of `op` aimed at `job` (and the run's job type), with a valid body. */
function requestFor(ctx: SuiteContext, op: Operation, job: JobHandle, attributeName: string): { pathParams: Record<string, string>; body: unknown } {
  const pathParams: Record<string, string> = {};
  if (op.pathParams.includes('jobId')) pathParams.jobId = job.jobId;
  if (op.pathParams.includes('jobTypeId')) pathParams.jobTypeId = ctx.config.jobTypeIds[0]!;
  const filled = fillSlots(validBody(ctx, op), job);
  const body = op.operationId === 'createJobAttributes' ? withAttributeName(filled, attributeName) : filled;
  return { pathParams, body: op.requestSchema ? body : undefined };
}


/**
 * API1: the peer, then each token with the other tenant's X-COREOS-TID, on a job the run created.
 * Rows: `check:tenant-isolation.<operationId>` (the peer as itself) and `check:tenant-binding`.
 */
export async function probeTenantIsolation(ctx: SuiteContext, recorder: Recorder): Promise<void> {
  const ops = [...JOB_OPERATIONS, ...JOB_TYPE_OPERATIONS].map((id) => ctx.contract.operation(id));
  const rows = new Map(ops.map((op) => [op.operationId, recorder.checkRow(RULES.tenantIsolation, op)]));
  const binding = recorder.runRow(RULES.tenantBinding);
  const peer = peerIdentity(ctx);
  if (!peer) {
    for (const row of [...rows.values(), binding]) untested(recorder, row, NO_PEER);
    return;
  }
  const typesScoped = ctx.config.jobTypesByTenant;
  if (!typesScoped) for (const id of JOB_TYPE_OPERATIONS) untested(recorder, rows.get(id)!, JOB_TYPES_SHARED);
  const attempted = ops.filter((op) => typesScoped || !isJobTypeOperation(op));
  await resilient(ctx, recorder, binding.rowId, 'the tenant isolation probe', async () => {
    // The peer's own job first: a peer that cannot make and read one has no working token, and
    // every refusal it would get says nothing of tenant isolation.
    const controlled = await peerControl(ctx, peer);
    if ('reason' in controlled) {
      for (const row of [...rows.values(), binding]) untested(recorder, row, controlled.reason);
      return;
    }
    const { control } = controlled;
    if (controlled.note) for (const row of [...rows.values(), binding]) recorder.note(row, controlled.note);
    let job: JobHandle;
    try {
      job = await ctx.jobs.create();
    } catch (e) {
      const reason = setupReason(e);
      for (const row of [...rows.values(), binding]) untested(recorder, row, reason);
      return;
    }
    // Each identity sends an attribute of its own name, so one the owner reads back names who sent it.
    // `peerToken`: the identity sends the peer's token, whose refusal counts only while that token works.
    const identities: { as: string; who: string; identity: Identity; row: (op: Operation) => ResultRecord; attributeName: string; peerToken: boolean }[] = [
      { as: 'peer', who: `the peer (tenant ${peer.tenantId})`, identity: peer, row: (op) => rows.get(op.operationId)!, attributeName: runAttributeName(ctx, 'peer'), peerToken: true },
      { as: 'peer-token+run-tid', who: "the peer's token with the run's X-COREOS-TID", identity: { ...peer, tenantId: ctx.config.tenantId }, row: () => binding, attributeName: runAttributeName(ctx, 'swapa'), peerToken: true },
      { as: 'run-token+peer-tid', who: "the run's token with the peer's X-COREOS-TID", identity: { token: ownerToken(ctx), tenantId: peer.tenantId }, row: () => binding, attributeName: runAttributeName(ctx, 'swapb'), peerToken: false },
    ];
    let before = (await readJob(ctx, job.jobId)).data;
    for (const { as, who, identity, row: rowOf, attributeName, peerToken } of identities) {
      for (const op of attempted) {
        const row = rowOf(op);
        // Inside a bulk change another tenant's job may be refused or left out (not applied): what
        // the bulk answers for a job it leaves out is a silent point, so its answer is not checked.
        const bulk = op.operationId === 'changeJobsSubStatus';
        const reply = await ctx.client.send(op, { ...requestFor(ctx, op, job, attributeName), identity });
        if (!bulk) recorder.observe(op, reply, undefined, REFUSAL_CHECKS);
        const refusedStatus = REFUSED.has(reply.status);
        // A refusal of the peer's token counts only if that token still works on the peer's own job.
        const check = peerToken && refusedStatus ? await peerTokenWorks(ctx, peer, control) : undefined;
        const judged = check === undefined || check.status === control.expect;
        recorder.attempt(row, { operationId: op.operationId, as, status: reply.status, what: `${op.operationId} as ${who}${judged ? '' : ` (not judged: the peer's own job then answered ${check!.status})`}` });
        if (!judged) untested(recorder, row, peerTokenRefused(check!, peerCredentialSettings(ctx.config)));
        const refused = refusedStatus || (bulk && is2xx(reply.status));
        // The owner's read shows the job as it was (a read changes nothing, nor does a job type's write).
        const after = op.operationId === 'getJob' || isJobTypeOperation(op) ? undefined : await readJob(ctx, job.jobId);
        const changed = after !== undefined && !same(after.data, before);
        if (!refused) {
          // Taken, and nothing changed: when the target takes the same request on an id that names
          // nothing, the one cause is its unknown-id handling (that row's finding), not isolation.
          const knockOn = changed ? undefined : await unknownIdExplains(ctx, op, reply, job, who);
          if (knockOn) untested(recorder, row, knockOn);
          else recorder.fail(row, 'reject', { expected: bulk ? '401, 403 or 404 (refused), or the job left out' : '401, 403 or 404 (refused)', actual: `${describeOutcome(reply)} for ${op.operationId} as ${who} on the run's job ${job.jobId}`, exchange: exchangeOf(reply) });
        } else if (!bulk && judged) recorder.pass(row, 'reject');
        if (changed) {
          const e = { expected: "the run's job unchanged", actual: `${op.operationId} as ${who} changed the job (answered ${reply.status})`, exchange: exchangeOf(after.reply), notes: [`before: ${JSON.stringify(before).slice(0, 300)}`] };
          if (bulk && refused) recorder.fail(row, 'reject', e);
          else recorder.violate(row, e);
          before = after.data;
        } else if (after && bulk && refused && judged) recorder.pass(row, 'reject');
      }
    }
    if (typesScoped) {
      const { reply, names } = await attributeNames(ctx);
      for (const { who, row, attributeName } of identities) {
        if (!names.includes(attributeName)) continue;
        recorder.violate(row(ctx.contract.operation('createJobAttributes')), { expected: "the run's job type without the attribute another identity sent", actual: `the owner reads attribute ${attributeName}, which only ${who} sent`, exchange: exchangeOf(reply) });
      }
    }
  });
}

/**
 * When another identity's request on the run's job was taken (2xx) and changed nothing: whether the
 * target takes the same request, as the owner, on an id that names nothing (an unknown jobId, a
 * jobRef no job carries). It then answers 2xx for ids it does not have, whoever asks: the one
 * cause is check:unknown-id.<operationId>'s finding, and the isolation row is its knock-on. A read
 * that hands back the run's job itself is a leak whatever else is wrong, and is never excused.
 */
async function unknownIdExplains(ctx: SuiteContext, op: Operation, reply: Reply, job: JobHandle, who: string): Promise<Reason | undefined> {
  if (!is2xx(reply.status) || isJobTypeOperation(op) || op.operationId === 'changeJobsSubStatus') return undefined;
  const data = isRecord(reply.json) ? reply.json.data : undefined;
  if (op.operationId === 'getJob' && isRecord(data) && (data.jobId === job.jobId || data.jobRef === job.jobRef)) return undefined;
  const missing = { jobId: unknownJobId(ctx.config.runId), jobRef: ctx.jobs.uniqueRef() };
  const request = requestFor(ctx, op, missing, runAttributeName(ctx, 'none'));
  const owner = await ctx.client.send(op, request);
  if (!is2xx(owner.status)) return undefined;
  const root = `${RULES.unknownId.id}.${op.operationId}`;
  return {
    code: 'knock-on',
    root,
    text: `not judged: ${op.operationId} as ${who} was answered ${reply.status} and changed nothing, and the target answers ${owner.status} to the same request on ${op.operationId === 'updateJob' ? `a jobRef no job carries (${missing.jobRef})` : `a job id that names nothing (${missing.jobId})`}, request ${owner.requestId}: the cause is its unknown-id handling; see ${root}`,
  };
}
