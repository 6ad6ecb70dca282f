/**
 * A harness for the probes' own tests: some of the suite's steps (steps.ts), in declaration order,
 * on one context, into one recorder the test reads row by row. Not a run: a run (the command
 * line's, the mutation runner's, the benchmarks') is src/suite/run/run-suite.ts, a recorder per test
 * in Playwright's order over the run's workers.
 */
import { TargetUnreachable } from '../../../src/client/index.ts';
import type { SuiteContext } from '../../../src/suite/run/context.ts';
import type { Recorder } from '../../../src/suite/record/recorder.ts';
import { suiteSteps, type Step } from '../../../src/suite/run/steps.ts';

export interface RunAllOptions {
  /** The steps to run (default: all). */
  only?: (step: Step) => boolean;
  /** Stop as soon as this returns true (checked after each step, and inside the model's runs). */
  until?: () => boolean;
}

export async function runAll(ctx: SuiteContext, recorder: Recorder, o: RunAllOptions = {}): Promise<void> {
  const steps = suiteSteps(ctx.contract, ctx.catalogue).filter((s) => o.only?.(s) ?? true);
  for (const step of steps) {
    // As in the Playwright suite, where each step is a test: one that errors does not stop the rest;
    // an unreachable target stops the run.
    try {
      await step.run(ctx, recorder, o.until);
    } catch (e) {
      recorder.error({ message: `${step.title} errored: ${(e as Error).message}` });
      if (e instanceof TargetUnreachable) throw e;
    }
    if (o.until?.()) return;
  }
}
