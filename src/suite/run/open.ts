/**
 * Opens one worker's view of a run (a SuiteContext): configuration, contract, catalogue, client,
 * job factory, the run's folder, and the cases and plan computed once.
 */
import { createClient } from '../../client/index.ts';
import { loadConfig, type Config } from '../../config/config.ts';
import { buildCatalogue, loadContract, type Constraint, type Contract } from '../../contract/index.ts';
import { baseBody, boundaryPacks, codePoints, violations, type RefPools } from '../../generate/index.ts';
import type { Case } from '../../generate/case.ts';
import type { RunPlan, SuiteContext } from './context.ts';
import { needsOwnRequest } from '../jobs/prepare.ts';
import { JobFactory } from '../jobs/jobs.ts';
import { JobBudget, shardShare } from '../jobs/job-budget.ts';
import { JobRefs } from '../jobs/job-refs.ts';
import { RunDir } from './run-dir.ts';
import { planRun } from './plan.ts';
import { refPoolsOf } from '../jobs/slots.ts';
import { readCases, writeCases, type OperationCases } from './shared-cases.ts';

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

export interface OpenOptions {
  config?: Config;
  contract?: Contract;
  catalogue?: Constraint[];
  /** How many processes of this run (or shard) share the rate limit and the request budget (default: the configured workers). */
  share?: number;
  /** The shard this run is (Playwright's `--shard=I/N`): it takes its share of every budget. */
  shard?: { current: number; total: number } | null;
  /** The shard's part of the job cap, by what its tests need (shards.ts; CONFORMANCE_SHARD_JOBS): instead of an even part. */
  shardJobs?: number;
  /** What all the shards' tests need together, as rehearsed (CONFORMANCE_SHARDS_NEED): said when a shard runs out. */
  shardsNeed?: number;
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
  const whole = config.maxJobs === 0 ? Number.POSITIVE_INFINITY : config.maxJobs;
  // A shard the suite sharded itself (shards.ts) has its part of the cap by need and plans as the
  // whole run does, its violation phase scaled to its part; one Playwright sharded takes an even part.
  const byNeed = options.shardJobs !== undefined && options.shard ? options.shardJobs : undefined;
  const cap = byNeed ?? shardShare(whole, options.shard);
  const runDir = new RunDir(options.budgetKey ?? config.runId);
  const violationShare = () => (byNeed === undefined || whole === Number.POSITIVE_INFINITY ? ctx.plan().jobs.violations : Math.floor((ctx.plan().jobs.violations * byNeed) / whole));
  const budget = new JobBudget(cap, runDir, `${options.shard?.current ?? 1}of${shards}`, violationShare, capText(cap, whole, options));
  const jobRefs = new JobRefs(config.runId, undefined, (name) => runDir.claim(name));
  const jobs = new JobFactory(contract, client, jobRefs, refs, config.consistencyMs, config.seed, budget);
  const cache = new Map<string, OperationCases>();
  let plan: RunPlan | undefined;
  const ctx: SuiteContext = {
    config,
    contract,
    catalogue,
    client,
    jobs,
    runDir,
    refs,
    cases(op) {
      let c = cache.get(op.operationId);
      if (!c) {
        // Made once per run: by the first process to need them, read by the others (shared-cases.ts).
        c = readCases(runDir, op, catalogue, config.seed, pools);
        if (!c) {
          const drawn = { refs: refs(), seed: config.seed };
          // Boundary and violation cases are made from one base body, drawn once.
          const options = { ...drawn, base: baseBody(contract, op, drawn) };
          const { packs, alone } = boundaryPacks(contract, op, catalogue, options, (x) => needsOwnRequest(pools, x));
          c = { packs, boundaries: oneJobRefPerLength(pools, alone), violations: violations(contract, op, catalogue, options) };
          writeCases(runDir, op, catalogue, config.seed, pools, c);
        }
        cache.set(op.operationId, c);
      }
      return c;
    },
    plan: () => (plan ??= planRun(ctx, byNeed === undefined ? cap : whole, options.share ?? config.workers)),
    state: { readRoots: new Map(), violationPacks: new Map() },
    async close() {
      await client.close();
      if (options.budgetKey === undefined) runDir.remove();
    },
  };
  return ctx;
}

/** What a shard's job cap is, as the reasons of the cases it leaves untested say it (a whole run's: the budget's own words). */
function capText(cap: number, whole: number, o: OpenOptions): string | undefined {
  const lift = '--thorough or DISPATCH_MAX_JOBS=0 lifts the cap';
  if (!o.shard || o.shard.total <= 1) return undefined;
  if (o.shardJobs === undefined) return `this shard may create ${cap} jobs, an even part of DISPATCH_MAX_JOBS ${whole} for ${o.shard.total} shards (${lift})`;
  const need = o.shardsNeed !== undefined && o.shardsNeed > whole ? `; the ${o.shard.total} shards' tests need about ${o.shardsNeed} together: DISPATCH_MAX_JOBS=${o.shardsNeed} lets the shards judge what one run judges` : '';
  return `this shard may create ${cap} jobs, its part of DISPATCH_MAX_JOBS ${whole} by what its tests need${need} (${lift})`;
}
