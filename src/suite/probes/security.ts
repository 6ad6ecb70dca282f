/**
 * The access rules of a multi-tenant API (dispatch-contract.md "Tenants and access", provenance
 * `security`, each from its OWASP API Security Top 10 (2023) item):
 *
 * - API1, object level: a second identity of another tenant (the peer, DISPATCH_PEER_*) tries
 *   every job operation on a job the run created as itself, then each identity's token with the
 *   other's X-COREOS-TID. Each request is refused (401, 403 or 404, never 2xx) and the owner's read
 *   shows the job unchanged after each.
 * - API2, authentication: an empty token, the token altered in one character (its last, its first,
 *   one letter's case, one appended), a token of its shape that was never issued, the token only as
 *   `Authorization: Bearer`, and a revoked token where the target can revoke one: 401 on every
 *   operation, and the job unchanged. A token past its expiresIn: token-lifecycle.ts.
 * - API3, mass assignment: create and update bodies carrying members the server owns (jobId
 *   naming another job, status, tenantId, entityMeta, createdAt): refused or ignored, never taken.
 * - API8, error answers: no stack trace, source path or exception name (assumed: a deviation).
 *
 * Every job comes from the run's job factory and budget; the plan counts them (SECURITY_JOBS).
 */
import { clientCredentials, type Identity, type Reply, type TokenSource } from '../../client/index.ts';
import { peerCredentialSettings, peerIdentityOf, tokenSourceOf } from '../../client/from-config.ts';
import { makePeerJob, peerTokenRefused, type PeerControl } from '../peer.ts';
import { is2xx, REFUSAL_CHECKS, RULES } from '../../checks/index.ts';
import type { Operation } from '../../contract/index.ts';
import type { Reason, ResultRecord } from '../../results/model.ts';
import { isRecord } from '../../shared/json.ts';
import type { SuiteContext } from '../context.ts';
import { fillSlots } from '../slots.ts';
import { describeOutcome, exchangeOf } from '../evidence.ts';
import { JobSetupFailed, type JobHandle } from '../jobs.ts';
import { prepare } from '../prepare.ts';
import { unknownJobId } from '../job-ids.ts';
import { afterSend } from '../judge.ts';
import { pollJob } from '../consistency.ts';
import type { Recorder } from '../recorder.ts';
import { resilient } from '../resilient.ts';
import { validBody } from './bodies.ts';
import { attributeNames, readJob, runAttributeName, withAttributeName } from './traces.ts';

export { SECURITY_JOBS } from './security-jobs.ts';

/** The job operations the peer tries, and the job-type operations it tries where job types are the tenant's. */
const JOB_OPERATIONS = ['getJob', 'updateJobById', 'changeJobStatus', 'changeJobSubStatus', 'changeJobsSubStatus', 'updateJob'] as const;
const JOB_TYPE_OPERATIONS = ['getJobAttributes', 'createJobAttributes'] as const;
const isJobTypeOperation = (op: Operation) => (JOB_TYPE_OPERATIONS as readonly string[]).includes(op.operationId);
/** Statuses that refuse a request of another identity (dispatch-contract.md: 401, 403 or 404). */
const REFUSED = new Set([401, 403, 404]);


/**
 * The one way a security row is left untested: its reason, typed. (Kept in one place so the
 * recorder's API can change under it.)
 */
function untested(recorder: Recorder, row: ResultRecord, reason: Reason): void {
  recorder.notSent(row, reason);
}

const NO_PEER: Reason = {
  code: 'no-peer',
  text: 'no second identity is configured: set DISPATCH_PEER_ACCESS_TOKEN (or DISPATCH_PEER_CLIENT_ID and DISPATCH_PEER_CLIENT_SECRET) and DISPATCH_PEER_TENANT_ID, of another tenant',
};
const JOB_TYPES_SHARED: Reason = {
  code: 'not-configured',
  text: 'job types are not scoped by tenant on this target (DISPATCH_JOB_TYPES_BY_TENANT is not true): another tenant may read them',
};

function setupReason(e: unknown): Reason {
  if (e instanceof JobSetupFailed) return e.reason;
  throw e;
}

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

