/**
 * The run's plan, made up front and the same in every worker (it depends only on the contract, the
 * settings and the seed): how many random valid bodies each operation sends, and how the job budget
 * (DISPATCH_MAX_JOBS) is shared out. Jobs go first to what the checks cannot do without: each
 * worker's shared and open jobs, the boundary cases (packed, see src/generate/pack.ts), the
 * read-after-write sequences, the observations, the security, state and breadth probes; random valid bodies of the operations that make
 * a job (a create, a completion) get what is left, as many as fit. The budget itself still holds
 * the line (job-budget.ts); the plan keeps it from being spent by the first tests to run.
 */
import type { Operation } from '../../contract/index.ts';
import type { RunPlan, SuiteContext } from './context.ts';
export type { RunPlan };
import { needsOwnRequest } from '../jobs/prepare.ts';
import { OBSERVATION_JOBS } from '../probes/observation-jobs.ts';
import { SECURITY_JOBS } from '../probes/security/jobs.ts';
import { stateJobs } from '../probes/state/jobs.ts';
import { BREADTH_JOBS } from '../probes/breadth-jobs.ts';
import { CHECK_REPLACEMENTS } from '../jobs/jobs.ts';

/** Operations each of whose accepted requests makes or completes a job: a random valid body of theirs costs a job. */
export const JOB_MAKING = ['createJob', 'changeJobStatus', 'updateJob'] as const;

/**
 * Jobs a worker keeps: three shared jobs (a bulk case at a later position names three distinct
 * jobs), one open job, and the open jobs the checks may take to replace one violations spoiled.
 */
const JOBS_PER_WORKER = 4 + CHECK_REPLACEMENTS;
/** Jobs one read-after-write sequence creates, at most, on average (a create command is one in eight). */
const JOBS_PER_SEQUENCE = 2;
/** Jobs the fixed tour of the read-after-write test creates. */
const TOUR_JOBS = 2;
/** The violation phase's share of a capped budget, at least: what accepted violations may spend. */
const VIOLATION_SHARE = 0.2;


export function planRun(ctx: SuiteContext, cap: number, workers: number): RunPlan {
  const runs = ctx.config.runs;
  const making = (op: Operation) => (JOB_MAKING as readonly string[]).includes(op.operationId);
  let boundaries = 0;
  for (const op of ctx.contract.operations.filter((o) => o.requestSchema && making(o))) {
    const { packs, boundaries: alone } = ctx.cases(op);
    // Every packed body makes or completes one job; a case alone does too (a jobRef of its own
    // length makes one more), unless it cannot be sent (an id of a length no pool holds).
    const sendable = (c: (typeof alone)[number]) => !needsOwnRequest(ctx.refs(), c) || c.referential === 'jobRef';
    boundaries += packs.length + alone.filter((c) => c.expect === 'accept' && sendable(c)).length;
    boundaries += alone.filter((c) => needsOwnRequest(ctx.refs(), c) && c.referential === 'jobRef').length;
  }
  const jobs = {
    workers: JOBS_PER_WORKER * workers,
    boundaries,
    readAfterWrite: ctx.config.modelRuns > 0 ? TOUR_JOBS + ctx.config.modelRuns * JOBS_PER_SEQUENCE : 0,
    observations: Object.values(OBSERVATION_JOBS).reduce((a, b) => a + b, 0),
    // The tenant isolation probe's job only with a peer to try it with.
    security: (ctx.config.peer ? SECURITY_JOBS.tenantIsolation : 0) + SECURITY_JOBS.massAssignment,
    // The concurrent creates (once under a cap); the other state probes run on their jobs.
    state: stateJobs(ctx.config, cap !== Number.POSITIVE_INFINITY),
    // The breadth probes' creates: a repeated create, a body with duplicate items, numbers at their edges.
    breadth: Object.values(BREADTH_JOBS).reduce((a, b) => a + b, 0),
    randomBodies: 0,
    violations: 0,
  };
  if (cap === Number.POSITIVE_INFINITY) {
    return { cap, jobs: { ...jobs, randomBodies: Number.POSITIVE_INFINITY, violations: Number.POSITIVE_INFINITY }, validRuns: () => runs };
  }
  // The violation phase gets VIOLATION_SHARE of the cap whatever the rest plans (the jobs a
  // target that accepts what it should refuse makes; a target that refuses them spends none), and
  // what the checks leave beyond it; random valid bodies get what remains. The rest of the plan is
  // an upper bound (a refused create gives its job back), and the cap holds whatever happens.
  const left = Math.max(0, cap - (jobs.workers + jobs.boundaries + jobs.readAfterWrite + jobs.observations + jobs.security + jobs.state + jobs.breadth));
  const least = Math.ceil(cap * VIOLATION_SHARE);
  const perMaking = Math.max(0, Math.min(runs, Math.floor((left - least) / JOB_MAKING.length)));
  jobs.randomBodies = perMaking * JOB_MAKING.length;
  jobs.violations = Math.max(least, left - jobs.randomBodies);
  return { cap, jobs, validRuns: (op) => (making(op) ? perMaking : runs) };
}
