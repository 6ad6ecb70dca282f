/**
 * The whole conformance run in one process, without Playwright: what the mutation runner and the
 * benchmarks use. It runs the steps of steps.ts, the ones `npm run conformance` runs one test each,
 * with the run's config; `only` picks some of them.
 */
import { TargetUnreachable } from '../client/index.ts';
import type { SuiteContext } from './context.ts';
import type { Recorder } from './recorder.ts';
import { suiteSteps, type Step } from './steps.ts';

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
