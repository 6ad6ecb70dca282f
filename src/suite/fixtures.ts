/**
 * The conformance suite's Playwright fixtures: one SuiteContext per worker (config, contract,
 * client, jobs), and one Recorder per test whose records are attached for the reporter at the
 * end of the test, whether it passed or not.
 */
import { test as base, expect } from '@playwright/test';
import { CHECKS, RESULT_ATTACHMENT, RUN_ATTACHMENT, type ResultRecord, type RunFacts } from '../results/model.ts';
import { openSuite, type SuiteContext } from './context.ts';
import { loadConfig } from '../config/config.ts';
import { startEmbedded, type Embedded } from '../cli/embedded.ts';
import { failureMessage } from './messages.ts';
import { Recorder } from './recorder.ts';
import { failsRun } from '../results/gate.ts';

export const test = base.extend<{ recorder: Recorder }, { suite: SuiteContext }>({
  suite: [
    async ({}, use, workerInfo) => {
      // Run directly (npx playwright test --project=conformance, an editor's test runner) with no
      // target configured, each worker starts its own embedded server; npm run conformance starts
      // one for all workers and checks the target first.
      let embedded: Embedded | undefined;
      if (!loadConfig().baseUrl) embedded = await startEmbedded();
      // A shard (--shard=I/N) takes its share of the rate limit, the request budget and the job
      // budget; the workers of one run share the job budget under the run id (or, run directly, the runner's pid).
      const shard = workerInfo.config.shard;
      const budgetKey = process.env.CONFORMANCE_RUN_ID ?? `pw${process.ppid}`;
      const config = embedded ? loadConfig({ env: { ...process.env, ...embedded.env } }) : loadConfig();
      const suite = openSuite({ config, shard, budgetKey });
      await use(suite);
      await suite.close();
      await embedded?.server.close();
    },
    { scope: 'worker' },
  ],
  recorder: async ({ suite }, use, testInfo) => {
    const recorder = new Recorder(suite.contract, suite.config.strict);
    const requests = suite.client.requests;
    const retries = suite.client.retries;
    const jobs = suite.jobs.created.length;
    await use(recorder);
    await testInfo.attach(RESULT_ATTACHMENT, { body: JSON.stringify(recorder.records()), contentType: 'application/json' });
    const facts: RunFacts = {
      target: { baseUrl: suite.client.baseUrl, embedded: suite.config.embedded },
      seed: suite.config.seed,
      runs: suite.config.runs,
      requests: suite.client.requests - requests,
      retries: suite.client.retries - retries,
      createdJobs: suite.jobs.created.slice(jobs),
    };
    await testInfo.attach(RUN_ATTACHMENT, { body: JSON.stringify(facts), contentType: 'application/json' });
  },
});

/**
 * Fails the test, with the full reproduction, when a row it owns is violated, or when the target
 * answered 5xx (never acceptable). Rows of the cross-cutting checks (envelopes, documented status)
 * are recorded but fail only the run, through the reporter: one systemic deviation, such as 200
 * instead of 202, must not fail every constraint's test and hide the constraints' own verdicts.
 * `owns` lists row ids, or prefixes ending in '.' (`check:read-after-write.`).
 */
export function expectConformance(recorder: Recorder, owns: string[]): void {
  const mine = (id: string) => owns.some((o) => (o.endsWith('.') ? id.startsWith(o) : id === o)) || id.startsWith(CHECKS.no5xx + '.');
  const violated: ResultRecord[] = recorder.records().filter((r) => failsRun(r.verdict, recorder.strict) && mine(r.constraintId));
  expect(violated.map((r) => r.constraintId), failureMessage(violated)).toEqual([]);
}

export { expect };
