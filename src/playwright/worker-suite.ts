/**
 * The worker's side of the conformance fixtures (fixtures.ts): the engine, loaded by the first
 * test a worker runs, never by Playwright's runner, which only lists the tests (spec-file.ts).
 * One SuiteContext per worker, one recorder per test, and the step each test runs.
 */
import { openSuite } from '../suite/run/open.ts';
import type { SuiteContext } from '../suite/run/context.ts';
import { loadConfig } from '../config/config.ts';
import type { Embedded } from '../targets/embedded.ts';
import { startTest } from '../suite/run/test-run.ts';
import { stopRun } from '../suite/run/stop.ts';
import { SHARD_JOBS_ENV, SHARDS_NEED_ENV } from '../suite/run/shards.ts';
import { primeTokenExpiry } from '../suite/probes/token-lifecycle.ts';
import { buildCatalogue, loadContract } from '../contract/index.ts';
import { suiteSteps, type Step } from '../suite/run/steps.ts';
import type { ListedStep } from './step-list.ts';

export { startTest, stopRun };

/**
 * The worker's suite. With no target configured, the runner's global setup (global-setup.ts) or
 * npm run conformance started one embedded server for all workers; a worker starts its own only
 * when neither did (a configuration without that global setup).
 */
export async function openWorkerSuite(shard: { current: number; total: number } | null): Promise<{ suite: SuiteContext; close(): Promise<void> }> {
  let embedded: Embedded | undefined;
  // Loaded only then: the workers of a run never load the server.
  if (!loadConfig().baseUrl) embedded = await (await import('../targets/embedded.ts')).startEmbedded();
  // A shard (--shard=I/N) takes its share of the rate limit, the request budget and the job
  // budget; the workers of one run share the job budget under the run id (the command line's,
  // or, run directly, the one playwright.config.ts drew in the runner).
  const budgetKey = process.env.CONFORMANCE_RUN_ID ?? `pw${process.ppid}`;
  const config = embedded ? loadConfig({ env: { ...process.env, ...embedded.env } }) : loadConfig();
  // The suite's own sharding (the reporter's preprocess) gives the shard its part of the job cap by need.
  const shardJobs = process.env[SHARD_JOBS_ENV] ? Number(process.env[SHARD_JOBS_ENV]) : undefined;
  const shardsNeed = Number(process.env[SHARDS_NEED_ENV]);
  const suite = openSuite({ config, shard, budgetKey, ...(shardJobs !== undefined && Number.isFinite(shardJobs) ? { shardJobs } : {}), ...(Number.isFinite(shardsNeed) && shardsNeed > 0 ? { shardsNeed } : {}) });
  await primeTokenExpiry(suite);
  return {
    suite,
    async close() {
      await suite.close();
      await embedded?.server.close();
    },
  };
}

let steps: Step[] | undefined;

/** The step a listed test runs: the plan of steps made in this worker, matched by file, group and title. */
export function stepOf(listed: ListedStep): Step {
  if (!steps) {
    const contract = loadContract();
    steps = suiteSteps(contract, buildCatalogue(contract));
  }
  const step = steps.find((s) => s.file === listed.file && (s.group ?? '') === listed.group && s.title === listed.title);
  // The list came from the same plan of the same contract (step-list.ts): a miss is a changed contract mid-run.
  if (!step) throw new Error(`no step "${listed.title}" in tests/conformance/${listed.file}.spec.ts: the contract changed since the run listed its tests; run again`);
  return step;
}