/** The run's own token source (a second one: the client keeps its own private). */
function ownerToken(ctx: SuiteContext): TokenSource {
  return (ctx.state.ownerToken ??= tokenSourceOf(ctx.config));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

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

/** A token of the same shape (each letter or digit replaced by another of its class), never issued. */
function sameShape(token: string, seed: number): string {
  let x = (seed >>> 0) || 1;
  const next = () => (x = (x * 1103515245 + 12345) >>> 0);
  const pick = (chars: string, not: string) => {
    const c = chars[next() % chars.length]!;
    return c === not ? chars[(chars.indexOf(c) + 1) % chars.length]! : c;
  };
  return [...token].map((ch) => (/[0-9]/.test(ch) ? pick('0123456789', ch) : /[a-z]/.test(ch) ? pick('abcdefghijklmnopqrstuvwxyz', ch) : /[A-Z]/.test(ch) ? pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ', ch) : ch)).join('');
}

/** The token with its last (or first) letter or digit changed to the next of its class. */
function oneCharChanged(token: string, which: 'first' | 'last' = 'last'): string {
  const alnum = (c: string) => /[A-Za-z0-9]/.test(c);
  const i = which === 'last' ? [...token].findLastIndex(alnum) : [...token].findIndex(alnum);
  if (i < 0) return `${token}x`;
  const c = token[i]!;
  const swapped = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : c === 'z' ? 'a' : c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1);
  return token.slice(0, i) + swapped + token.slice(i + 1);
}

/** The token with its first letter's case flipped (undefined for a token without letters): a case-insensitive compare takes it. */
function caseFlipped(token: string): string | undefined {
  const i = [...token].findIndex((c) => /[A-Za-z]/.test(c));
  if (i < 0) return undefined;
  const c = token[i]!;
  return token.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + token.slice(i + 1);
}

/** A token the target issued and then revoked, where the target can revoke (the reference server); undefined elsewhere. */
async function revokedToken(ctx: SuiteContext): Promise<string | undefined> {
  const c = ctx.config;
  if (!c.revokeUrl || !c.clientId || !c.clientSecret || !c.authUrl) return undefined;
  const source = clientCredentials({ authUrl: c.authUrl, clientId: c.clientId, clientSecret: c.clientSecret, audience: c.audience, timeoutMs: c.timeoutMs });
  const token = await source.get();
  const res = await fetch(c.revokeUrl, { method: 'POST' });
  await res.body?.cancel();
  return res.ok ? token : undefined;
}

/**
 * API2: every operation with each token variant; 401 each time, and the job the request names
 * unchanged. Rows: `check:token-variants.<operationId>`.
 */
export async function probeTokenVariants(ctx: SuiteContext, recorder: Recorder): Promise<void> {
  const main = await ownerToken(ctx).get();
  const revoked = await revokedToken(ctx);
  const variants: { as: string; what: string; identity: Identity }[] = [
    { as: 'empty', what: 'an empty X-COREOS-ACCESS', identity: { token: '' } },
    { as: 'one-char-changed', what: 'the token with one character changed', identity: { token: oneCharChanged(main) } },
    // Altered in one character elsewhere: the first, one letter's case, one more at the end (a prefix compare).
    { as: 'first-char-changed', what: 'the token with its first character changed', identity: { token: oneCharChanged(main, 'first') } },
    ...(caseFlipped(main) !== undefined ? [{ as: 'case-flipped', what: "the token with one letter's case flipped", identity: { token: caseFlipped(main)! } }] : []),
    { as: 'char-appended', what: 'the token with one character appended', identity: { token: `${main}0` } },
    { as: 'never-issued', what: 'a token of its shape that was never issued', identity: { token: sameShape(main, ctx.config.seed) } },
    { as: 'bearer-only', what: 'the token only as Authorization: Bearer', identity: { token: main, bearer: true } },
    ...(revoked ? [{ as: 'revoked', what: 'a token the target issued, then revoked', identity: { token: revoked } }] : []),
  ];
  for (const op of ctx.contract.operations) {
    const row = recorder.checkRow(RULES.tokenVariants, op);
    if (!revoked) recorder.note(row, { code: 'not-configured', text: 'no revoked token tried: the target offers no way to revoke one (only the embedded server does)' });
    await resilient(ctx, recorder, row.rowId, 'the token variants probe', async () => {
      const prepared = await prepare(ctx, op, { operationId: op.operationId, kind: 'valid', expect: 'accept', instancePointer: '', path: 'body', description: 'a valid request', body: validBody(ctx, op) }, 'reject');
      if (!prepared.send) return untested(recorder, row, prepared.reason);
      const job = prepared.job;
      const before = job && op.operationId !== 'getJob' ? (await readJob(ctx, job.jobId)).data : undefined;
      for (const { as, what, identity } of variants) {
        const reply = await ctx.client.send(op, { pathParams: prepared.pathParams, body: prepared.body, identity });
        afterSend(ctx, op, prepared, reply);
        recorder.observe(op, reply, undefined, REFUSAL_CHECKS);
        recorder.attempt(row, { operationId: op.operationId, as, status: reply.status, what });
        if (reply.status === 401) recorder.pass(row, 'reject');
        else recorder.fail(row, 'reject', { expected: '401', actual: `${describeOutcome(reply)} with ${what}`, exchange: exchangeOf(reply) });
      }
      if (job && before !== undefined) {
        const after = await readJob(ctx, job.jobId);
        if (!same(after.data, before)) recorder.violate(row, { expected: 'the job unchanged', actual: `a request with a token that is not valid changed job ${job.jobId}`, exchange: exchangeOf(after.reply) });
      }
    });
  }
}

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

/**
 * API8: every error answer of the run is read for a leak (the check in src/checks/error-leak.ts);
 * this probe makes sure there are some, of the kinds a handler most often lets an exception
 * through on: a body that breaks its schema, a body that is not JSON, an unknown id. Row:
 * `check:error-leak`, the check's.
 */
export async function probeErrorLeak(ctx: SuiteContext, recorder: Recorder): Promise<void> {
  const row = recorder.runRow(RULES.errorLeak);
  // Error answers from an operation that makes no job (the attributes of the run's job type), so
  // the probe needs nothing from the job budget whatever the target does.
  const attributes = ctx.contract.operation('createJobAttributes');
  const getJob = ctx.contract.operation('getJob');
  const jobTypeId = ctx.config.jobTypeIds[0]!;
  await resilient(ctx, recorder, row.rowId, 'the error leak probe', async () => {
    const replies = [
      { op: attributes, as: 'empty-object', what: 'createJobAttributes with an empty object', reply: await ctx.client.send(attributes, { pathParams: { jobTypeId }, body: {} }) },
      { op: attributes, as: 'not-json', what: 'createJobAttributes with a body that is not JSON', reply: await ctx.client.send(attributes, { pathParams: { jobTypeId }, rawBody: '{"attributes":' }) },
      { op: getJob, as: 'unknown-id', what: 'getJob of an unknown id', reply: await ctx.client.send(getJob, { pathParams: { jobId: `job:${ctx.config.runId}-none` } }) },
    ];
    for (const { op, as, what, reply } of replies) {
      // The check judges each error answer on the row as it does every other of the run.
      recorder.observe(op, reply);
      recorder.attempt(row, { operationId: op.operationId, as, status: reply.status, what });
    }
  });
}
