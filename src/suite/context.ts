/**
 * One worker's view of a run: configuration, contract, catalogue, client, job factory, and the
 * pools of existing ids that valid cases draw referential members from.
 */
import { createClient, type DispatchClient } from '../client/index.ts';
import { loadConfig, type Config } from '../config/config.ts';
import { buildCatalogue, loadContract, type Constraint, type Contract, type Operation } from '../contract/index.ts';
import { baseBody, boundaryPacks, codePoints, violations, type Pack, type RefPools } from '../generate/index.ts';
import { needsOwnRequest } from './prepare.ts';
import type { Case } from '../generate/case.ts';
import { JobFactory } from './jobs.ts';
import { JobBudget, shardShare } from './job-budget.ts';
import { JobRefs } from './job-refs.ts';
import { RunDir } from './run-dir.ts';
import { planRun, type RunPlan } from './plan.ts';

/** Stand-ins the generators put where an existing job's id or jobRef goes; replaced before sending. */
export const JOB_ID_SLOT = '{existing-jobId}';
export const JOB_REF_SLOT = '{existing-jobRef}';

/** The ids valid cases may name: configured ones, and stand-ins for jobs the suite creates. */
export function refPoolsOf(config: Config): RefPools {
  return {
    jobType: config.jobTypeIds,
    jobWorkflow: config.jobWorkflowIds,
    ...(config.locationIds.length ? { location: config.locationIds } : {}),
    ...(config.contactIds.length ? { contact: config.contactIds } : {}),
    job: [JOB_ID_SLOT],
    jobRef: [JOB_REF_SLOT],
  };
}

/** Whether a body names an existing job through a stand-in. */
export function hasSlots(body: unknown): boolean {
  const text = JSON.stringify(body ?? null);
  return text.includes(JOB_ID_SLOT) || text.includes(JOB_REF_SLOT);
}

/** How many stand-ins for an existing job's id a body holds. */
export function jobIdSlots(body: unknown): number {
  return JSON.stringify(body ?? null).split(JSON.stringify(JOB_ID_SLOT)).length - 1;
}

/**
 * A copy of a body with the stand-ins replaced by real jobs' ids and jobRefs. Given several jobs,
 * the n-th jobId stand-in (in document order) names the n-th job, so the items of a bulk request
 * name distinct jobs; jobRef stand-ins name the first.
 */
export function fillSlots(value: unknown, job: { jobId: string; jobRef: string } | { jobId: string; jobRef: string }[]): unknown {
  const jobs = Array.isArray(job) ? job : [job];
  let n = 0;
  const fill = (v: unknown): unknown => {
    if (v === JOB_ID_SLOT) return jobs[n++ % jobs.length]!.jobId;
    if (v === JOB_REF_SLOT) return jobs[0]!.jobRef;
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(value);
}

/**
 * The suite makes the jobRef an accepting case names (a job carrying a ref of that length): the
 * generated flavours of one length (ASCII, astral, ...) would all become the same request, and each
 * a job, so one case per constraint and length is kept.
 */
function oneJobRefPerLength(pools: RefPools, cases: Case[]): Case[] {
  const seen = new Set<string>();
  return cases.filter((c) => {
    if (c.referential !== 'jobRef' || !needsOwnRequest(pools, c)) return true;
    const key = `${c.constraintId} ${codePoints(String(c.mutated ?? ''))}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface SuiteContext {
  config: Config;
  contract: Contract;
  catalogue: Constraint[];
  client: DispatchClient;
  jobs: JobFactory;
  refs(): RefPools;
  /**
   * Deterministic cases per operation, computed once: the boundary cases packed into few bodies
   * (`packs`, sent by the operation's boundary test), the ones with a request of their own
   * (`boundaries`, sent by their constraint's test), and the violations.
   */
  cases(op: Operation): { packs: Pack[]; boundaries: Case[]; violations: Case[] };
  /** The run's plan: random bodies per operation, and the job budget shared out (see plan.ts). */
  plan(): RunPlan;
  close(): Promise<void>;
}

export interface OpenOptions {
  config?: Config;
  contract?: Contract;
  catalogue?: Constraint[];
  /** How many processes of this run (or shard) share the rate limit and the request budget (default: the configured workers). */
  share?: number;
  /** The shard this run is (Playwright's `--shard=I/N`): it takes its share of every budget. */
  shard?: { current: number; total: number } | null;
  /**
   * What the workers of one run share their job budget and short jobRefs under (default: the run
   * id). Given, the run's folder belongs to whoever started the workers (the command line, the
   * Playwright global teardown), which removes it; not given, this suite owns it and removes it on close.
   */
  budgetKey?: string;
}

export function openSuite(options: OpenOptions = {}): SuiteContext {
  const config = options.config ?? loadConfig();
  const contract = options.contract ?? loadContract();
  const catalogue = options.catalogue ?? buildCatalogue(contract);
  const shards = options.shard?.total ?? 1;
  const client = createClient(config, (options.share ?? config.workers) * shards);
  const pools = refPoolsOf(config);
  const refs = (): RefPools => pools;
  const cap = shardShare(config.maxJobs === 0 ? Number.POSITIVE_INFINITY : config.maxJobs, options.shard);
  const runDir = new RunDir(options.budgetKey ?? config.runId);
  const budget = new JobBudget(cap, runDir, `${options.shard?.current ?? 1}of${shards}`);
  const jobRefs = new JobRefs(config.runId, undefined, (name) => runDir.claim(name));
  const jobs = new JobFactory(contract, client, jobRefs, refs, config.consistencyMs, config.seed, budget);
  const cache = new Map<string, { packs: Pack[]; boundaries: Case[]; violations: Case[] }>();
  let plan: RunPlan | undefined;
  const ctx: SuiteContext = {
    config,
    contract,
    catalogue,
    client,
    jobs,
    refs,
    cases(op) {
      let c = cache.get(op.operationId);
      if (!c) {
        const drawn = { refs: refs(), seed: config.seed };
        // Boundary and violation cases are made from one base body, drawn once.
        const options = { ...drawn, base: baseBody(contract, op, drawn) };
        const { packs, alone } = boundaryPacks(contract, op, catalogue, options, (x) => needsOwnRequest(pools, x));
        c = { packs, boundaries: oneJobRefPerLength(pools, alone), violations: violations(contract, op, catalogue, options) };
        cache.set(op.operationId, c);
      }
      return c;
    },
    plan: () => (plan ??= planRun(ctx, cap, options.share ?? config.workers)),
    async close() {
      await client.close();
      if (options.budgetKey === undefined) runDir.remove();
    },
  };
  return ctx;
}
