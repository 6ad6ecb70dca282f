/**
 * How the reference server answers. `contract` answers as dispatch-contract.md pins it (202 with
 * `{data:{id}}` for every write, `{error:{code,description}, request}` for errors). `os1` answers the
 * way OS1's public API reference shows (os1-reference.md), so the suite can be proved against a
 * target shaped like a real deployment: `error` (with empty strings) and `request` (uri, method,
 * queryString, body) on every answer, 12-digit error codes with additionalInfo, 200 for a single
 * sub-status change, no `data` in the bulk answer, entity metadata around a job read, and the other
 * page's readings of the request bodies (objectives optional, location and contact as objects).
 * Every fault applies under both profiles: a profile shapes the reply first, faults after.
 */
import type { Reply, RequestEcho } from './http.ts';
import { isRecord } from '../shared/json.ts';

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
  /** Shapes a reply the handlers built in the contract's envelope. */
  shape(reply: Reply, ctx: ReplyContext): Reply;
}

export const PROFILE_NAMES = ['contract', 'os1'] as const;
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
  shape: (reply) => reply,
};

export const PROFILES: Record<ProfileName, Profile> = { contract, os1 };
