/**
 * The conformance suite's Playwright fixtures: one SuiteContext per worker (config, contract,
 * client, jobs), and one Recorder per test whose records, run facts (requests, retries, errors,
 * created jobs) and exchanges are attached for the reporter at the end of the test, whether it
 * passed or not. A test that ends in an error (a case it could not judge, a crash, a timeout, an
 * unreachable target) says so in its facts, and its untested rows say why.
 */
// The suite drives no browser: it builds on Playwright's base test, without the browser fixtures
// (trace recording, context options) that @playwright/test's `test` sets up around every test,
// each a step with its stack trace: most of the cost of a test that sends a few requests.
import { _baseTest as base, expect } from '@playwright/test';
import { CHECKS, TEST_ATTACHMENT, type ResultRecord } from '../results/model.ts';
import type { SentExchange } from '../results/exchanges.ts';
import type { SuiteContext } from '../suite/run/context.ts';
import type { Recorder } from '../suite/record/recorder.ts';
import { failsRun } from '../results/gate.ts';
import { stripAnsi } from '../shared/text.ts';

// The engine is loaded in a worker, by its suite (worker-suite.ts): Playwright's runner loads this
// file to list the tests, and needs none of it.
export const engine = () => import('./worker-suite.ts');

/** What a conformance test gets: the worker's suite context and the test's recorder. */
export interface ConformanceFixtures {
  suite: SuiteContext;
  recorder: Recorder;
}

export const test = base.extend<{ recorder: Recorder }, { suite: SuiteContext }>({
  suite: [
    async ({}, use, workerInfo) => {
      const opened = await (await engine()).openWorkerSuite(workerInfo.config.shard);
      await use(opened.suite);
      await opened.close();
    },
    { scope: 'worker' },
  ],
  recorder: async ({ suite }, use, testInfo) => {
    const { startTest, stopRun } = await engine();
    const run = startTest(suite, testInfo.title);
    const client = suite.client;
    const exchanges: SentExchange[] = [];
    client.exchangeSink = (x) => exchanges.push(x);
    client.defaultServedId = testInfo.title;
    await use(run.recorder);
    client.exchangeSink = undefined;
    client.defaultServedId = undefined;
    const { records, facts } = run.end({ status: testInfo.status ?? 'passed', error: stripAnsi(testInfo.error?.message ?? '').split('\n')[0] });
    // Pushed, not testInfo.attach(): attach() makes a step (a stack captured and source-mapped) and
    // the test's output folder, for every test; the reporter reads the attachment the same way.
    testInfo.attachments.push({ name: TEST_ATTACHMENT, body: Buffer.from(JSON.stringify({ records, facts, exchanges })), contentType: 'application/json' });
    // Unreachable means the rest of the run cannot judge anything: stop it, keeping what was judged.
    if (client.unreachable) stopRun();
  },
});

/**
 * Ends a conformance test. Verdicts do not fail a test: they are rows the reporter judges and
 * prints once each (src/reporters/conformance-reporter.ts), and the run fails there. A failed test
 * would also make Playwright restart its worker, throwing away the worker's jobs (each restart
 * creates new ones) and making which test gets which job depend on timing. What fails a test is an
 * error: a case it could not judge (a transport fault that persisted), after the verdicts.
 * `owns` lists the rows the test is about (ids, or prefixes ending in '.'): a violation of one is
 * noted on the test (an annotation), for a person reading Playwright's own report.
 */
export function expectConformance(recorder: Recorder, owns: string[]): void {
  const mine = (id: string) => owns.some((o) => (o.endsWith('.') ? id.startsWith(o) : id === o)) || id.startsWith(CHECKS.no5xx + '.');
  const violated: ResultRecord[] = recorder.records().filter((r) => failsRun(r.verdict) && mine(r.rowId));
  for (const r of violated) test.info().annotations.push({ type: 'violated', description: r.rowId });
  const errors = recorder.errors;
  if (errors.length) throw new Error(`error (not a violation): ${errors.length} ${errors.length === 1 ? 'case' : 'cases'} could not be judged\n${errors.map((e) => `  ${e.message}`).join('\n')}`);
}

export { expect };
