/**
 * Security faults: the server lets one tenant reach another's jobs, takes members it owns from a
 * body, lets in a token it should refuse, or tells an error's caller about its insides. Each breaks
 * one rule of dispatch-contract.md "Tenants and access" and is caught on that rule's row.
 */
import { CHECKS } from '../../results/model.ts';
import { isRecord } from '../../shared/json.ts';
import type { Fault } from './types.ts';

/** What a Node service's unhandled error looks like: an exception name, frames, source paths. */
const STACK = [
  "TypeError: Cannot read properties of undefined (reading 'jobRef')",
  '    at validateJob (/srv/dispatch/src/handlers/jobs.js:112:17)',
  '    at Layer.handle [as handle_request] (/srv/dispatch/node_modules/express/lib/router/layer.js:95:5)',
].join('\n');

export const securityFaults: Fault[] = [
  {
    name: 'read-ignores-tenant',
    description: "getJob serves another tenant's job to whoever names its id",
    detectedBy: `${CHECKS.tenantIsolation}.getJob`,
    family: 'security',
    apply: (b) => void (b.access.readIgnoresTenant = true),
  },
  {
    name: 'trusts-tid-header',
    description: "the request's tenant is X-COREOS-TID's, not its token's: any token reaches any tenant's jobs",
    detectedBy: CHECKS.tenantBinding,
    family: 'security',
    apply: (b) => void (b.access.trustTidHeader = true),
  },
  {
    name: 'create-takes-jobId',
    description: "createJob takes jobId from the body: a body naming an existing job's id replaces that job",
    detectedBy: `${CHECKS.massAssignment}.createJob`,
    family: 'security',
    apply: (b) => void b.access.createTakes.push('jobId'),
  },
  {
    name: 'create-takes-status',
    description: 'createJob takes status from the body: a new job can be born COMPLETED',
    detectedBy: `${CHECKS.massAssignment}.createJob`,
    family: 'security',
    apply: (b) => void b.access.createTakes.push('status'),
  },
  {
    name: 'create-takes-tenantId',
    description: "createJob takes tenantId from the body: a job lands in the tenant the body names, out of its creator's reach",
    detectedBy: `${CHECKS.massAssignment}.createJob`,
    family: 'security',
    apply: (b) => void b.access.createTakes.push('tenantId'),
  },
  {
    name: 'bulk-skips-tenant',
    description: "the bulk sub-status change applies items that name another tenant's jobs",
    detectedBy: `${CHECKS.tenantIsolation}.changeJobsSubStatus`,
    family: 'security',
    apply: (b) => void (b.access.bulkSkipsTenant = true),
  },
  {
    name: 'bearer-accepted',
    description: 'a token sent only in Authorization, as a bearer token (not in X-COREOS-ACCESS), is accepted',
    detectedBy: CHECKS.tokenVariants,
    family: 'security',
    apply: (b) => void (b.access.bearer = true),
  },
  {
    name: 'stack-trace-400',
    description: "a 400's error carries the stack trace of the exception behind it (a source path, a framework's frames)",
    detectedBy: CHECKS.errorLeak,
    family: 'security',
    apply: (b) =>
      void b.replyHooks.push((r) => {
        if (r.status !== 400 || !isRecord(r.body)) return r;
        const error = isRecord(r.body.error) ? { ...r.body.error, stack: STACK } : { stack: STACK };
        return { ...r, body: { ...r.body, error } };
      }),
  },
  {
    name: 'stack-trace-404-on-write',
    description: "a write that names an unknown job answers 404 with the exception behind it (reads and refused bodies answer cleanly)",
    detectedBy: CHECKS.errorLeak,
    family: 'security',
    apply: (b) =>
      void b.replyHooks.push((r, ctx) => {
        if (r.status !== 404 || !WRITES_BY_ID.has(ctx.operationId ?? '') || !isRecord(r.body)) return r;
        const error = isRecord(r.body.error) ? { ...r.body.error, cause: STACK } : { cause: STACK };
        return { ...r, body: { ...r.body, error } };
      }),
  },
];

/** The writes that name their job by id or jobRef: what 'stack-trace-404-on-write' answers with a leak. */
const WRITES_BY_ID = new Set(['updateJobById', 'updateJob', 'changeJobStatus', 'changeJobSubStatus']);
