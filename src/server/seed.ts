/**
 * The entities the reference server knows from the start. The suite's defaults (see
 * .env.example) are seeded, and so are ids exactly at the length limits the schemas give the
 * referential members, so the suite can test the referential boundaries against this server.
 * The lengths are read from the schemas, never restated here.
 */
import { isSchemaObject, type JsonSchema } from '../contract/index.ts';
import { serverContract } from './contract.ts';

/** Kinds of seeded entity, as named by the schemas' `x-referential`. */
export type SeededKind = 'jobType' | 'jobWorkflow';

/** The suite's configured defaults (DISPATCH_JOB_TYPE_ID, DISPATCH_JOB_WORKFLOW_ID in .env.example). */
const DEFAULTS: Record<SeededKind, string> = { jobType: 'jobtype-conformance', jobWorkflow: 'workflow-conformance' };
/** Stems of the boundary ids; an id of length n is the stem, cut or padded with `x` to n. */
const STEMS: Record<SeededKind, string> = { jobType: 'jobtype-boundary-', jobWorkflow: 'workflow-boundary-' };

/** Every length limit (minLength, maxLength) that any request schema puts on a member of that kind. */
function lengthLimits(kind: SeededKind): number[] {
  const limits = new Set<number>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isSchemaObject(node)) return;
    const s = node as JsonSchema;
    if (s['x-referential'] === kind) {
      if (typeof s.minLength === 'number') limits.add(s.minLength);
      if (typeof s.maxLength === 'number') limits.add(s.maxLength);
    }
    Object.values(s).forEach(visit);
  };
  for (const op of serverContract().contract.operations) visit(op.requestSchema);
  return [...limits].sort((a, b) => a - b);
}

/** An id of exactly `length` code points, readable where it is long enough. */
function idOfLength(stem: string, length: number): string {
  return stem.padEnd(length, 'x').slice(0, length);
}

function seeded(kind: SeededKind): string[] {
  const ids = [DEFAULTS[kind], ...lengthLimits(kind).filter((n) => n > 0).map((n) => idOfLength(STEMS[kind], n))];
  return [...new Set(ids)];
}

let computed: Record<SeededKind, readonly string[]> | undefined;
function ids(kind: SeededKind): readonly string[] {
  computed ??= { jobType: Object.freeze(seeded('jobType')), jobWorkflow: Object.freeze(seeded('jobWorkflow')) };
  return computed[kind];
}

/**
 * Job types and job workflows that exist on the reference server: the suite defaults first,
 * then one id at each length limit (jobTypeId 4 and 64, jobWorkflowId 1 and 64 with today's schemas).
 * Read from the contract on first use, so importing the server never throws.
 */
export const SEEDED_IDS: { readonly jobType: readonly string[]; readonly jobWorkflow: readonly string[] } = Object.freeze({
  get jobType() {
    return ids('jobType');
  },
  get jobWorkflow() {
    return ids('jobWorkflow');
  },
});

/**
 * The two tenants the server knows from the start: the suite's default (DISPATCH_TENANT_ID's,
 * see src/config/config.ts) and a peer, whose token the embedded target hands the suite as
 * DISPATCH_PEER_ACCESS_TOKEN, so that the security probes can try the run's jobs as another tenant.
 */
export const SEEDED_TENANTS = Object.freeze({ main: 'conformance', peer: 'conformance-peer' });

/**
 * The peer tenant's own job type and workflow: job types belong to a tenant (unless the server is
 * started with shared job types), so the seeded ones above are the main tenant's only.
 */
export const PEER_SEEDED_IDS: { readonly jobType: readonly string[]; readonly jobWorkflow: readonly string[] } = Object.freeze({
  jobType: Object.freeze(['jobtype-peer']),
  jobWorkflow: Object.freeze(['workflow-peer']),
});
