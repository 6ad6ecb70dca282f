/**
 * One test of a run, the same under Playwright (src/playwright/fixtures.ts) and in one process
 * (run-suite.ts, which the mutation runner and the benchmarks drive): a fresh recorder, the worker's counters taken
 * before it, and, when it ends, the records and run facts the reporter receives, with the error it
 * ended in, if any, on every row it left unjudged.
 */
import type { ResultRecord, RunFacts } from '../../results/model.ts';
import type { SuiteContext } from './context.ts';
import { Recorder } from '../record/recorder.ts';
import { replayCommand } from '../record/replay.ts';

/** How a test ended, as the runner saw it (Playwright's TestInfo status, or the in-process run's). */
export interface TestEnding {
  /** `passed`, or why not: `failed`, `timedOut`, `interrupted`. */
  status: 'passed' | 'failed' | 'timedOut' | 'interrupted' | 'skipped';
  /** The first line of the error it ended with, when it failed. */
  error?: string;
}

export interface TestRun {
  recorder: Recorder;
  /** The test's records and run facts, once it ended. */
  end(ending: TestEnding): { records: ResultRecord[]; facts: RunFacts };
}

/** Starts a test on a worker's context; `title`: the test's, which its evidence's replay command selects. */
export function startTest(suite: SuiteContext, title?: string): TestRun {
  const recorder = new Recorder(suite.contract, { strict: suite.config.strict, rules: suite.config.rules }, title === undefined ? undefined : replayCommand(suite.config.seed, title), suite.config.maxResponseMs);
  const client = suite.client;
  const before = { requests: client.requests, retries: client.retries, transportRetries: client.transportRetries, jobs: suite.jobs.created.length };
  return {
    recorder,
    end(ending) {
      const errors = recorder.errors.map((e) => e.message);
      if (ending.status !== 'passed' && ending.status !== 'skipped' && errors.length === 0) {
        const stopped = client.unreachable ? `the run stopped: ${client.unreachable.message}` : 'the run stopped';
        errors.push(ending.status === 'interrupted' && !ending.error ? `interrupted: ${stopped}` : `${ending.status}: ${ending.error || 'no error message'}`);
      }
      // An untested row says why: the error its test ended in, when nothing else did.
      if (errors.length) recorder.endedIn({ code: ending.status === 'interrupted' ? 'interrupted' : 'error', text: `not judged: its test ended in an error: ${errors[0]}` });
      const facts: RunFacts = {
        target: { baseUrl: client.baseUrl, embedded: suite.config.embedded },
        seed: suite.config.seed,
        runs: suite.config.runs,
        // What the client authenticates with, from its token source: not from which settings are set.
        auth: client.tokenSource.issuedTokens ? 'client credentials' : 'static token',
        requests: client.requests - before.requests,
        retries: client.retries - before.retries,
        transportRetries: client.transportRetries - before.transportRetries,
        createdJobs: suite.jobs.created.slice(before.jobs),
        ...(errors.length ? { errors } : {}),
        ...(client.unreachable ? { unreachable: client.unreachable.message } : {}),
      };
      return { records: recorder.records(), facts };
    },
  };
}
