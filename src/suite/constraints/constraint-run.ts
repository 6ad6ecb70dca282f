/**
 * Judges one catalogue constraint both ways: every on-boundary valid case must be accepted, every
 * case that breaks it must be rejected, and random bodies that break it must be rejected too.
 * The deterministic cases are minimal by construction; a random failure is shrunk by fast-check to
 * a minimal body. Each failure is reported with the command that replays it.
 */
import fc from 'fast-check';
import type { Constraint } from '../../contract/index.ts';
import { positionName, violationArbitrary } from '../../generate/index.ts';
import type { Case } from '../../generate/case.ts';
import type { Evidence, ResultRecord, Side } from '../../results/model.ts';
import type { SuiteContext } from '../run/context.ts';
import { caseEvidence } from '../record/evidence.ts';
import { firstForm, plainestBroken } from './plainest.ts';
import { replayCommand } from '../record/replay.ts';
import { judgeCase, stopIfUnreachable } from '../run/resilient.ts';
import type { Recorder } from '../record/recorder.ts';
import { JOB_MAKING } from '../run/plan.ts';
import { settled as rowSettled } from '../../results/gate.ts';
import { acceptedInPack } from './violation-packs.ts';
import { boundaryTestTitle, packOutcome } from './boundary-packs.ts';

export interface ConstraintRunOptions {
  /** Random violating bodies to send after the deterministic ones. */
  randomRuns?: number;
}

export async function runConstraint(ctx: SuiteContext, recorder: Recorder, constraint: Constraint, options: ConstraintRunOptions = {}): Promise<ResultRecord> {
  const op = ctx.contract.operation(constraint.operationId);
  const row = recorder.constraintRow(constraint);
  const { boundaries, violations } = ctx.cases(op);
  // A replay may ask for one position only (CONFORMANCE_POSITION); cases outside arrays have none.
  const only = ctx.config.position;
  const cases = [...boundaries, ...violations].filter((c) => c.constraintId === constraint.id && (only === undefined || !c.position || positionName(c.position) === only));
  recorder.plan(row, plannedSides(ctx, constraint));
  const mine = (c: Case) => c.constraintId === constraint.id;
  // Its values packed with others: the packed body's outcome, sent by whichever test of the run
  // needs it first (so a run of this test alone, a replay, judges its accepting side too). A body
  // refused is unpacked by the operation's boundary test alone, which sends each value by itself.
  if (only === undefined) {
    for (const pack of ctx.cases(op).packs.filter((p) => p.cases.some(mine))) {
      const outcome = await packOutcome(ctx, recorder, op, pack, constraint.id);
      if (!outcome.sent) recorder.notSent(row, { ...outcome.reason, text: `${pack.description}: not sent, ${outcome.reason.text}` });
      else if (outcome.accepted) for (const c of pack.cases.filter(mine)) recorder.pass(row, c);
      else recorder.note(row, { code: 'deferred', text: `${pack.description} was refused: the test "${boundaryTestTitle(op)}" sends each of its values alone` });
    }
  }
  // On an operation that makes a job, a violation the target accepts made one: its first acceptance
  // is the evidence, and the row's other violating cases are not sent (each could make another).
  // A row of an assumed rule stops at its deviation the same way: its other cases cannot change it.
  const makesJobs = (JOB_MAKING as readonly string[]).includes(op.operationId);
  const settled = () => rowSettled(row);
  for (const c of cases) {
    if (makesJobs && c.expect === 'reject' && settled()) continue;
    // Accepted together with other violations of its kind (one job for all): that is its evidence.
    const packed = only === undefined ? await acceptedInPack(ctx, recorder, op, c) : undefined;
    if (packed) {
      const position = c.position ? positionName(c.position) : undefined;
      recorder.fail(row, c, { ...packed, ...(position !== undefined ? { position } : {}), replay: replayCommand(ctx.config.seed, constraint.id, position) });
      continue;
    }
    // On a job-making operation, a violation goes out in its plainest form from the first (plainest.ts).
    const j = await judgeCase(ctx, recorder, op, firstForm(ctx, op, c), constraint.id);
    if (!j.sent) {
      recorder.notSent(row, { ...j.reason, text: `${c.description}: not sent, ${j.reason.text}` });
      continue;
    }
    if (j.otherReading) recorder.note(row, { code: 'other-reading', text: `${c.description}: ${j.otherReading}` });
    if (j.broken) {
      const shown = await plainestBroken(ctx, recorder, op, j, constraint.id);
      const evidence = { ...caseEvidence(shown.sentCase, shown.reply), replay: replayCommand(ctx.config.seed, constraint.id, c.position ? positionName(c.position) : undefined) };
      recorder.fail(row, c, evidence);
    } else {
      recorder.pass(row, c);
    }
  }

  stopIfUnreachable(ctx);
  // Random violating bodies: more power when the fixed ones pass, and the shrinker when one fails.
  // The deterministic cases are minimal by construction (a boundary plus or minus one, one member
  // left out or of another type): a failing one is its own evidence and is never shrunk. Random
  // bodies run only while the row holds, and one that fails shrinks within the same runs. A replay
  // of one position sends that case alone.
  const runs = options.randomRuns ?? 5;
  if (only === undefined && runs > 0 && !settled()) {
    const seed = ctx.config.seed;
    const arb = violationArbitrary(ctx.contract, op, constraint, { refs: ctx.refs(), seed });
    let last: { c: Case; evidence: Evidence } | undefined;
    const result = await fc.check(
      fc.asyncProperty(arb, async (c) => {
        // A case lost to the transport is not a failure: fast-check must not shrink noise.
        const j = await judgeCase(ctx, recorder, op, c, constraint.id);
        if (!j.sent) return true;
        if (j.otherReading) recorder.note(row, { code: 'other-reading', text: `${j.sentCase.description}: ${j.otherReading}` });
        if (!j.broken) {
          recorder.pass(row, c);
          return true;
        }
        last = { c: j.sentCase, evidence: caseEvidence(j.sentCase, j.reply) };
        recorder.judged(row, c);
        return false;
      }),
      { seed, numRuns: runs, endOnFailure: false, maxSkipsPerRun: 10 },
    );
    stopIfUnreachable(ctx);
    if (result.failed && last) {
      // The shrunk case goes first: it is the one a person should read.
      recorder.violate(
        row,
        {
          ...last.evidence,
          caseDescription: `minimal failing case after ${result.numShrinks} shrinks: ${last.c.description}`,
          seed: result.seed,
          path: result.counterexamplePath ?? undefined,
          replay: replayCommand(result.seed, constraint.id),
        },
        undefined,
        { lead: true },
      );
    }
  }
  return row;
}

/**
 * The sides a constraint's plan sends: accepting when it has boundary cases (packed or alone),
 * refusing when it has violations (deterministic or random).
 */
export function plannedSides(ctx: SuiteContext, constraint: Constraint): Side[] {
  const op = ctx.contract.operation(constraint.operationId);
  const { packs, boundaries, violations } = ctx.cases(op);
  const mine = (c: Case) => c.constraintId === constraint.id;
  const sides: Side[] = [];
  if (packs.some((p) => p.cases.some(mine)) || boundaries.some(mine)) sides.push('accept');
  if (violations.some(mine)) sides.push('reject');
  return sides;
}
