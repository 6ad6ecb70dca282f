/**
 * The nine operations of the Jobs API, on the in-memory store. A handler gets a request whose
 * headers, credentials and body have already been checked, and returns a reply. Handlers know no
 * fault: they read the behaviour's knobs (unknown ids, relaxed members, access). Every job belongs
 * to the tenant that created it: another tenant's job is, to a request, a job that does not exist.
 */
import { randomUUID } from 'node:crypto';
import { isSchemaObject, type JsonSchema } from '../contract/index.ts';
import { isRelaxed, type Behaviour, type Reply } from './behaviour.ts';
import { serverContract } from './contract.ts';
import { acceptedReply, errorReply, readReply, type RequestEcho } from './http.ts';
import { SEEDED_IDS, type SeededKind } from './seed.ts';
import { NEW_JOB_STATUS } from './silent.ts';
import type { Job, Store } from './store.ts';
import { isRecord } from '../shared/json.ts';

export interface HandlerContext {
  operationId: string;
  params: Record<string, string>;
  body: unknown;
  echo: RequestEcho;
  behaviour: Behaviour;
  store: Store;
  /** The tenant the request acts for (its token's; X-COREOS-TID's only under a fault). */
  tenant: string;
  /** Whether a job type or workflow exists for the request's tenant. */
  isSeeded(kind: SeededKind, id: string): boolean;
}

export type Handler = (ctx: HandlerContext) => Reply | Promise<Reply>;

