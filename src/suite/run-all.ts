/**
 * The whole conformance run in one process, without Playwright: what the mutation runner and the
 * benchmarks use. The Playwright suite runs the same functions, one test each.
 */
import { loadSilentPoints } from '../contract/index.ts';
import { TargetUnreachable } from '../client/index.ts';
import type { SuiteContext } from './context.ts';
import { runConstraint } from './constraint-run.ts';
import { runBoundaries } from './boundary-run.ts';
import { probeAuth } from './probes/auth.ts';
import { probeRequiredHeaders } from './probes/headers.ts';
import { probeMalformed } from './probes/malformed.ts';
import { probeUnknownId, unknownIdOperations } from './probes/not-found.ts';
import { probeSilentPoint } from './probes/observations.ts';
import { probeUnknownReference, referentialMembers } from './probes/referential.ts';
import { runReadAfterWrite } from './read-after-write.ts';
import type { Recorder } from './recorder.ts';
import { runValidBodies } from './valid-run.ts';

export interface RunAllOptions {
  /** Random violating bodies per constraint. */
  randomRuns: number;
  /** Random valid bodies per operation (default: the run's plan, see plan.ts). */
  validRuns?: number;
  modelRuns: number;
  modelCommands?: number;
  observations: boolean;
  /** Stop as soon as this returns true (checked after each step). */
  until?: () => boolean;
}

export async function runAll(ctx: SuiteContext, recorder: Recorder, o: RunAllOptions): Promise<void> {
  const steps: (() => Promise<unknown>)[] = [];
  // The probes and the model first: tens of requests each, so a run that stops at the first
  // detection (the mutation runner's fast mode) reaches them before the constraints' hundreds;
  // then the packed boundaries (a few bodies per operation), then each constraint.
  for (const op of ctx.contract.operations) {
    if (op.requestSchema) {
      steps.push(() => runValidBodies(ctx, recorder, op, o.validRuns ?? ctx.plan().validRuns(op)));
      steps.push(() => probeMalformed(ctx, recorder, op));
    }
    steps.push(() => probeAuth(ctx, recorder, op));
    steps.push(() => probeRequiredHeaders(ctx, recorder, op));
  }
  for (const op of unknownIdOperations(ctx)) steps.push(() => probeUnknownId(ctx, recorder, op));
  for (const m of referentialMembers(ctx.catalogue)) steps.push(() => probeUnknownReference(ctx, recorder, m));
  if (o.modelRuns > 0) steps.push(() => runReadAfterWrite(ctx, recorder, { numRuns: o.modelRuns, maxCommands: o.modelCommands ?? 5, until: o.until }));
  for (const op of ctx.contract.operations) if (op.requestSchema) steps.push(() => runBoundaries(ctx, recorder, op));
  for (const c of ctx.catalogue) steps.push(() => runConstraint(ctx, recorder, c, { randomRuns: o.randomRuns }));
  if (o.observations) {
    for (const p of loadSilentPoints(undefined, ctx.contract.operations.map((x) => x.operationId))) steps.push(() => probeSilentPoint(ctx, recorder, p));
  }
  for (const [i, step] of steps.entries()) {
    // As in the Playwright suite, where each step is a test: one that errors does not stop the rest;
    // an unreachable target stops the run.
    try {
      await step();
    } catch (e) {
      recorder.error({ message: `step ${i + 1} errored: ${(e as Error).message}` });
      if (e instanceof TargetUnreachable) throw e;
    }
    if (o.until?.()) return;
  }
}
