/**
 * How the reference server answers. `contract` answers as dispatch-contract.md pins it (202 with
 * `{data:{id}}` for every write, `{error:{code,description}, request}` for errors). `os1` answers the
 * way OS1's public API reference shows (os1-reference.md), so the suite can be proved against a
 * target shaped like a real deployment: `error` (with empty strings) and `request` (uri, method,
 * queryString, body) on every answer, 12-digit error codes with additionalInfo, 200 for a single
 * sub-status change, no `data` in the bulk answer, entity metadata around a job read, and the other
 * page's readings of the request bodies (objectives optional, location and contact as objects).
 * `lenient` answers as a correct target built on a mainstream stack may: it reads JSON with every
 * leeway RFC 8259 section 9 allows and common parsers take (invalid UTF-8 replaced, what follows
 * the first value ignored, NaN and Infinity, a byte-order mark and the content type ignored),
 * answers 200 where 202 is documented, adds members of its own to answers, and gives the bulk
 * answer no data. Nothing it does breaks a documented or reference rule: the suite lists its
 * parsing leeway as deviations from assumed conventions (expectedDeviations), and nothing else.
 * Every fault applies under every profile: a profile shapes the reply first, faults after.
 */
import { STRICT_JSON, type JsonReading, type Reply, type RequestEcho } from './http.ts';
import { isRecord } from '../shared/json.ts';
import { CHECKS } from '../results/model.ts';

/** What a profile may look at besides the reply. */
export interface ReplyContext {
  echo: RequestEcho;
  /** The operation the request was routed to (undefined for the token endpoint and unknown paths). */
  operationId?: string;
  /** The query string, without `?`. */
  query: string;
  /** The parsed request body, when there was one. */
  body?: unknown;
  /** The request's headers (lower-case names), for a fault that echoes them. */
  headers?: Record<string, string | string[] | undefined>;
}

export interface Profile {
  name: ProfileName;
  description: string;
  /** The `x-readings` of the contract the server validates with (ids). */
  readings: readonly string[];
  /** How it reads a request body as JSON (strictly, or with RFC 8259's leeway). */
  json: Readonly<JsonReading>;
  /**
   * Rows (ids, or prefixes ending in '.') the suite reports as deviations from assumed
   * conventions on this profile unfaulted, by design: the mutation runner counts any other
   * violation or deviation as a false alarm.
   */
  expectedDeviations: readonly string[];
  /** Faults this profile already has (by name, with why): on it, they are equivalent mutants. */
  absorbs: Readonly<Record<string, string>>;
  /** Shapes a reply the handlers built in the contract's envelope. */
  shape(reply: Reply, ctx: ReplyContext): Reply;
}

export const PROFILE_NAMES = ['contract', 'os1', 'lenient'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** OS1 error codes are 12 digits: service, method, error. No Dispatch code is published: these are ours. */
const SERVICE = '1042';
const METHODS: Record<string, string> = {
  createJobAttributes: '0001',
  getJobAttributes: '0002',
  createJob: '0003',
  updateJob: '0004',
  updateJobById: '0005',
  getJob: '0006',
  changeJobStatus: '0007',
  changeJobSubStatus: '0008',
  changeJobsSubStatus: '0009',
};

function os1Code(operationId: string | undefined, status: number): string {
  return `${SERVICE}${METHODS[operationId ?? ''] ?? '0000'}${String(status).padStart(4, '0')}`;
}

/** A job read as OS1 shows it: the job's members among entity metadata. */
function withEntityMeta(job: unknown): unknown {
  if (!isRecord(job)) return job;
  return {
    entityCode: job.jobId,
    entityType: 'job',
    schemaNamespace: 'dispatch',
    schemaVersion: '2',
    entityMeta: { source: 'dispatch-conformance reference server' },
    jobTypeName: `Job type ${String(job.jobTypeId)}`,
    tenantId: 'conformance',
    ...job,
  };
}

const os1: Profile = {
  name: 'os1',
  description: "answers as OS1's public API reference shows",
  readings: ['objectivesOptional', 'locationObject', 'contactObject'],
  json: STRICT_JSON,
  expectedDeviations: [],
  absorbs: {},
  shape(reply, ctx) {
    if (reply.text !== undefined || !isRecord(reply.body)) return reply;
    const request = { uri: ctx.echo.path, method: ctx.echo.method, queryString: ctx.query, body: ctx.body ?? {} };
    const b = reply.body;
    if (reply.status >= 400) {
      const { code, description, ...rest } = isRecord(b.error) ? b.error : {};
      const error = { code: os1Code(ctx.operationId, reply.status), description: String(description ?? ''), additionalInfo: { reason: code, ...rest } };
      return { ...reply, body: { error, request } };
    }
    const data = ctx.operationId === 'changeJobsSubStatus' ? undefined : ctx.operationId === 'getJob' ? withEntityMeta(b.data) : b.data;
    const status = ctx.operationId === 'changeJobSubStatus' && reply.status === 202 ? 200 : reply.status;
    return { ...reply, status, body: { error: { code: '', description: '', additionalInfo: {} }, request, ...(data !== undefined ? { data } : {}) } };
  },
};

const contract: Profile = {
  name: 'contract',
  description: 'answers as dispatch-contract.md pins it',
  readings: [],
  json: STRICT_JSON,
  expectedDeviations: [],
  absorbs: {},
  shape: (reply) => reply,
};

/** Members of its own the lenient profile adds to every answer of the Jobs API. */
const LENIENT_META = { server: 'dispatch-conformance reference server', profile: 'lenient' };

const lenient: Profile = {
  name: 'lenient',
  description: 'reads JSON with the leeway RFC 8259 allows and mainstream stacks take, answers 200 for 202, adds members, no data in the bulk answer',
  readings: [],
  json: { replaceInvalidUtf8: true, ignoreBom: true, firstValueOnly: true, nonFiniteNumbers: true, anyContentType: true },
  // Taking a body that is not one JSON value is a deviation from an assumed convention (dispatch-contract.md, State).
  expectedDeviations: [`${CHECKS.malformedBody}.`],
  absorbs: { 'lenient-json': 'the lenient profile already reads the first JSON value and ignores what follows it' },
  shape(reply, ctx) {
    // The token endpoint and paths the API does not have are answered as they are.
    if (reply.text !== undefined || !isRecord(reply.body) || ctx.operationId === undefined) return reply;
    const { data, ...rest } = reply.body;
    if (reply.status >= 300) return { ...reply, body: { ...reply.body, meta: LENIENT_META } };
    const write = ctx.echo.method !== 'GET';
    const shaped = ctx.operationId === 'changeJobsSubStatus' ? undefined : !isRecord(data) ? data : write ? { ...data, accepted: true } : ctx.operationId === 'getJob' ? { ...data, links: { self: ctx.echo.path } } : data;
    return { ...reply, status: write && reply.status === 202 ? 200 : reply.status, body: { ...rest, ...(shaped !== undefined ? { data: shaped } : {}), meta: LENIENT_META } };
  },
};

export const PROFILES: Record<ProfileName, Profile> = { contract, os1, lenient };
