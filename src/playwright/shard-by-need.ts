/**
 * A Playwright reporter that only shards: under --shard=I/N, before any worker starts
 * (preprocess, which sees the whole corpus --grep left), it splits the conformance tests by count
 * as Playwright would, keeps this shard's, and gives the shard its part of the job cap by what its
 * tests need (src/suite/run/shards.ts): its workers read it from CONFORMANCE_SHARD_JOBS. A run
 * that also selects tests of other projects is left to Playwright's own sharding.
 *
 * In playwright.config.ts: ['./src/playwright/shard-by-need.ts', { projects: ['conformance'] }]
 */
import type { FullConfig, Reporter, Suite, TestCase } from '@playwright/test/reporter';
import { loadConfig } from '../config/config.ts';
import { buildCatalogue, loadContract } from '../contract/index.ts';
import { SHARD_JOBS_ENV, SHARDS_NEED_ENV, shardBudget, splitByCount } from '../suite/run/shards.ts';

interface TestRunControl {
  exclude(test: TestCase): void;
  skipSharding(): void;
}

export default class ShardByNeed implements Reporter {
  constructor(private readonly options: { projects?: string[] } = {}) {}

  printsToStdio(): boolean {
    return false;
  }

  async preprocess({ config, suite, testRun }: { config: FullConfig; suite: Suite; testRun: TestRunControl }): Promise<void> {
    const shard = config.shard;
    if (!shard || shard.total <= 1) return;
    const tests = suite.allTests();
    const ours = (t: TestCase) => !this.options.projects || this.options.projects.includes(t.parent.project()?.name ?? '');
    if (tests.length === 0 || !tests.every(ours)) return;
    let settings;
    try {
      settings = loadConfig();
    } catch {
      // A bad setting: the workers' fixture says what to fix; Playwright shards as it would.
      return;
    }
    const contract = loadContract();
    const budget = await shardBudget(settings, contract, buildCatalogue(contract), tests.map((t) => t.title), shard.total);
    const i = shard.current - 1;
    splitByCount(tests, shard.total).forEach((part, k) => {
      if (k !== i) for (const t of part) testRun.exclude(t);
    });
    testRun.skipSharding();
    // Set before the workers start: they inherit the runner's environment.
    const need = budget.needs.reduce((a, b) => a + b, 0);
    process.env[SHARD_JOBS_ENV] = String(budget.caps[i]);
    process.env[SHARDS_NEED_ENV] = String(need);
    const capped = settings.maxJobs !== 0;
    const short = capped && need > settings.maxJobs ? `; together they need ${need}, more than DISPATCH_MAX_JOBS ${settings.maxJobs}: set DISPATCH_MAX_JOBS=${need} (or 0) for the shards to judge what one run judges` : '';
    process.stdout.write(
      `Conformance: shard ${shard.current}/${shard.total}: ${budget.titles[i]!.length} of ${tests.length} tests, ${capped ? `${budget.caps[i]} of DISPATCH_MAX_JOBS ${settings.maxJobs} jobs, shared by what each shard's tests made` : 'no job cap; its tests made'} in a rehearsal on the embedded server (${budget.needs.join(', ')}; ${(budget.ms / 1000).toFixed(1)} s)${short}\n`,
    );
  }
}