type Rec = Record<string, unknown>;
const has = (o: Rec, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The current job (write side) when it is the request's tenant's; undefined otherwise. */
function ownJob(ctx: HandlerContext, jobId: string): Job | undefined {
  return ctx.store.ownerOf(jobId) === ctx.tenant ? ctx.store.currentJob(jobId) : undefined;
}

/** The contract's (never a faulted) request schema of an operation, to read members and annotations from. */
function contractSchema(operationId: string): JsonSchema {
  return serverContract().contract.operation(operationId).requestSchema!;
}

/** Keeps only the members the schema lists, recursively: extra members are never stored. */
function project(schema: unknown, value: unknown): unknown {
  if (!isSchemaObject(schema)) return value;
  if (schema.properties && isRecord(value)) {
    const out: Rec = {};
    for (const [k, s] of Object.entries(schema.properties)) if (has(value, k)) out[k] = project(s, value[k]);
    return out;
  }
  if (isSchemaObject(schema.items) && Array.isArray(value)) return value.map((v) => project(schema.items, v));
  return value;
}

/**
 * The answer for an id the server does not know: a 404, or what the behaviour says instead.
 * `relaxed` is true when a fault switched off this member's check: the request is then accepted.
 */
function unknown(ctx: HandlerContext, what: string, accept: () => Reply, relaxed = false): Reply {
  if (relaxed || ctx.behaviour.unknownId === 'accept') return accept();
  if (ctx.behaviour.acceptsUnknownIn.includes(ctx.operationId)) return { status: 202, headers: {}, body: { data: { updated: 0 }, request: ctx.echo } };
  if (ctx.behaviour.unknownId === 'crash') throw new TypeError(`Cannot read properties of undefined (reading '${what}')`);
  return errorReply(404, 'NOT_FOUND', `no ${what}`, ctx.echo);
}

const newJobId = () => `job:${randomUUID()}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The id of a create in flight, per store (the createIdRaceMs knob: a create arriving meanwhile is given it too). */
const createsInFlight = new WeakMap<Store, string>();

/** The jobs equal bodies made, per store (the createDedups knob). */
const dedups = new WeakMap<Store, Map<string, string>>();
function dedupedCreates(store: Store): Map<string, string> {
  let m = dedups.get(store);
  if (!m) dedups.set(store, (m = new Map()));
  return m;
}

/**
 * The objectives an update by id stores: the body's, or under the update-appends-known-objectives
 * fault the job's followed by the body's when one of them has an objectiveRef the job already has.
 */
function updatedObjectives(ctx: HandlerContext, change: Rec): Rec {
  if (!ctx.behaviour.state.updateAppendsKnownObjectives || !Array.isArray(change.objectives)) return change;
  const had = ownJob(ctx, ctx.params.jobId!)?.objectives;
  const refs = new Set((Array.isArray(had) ? had : []).map((o) => (isRecord(o) ? o.objectiveRef : undefined)));
  const known = change.objectives.some((o) => isRecord(o) && refs.has(o.objectiveRef));
  return known && Array.isArray(had) ? { ...change, objectives: [...had, ...change.objectives] } : change;
}

/** A sub-status as the server keeps it (trimmed under the trim-sub-status fault). */
function keptSubStatus(ctx: HandlerContext, value: unknown): unknown {
  return ctx.behaviour.state.trimSubStatus && typeof value === 'string' ? value.trim() : value;
}

/** A job's members as the server keeps them: as given, unless a state fault normalises strings (NFC) or rescales epoch milliseconds. */
function kept(ctx: HandlerContext, change: Rec): Rec {
  const { nfcLocationContact, epochMsToSeconds, truncateStartDateTime } = ctx.behaviour.state;
  if (!nfcLocationContact && !epochMsToSeconds && !truncateStartDateTime) return change;
  const walk = (v: unknown, inRef: boolean, key = ''): unknown => {
    if (typeof v === 'string') return inRef && nfcLocationContact ? v.normalize('NFC') : v;
    if (typeof v === 'number' && truncateStartDateTime && key === 'startDateTime') return Math.trunc(v);
    if (typeof v === 'number') return epochMsToSeconds && Number.isInteger(v) && v >= 1e12 && v < 1e14 ? Math.floor(v / 1000) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, inRef));
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, inRef || k === 'location' || k === 'contact', k)]));
    return v;
  };
  const out: Rec = { ...change };
  for (const k of ['objectives', 'scheduledFor'] as const) if (has(out, k)) out[k] = walk(out[k], false);
  return out;
}

/** Applies a change to a job found by its path parameter. */
function changeJob(ctx: HandlerContext, change: (body: Rec) => Partial<Job>): Reply {
  const jobId = ctx.params.jobId!;
  const body = isRecord(ctx.body) ? ctx.body : {};
  if (!ownJob(ctx, jobId)) return unknown(ctx, `job "${jobId}"`, () => acceptedReply(jobId, ctx.echo));
  ctx.store.updateJob(jobId, change(body));
  return acceptedReply(jobId, ctx.echo);
}

function madeUpJob(jobId: string): Job {
  return { jobId, jobRef: jobId, jobTypeId: SEEDED_IDS.jobType[0], jobWorkflowId: SEEDED_IDS.jobWorkflow[0], status: NEW_JOB_STATUS, subStatus: null, objectives: [], scheduledFor: { startDateTime: 0 }, assets: [] };
}

export const handlers: Record<string, Handler> = {
  createJobAttributes(ctx) {
    const jobTypeId = ctx.params.jobTypeId!;
    const id = `attributes:${randomUUID()}`;
    if (!ctx.isSeeded('jobType', jobTypeId)) return unknown(ctx, `job type "${jobTypeId}"`, () => acceptedReply(id, ctx.echo));
    const body = project(contractSchema(ctx.operationId), ctx.body);
    const attributes = isRecord(body) && Array.isArray(body.attributes) ? body.attributes : [];
    ctx.store.addAttributes(jobTypeId, attributes);
    return acceptedReply(id, ctx.echo);
  },

  getJobAttributes(ctx) {
    const jobTypeId = ctx.params.jobTypeId!;
    if (!ctx.isSeeded('jobType', jobTypeId)) return unknown(ctx, `job type "${jobTypeId}"`, () => readReply({ attributes: [] }, ctx.echo));
    return readReply({ attributes: ctx.store.readAttributes(jobTypeId) }, ctx.echo);
  },

  async createJob(ctx) {
    const schema = contractSchema(ctx.operationId);
    const body = isRecord(ctx.body) ? ctx.body : {};
    // Referential members: only a string is looked up, so a length or type violation is reported as such.
    for (const [name, member] of Object.entries(schema.properties ?? {})) {
      const kind = isSchemaObject(member) ? member['x-referential'] : undefined;
      if (kind !== 'jobType' && kind !== 'jobWorkflow') continue;
      const value = body[name];
      if (typeof value !== 'string' || ctx.isSeeded(kind, value) || isRelaxed(ctx.behaviour, ctx.operationId, name)) continue;
      return errorReply(400, 'UNKNOWN_REFERENCE', `${name}: no ${kind === 'jobType' ? 'job type' : 'job workflow'} "${value}" exists`, ctx.echo, { member: name, keyword: 'x-referential' });
    }
    const p = project(schema, body) as Rec;
    // The server owns the id and the status; only a fault takes them from the body.
    const takes = (member: 'jobId' | 'status' | 'tenantId') => ctx.behaviour.access.createTakes.includes(member) && typeof body[member] === 'string' && body[member] !== '';
    let jobId = takes('jobId') ? (body.jobId as string) : newJobId();
    const race = ctx.behaviour.state.createIdRaceMs;
    if (race > 0) {
      // The concurrent-create-same-id fault: an id handed out before the create in flight stored its job.
      const inFlight = createsInFlight.get(ctx.store);
      if (inFlight) jobId = inFlight;
      else {
        createsInFlight.set(ctx.store, jobId);
        await sleep(race);
        createsInFlight.delete(ctx.store);
      }
    }
    const stored = kept(ctx, p);
    const { createDedups, createUpsertsByRef } = ctx.behaviour.state;
    // The create-dedups-equal-bodies fault: an equal body (no jobRef) is answered with the job it made before.
    const dedupKey = createDedups && !has(p, 'jobRef') ? `${ctx.tenant}\u0000${JSON.stringify(p)}` : undefined;
    const seen = dedupKey !== undefined ? dedupedCreates(ctx.store).get(dedupKey) : undefined;
    if (seen) return acceptedReply(seen, ctx.echo);
    if (dedupKey !== undefined) dedupedCreates(ctx.store).set(dedupKey, jobId);
    // The create-upserts-by-jobRef fault: a jobRef the tenant has already names the job to overwrite.
    const upserted = createUpsertsByRef && typeof p.jobRef === 'string' ? ctx.store.jobIdByRef(p.jobRef, ctx.tenant) : undefined;
    if (upserted) {
      ctx.store.updateJob(upserted, { jobTypeId: p.jobTypeId, jobWorkflowId: p.jobWorkflowId, objectives: stored.objectives, scheduledFor: stored.scheduledFor, assets: stored.assets });
      return acceptedReply(upserted, ctx.echo);
    }
    const jobRef = typeof p.jobRef === 'string' && !ctx.behaviour.dropsJobRef ? p.jobRef : `ref-${randomUUID()}`;
    ctx.store.createJob(
      {
        jobId,
        jobRef,
        jobTypeId: p.jobTypeId,
        jobWorkflowId: p.jobWorkflowId,
        status: takes('status') ? body.status : NEW_JOB_STATUS,
        subStatus: null,
        objectives: stored.objectives,
        scheduledFor: stored.scheduledFor,
        assets: stored.assets,
      },
      takes('tenantId') ? (body.tenantId as string) : ctx.tenant,
    );
    return acceptedReply(jobId, ctx.echo);
  },

  updateJob(ctx) {
    const body = isRecord(ctx.body) ? ctx.body : {};
    const jobId = typeof body.jobRef === 'string' ? ctx.store.jobIdByRef(body.jobRef, ctx.tenant) : undefined;
    if (!jobId) {
      return unknown(ctx, `job with jobRef ${JSON.stringify(body.jobRef)}`, () => acceptedReply(newJobId(), ctx.echo), isRelaxed(ctx.behaviour, ctx.operationId, 'jobRef'));
    }
    ctx.store.updateJob(jobId, { status: body.status });
    return acceptedReply(jobId, ctx.echo);
  },

  async updateJobById(ctx) {
    const schema = contractSchema(ctx.operationId);
    const wait = ctx.behaviour.state.staleWriteBackMs;
    const before = wait > 0 ? ownJob(ctx, ctx.params.jobId!) : undefined;
    if (before) {
      // The stale-write-back fault: read, wait, write the copy read back with the change.
      const stale = { ...before };
      await sleep(wait);
      return changeJob(ctx, (body) => ({ ...stale, ...(kept(ctx, project(schema, body) as Rec) as Partial<Job>) }));
    }
    return changeJob(ctx, (body) => updatedObjectives(ctx, kept(ctx, project(schema, body) as Rec)) as Partial<Job>);
  },

  getJob(ctx) {
    const jobId = ctx.params.jobId!;
    const mine = ctx.store.ownerOf(jobId) === ctx.tenant || ctx.behaviour.access.readIgnoresTenant;
    const job = mine ? ctx.store.readJob(jobId) : undefined;
    if (!job) return unknown(ctx, `job "${jobId}"`, () => readReply(madeUpJob(jobId), ctx.echo));
    return readReply(job, ctx.echo);
  },

  changeJobStatus(ctx) {
    // Without a subStatus, the job keeps the one it had (see silent.ts).
    return changeJob(ctx, (body) => (has(body, 'subStatus') ? { status: body.status, subStatus: keptSubStatus(ctx, body.subStatus) } : { status: body.status }));
  },

  changeJobSubStatus(ctx) {
    // The sub-status-reopens fault: a sub-status change on a completed job makes it new again.
    const reopens = ctx.behaviour.state.subStatusReopens && ownJob(ctx, ctx.params.jobId!)?.status === 'COMPLETED';
    return changeJob(ctx, (body) => ({ subStatus: keptSubStatus(ctx, body.subStatus), ...(reopens ? { status: NEW_JOB_STATUS } : {}) }));
  },

  changeJobsSubStatus(ctx) {
    const body = isRecord(ctx.body) ? ctx.body : {};
    const items = (Array.isArray(body.jobs) ? body.jobs : []).filter(isRecord);
    // Another tenant's job is no job of this request's, unless a fault skips the check.
    const known = items.filter((j) => typeof j.jobId === 'string' && (ctx.behaviour.access.bulkSkipsTenant ? ctx.store.currentJob(j.jobId) : ownJob(ctx, j.jobId)));
    const id = `batch:${randomUUID()}`;
    if (known.length < items.length && !isRelaxed(ctx.behaviour, ctx.operationId, 'jobs[].jobId')) {
      const missing = items.filter((j) => !known.includes(j)).map((j) => JSON.stringify(j.jobId));
      // Atomic: with an unknown id in it, no job of the request is changed (see silent.ts).
      if (ctx.behaviour.unknownId !== 'accept') return unknown(ctx, `job ${missing.join(', ')}`, () => acceptedReply(id, ctx.echo));
    }
    // In order: a job named twice keeps the last item's sub-status (see silent.ts).
    for (const j of ctx.behaviour.bulkFirstItemOnly ? known.slice(0, 1) : known) ctx.store.updateJob(j.jobId as string, { subStatus: keptSubStatus(ctx, j.subStatus) });
    return acceptedReply(id, ctx.echo);
  },
};
