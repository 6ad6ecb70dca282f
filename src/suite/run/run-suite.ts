/**
 * A whole conformance run in one process, orchestrated as `npm run conformance` orchestrates it:
 * the same steps (steps.ts), in the order Playwright runs their tests (spec files by name, each
 * file's tests as declared), spread over the run's workers (a context each, sharing the run's
 * folder and job budget), each step a test of its own with a fresh recorder (test-run.ts, as the
 * fixtures do), and the rows turned into a report by the reporter's own merge, gate and outcome
 * (src/results/merge.ts buildReport). What the mutation runner and the benchmarks measure is
 * therefore what users run; tests/self/mutation.spec.ts holds it to the command line's verdicts.
 */
import { TargetUnreachable } from '../../client/index.ts';
import { buildReport, mergeFacts } from '../../results/merge.ts';
import type { ConformanceReport, ResultRecord, RunError, RunFacts } from '../../results/model.ts';
import type { SuiteContext } from './context.ts';
import { suiteSteps, type Step } from './steps.ts';
import { startTest } from './test-run.ts';

export interface RunSuiteOptions {
  /** The steps to run (default: all). */
  only?: (step: Step) => boolean;
  /**
   * Stop once this holds of the records so far (checked after each test; the caller merges the
   * rows it needs): the mutation runner's fast mode. Facts only add up, so a row broken by then
   * stays broken in the whole run.
   */
  until?: (records: readonly ResultRecord[]) => boolean;
  tool?: string;
}

/** The steps in the order Playwright runs their tests: spec files by name, each file's tests in order. */
export function playwrightOrder(steps: readonly Step[]): Step[] {
  return steps
    .map((step, i) => ({ step, i }))
    .sort((a, b) => (a.step.file < b.step.file ? -1 : a.step.file > b.step.file ? 1 : a.i - b.i))
    .map((x) => x.step);
}

/**
 * Runs the steps on `workers` (the contexts of one run, one per worker: steps go to them in turn)
 * and returns the run's report, as the reporter would write it.
 */
export async function runSuite(workers: readonly SuiteContext[], o: RunSuiteOptions = {}): Promise<ConformanceReport> {
  const first = workers[0]!;
  const started = new Date();
  const steps = playwrightOrder(suiteSteps(first.contract, first.catalogue).filter((s) => o.only?.(s) ?? true));
  const records: ResultRecord[] = [];
  const facts: RunFacts[] = [];
  const errors: RunError[] = [];
  let stopped: string | undefined;
  const report = () =>
    buildReport({
      tool: o.tool ?? 'dispatch-conformance',
      runId: first.config.runId,
      records,
      facts: mergeFacts(facts),
      errors: [...errors, ...(stopped ? [{ kind: 'target' as const, message: `the run stopped: ${stopped}` }] : [])],
      startedAt: started.toISOString(),
      durationMs: Date.now() - started.getTime(),
      catalogue: first.catalogue,
      defaultTarget: { baseUrl: first.client.baseUrl, embedded: first.config.embedded },
      strict: first.config.strict,
      rules: first.config.rules,
      ...(stopped ? { untestedReason: { code: 'stopped' as const, text: `not judged: the run stopped before its test ran (${stopped})` } } : {}),
    });
  for (const [i, step] of steps.entries()) {
    const ctx = workers[i % workers.length]!;
    const test = startTest(ctx, step.title);
    let error: string | undefined;
    try {
      await step.run(ctx, test.recorder);
    } catch (e) {
      // As under Playwright, a test that errors does not stop the others; an unreachable target stops the run.
      error = `${step.title} errored: ${(e as Error).message.split('\n')[0]}`;
      if (e instanceof TargetUnreachable) stopped = e.message;
    }
    const ended = test.end(error === undefined ? { status: 'passed' } : { status: 'failed', error });
    records.push(...ended.records);
    facts.push(ended.facts);
    for (const message of ended.facts.errors ?? []) errors.push({ kind: 'test', test: step.title, message });
    if (stopped) break;
    if (o.until?.(records)) break;
  }
  return report();
}
