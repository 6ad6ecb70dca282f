/**
 * Judges one catalogue constraint both ways: every on-boundary valid case must be accepted, every
 * case that breaks it must be rejected, and random bodies that break it must be rejected too.
 * A failure is shrunk by fast-check to a minimal body, and reported with the seed and path that
 * replay it.
 */
import fc from 'fast-check';
import type { Constraint } from '../contract/index.ts';
import { positionName, violationArbitrary } from '../generate/index.ts';
import type { Case } from '../generate/case.ts';
import type { Evidence, ResultRecord } from '../results/model.ts';
import type { SuiteContext } from './context.ts';
import { caseEvidence } from './evidence.ts';
import { judgeCase, stopIfUnreachable } from './resilient.ts';
import type { Recorder } from './recorder.ts';

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
  const notes = new Set<string>();
  let firstBroken: { c: Case; evidence: Evidence } | undefined;

  for (const c of cases) {
    const j = await judgeCase(ctx, recorder, op, c, constraint.id);
    if (!j.sent) {
      notes.add(`${c.description}: not sent, ${j.reason}`);
      continue;
    }
    row.requests++;
    row.cases[c.expect]++;
    checkedAt(row, c);
    if (j.otherReading) notes.add(`${c.description}: ${j.otherReading}`);
    if (j.broken) {
      const evidence = caseEvidence(j.sentCase, j.reply);
      firstBroken ??= { c: j.sentCase, evidence };
      recorder.violate(row, evidence);
    } else {
      recorder.pass(row);
    }
  }

  stopIfUnreachable(ctx);
  // Random violating bodies: more power when the fixed ones pass, and the shrinker when one fails.
  const runs = options.randomRuns ?? 5;
  const wantShrink = firstBroken?.c.expect === 'reject';
  // A failure is shrunk whatever `runs` is (a remote target's default is none): the cost is only
  // paid when there is a failure. A replay of one position sends that case alone.
  if (only === undefined && ((runs > 0 && row.verdict !== 'violated') || wantShrink)) {
    const seed = ctx.config.seed;
    const arb = violationArbitrary(ctx.contract, op, constraint, { refs: ctx.refs(), seed });
    let last: { c: Case; evidence: Evidence } | undefined;
    const result = await fc.check(
      fc.asyncProperty(arb, async (c) => {
        // A case lost to the transport is not a failure: fast-check must not shrink noise.
        const j = await judgeCase(ctx, recorder, op, c, constraint.id);
        if (!j.sent) return true;
        row.requests++;
        row.cases[c.expect]++;
        checkedAt(row, c);
        if (j.otherReading) notes.add(`${j.sentCase.description}: ${j.otherReading}`);
        if (!j.broken) return true;
        last = { c: j.sentCase, evidence: caseEvidence(j.sentCase, j.reply) };
        return false;
      }),
      { seed, numRuns: wantShrink ? Math.max(runs, 20) : runs, endOnFailure: false, maxSkipsPerRun: 10 },
    );
    stopIfUnreachable(ctx);
    if (result.failed && last) {
      const minimal: Evidence = {
        ...last.evidence,
        caseDescription: `minimal failing case after ${result.numShrinks} shrinks: ${last.c.description}`,
        seed: result.seed,
        path: result.counterexamplePath ?? undefined,
        replay: replayCommand(result.seed, constraint.id),
      };
      row.verdict = 'violated';
      // The shrunk case goes first: it is the one a person should read.
      row.evidence.unshift(minimal);
      row.evidence.splice(3);
    } else if (row.verdict !== 'violated') {
      recorder.pass(row);
    }
  }
  // Each deterministic case that failed replays alone, at its position (the shrunk one replays its seed).
  for (const e of row.evidence) if (e.exchange) e.replay ??= replayCommand(ctx.config.seed, constraint.id, e.position);
  if (notes.size) {
    const first = row.evidence[0];
    if (first) first.notes = [...(first.notes ?? []), ...notes];
    else row.evidence.push({ expected: row.cases.accept > 0 || row.cases.reject === 0 ? 'accept (2xx)' : 'reject (4xx)', notes: [...notes] });
  }
  return row;
}

/** Notes the array position a sent case sat at on its row (`0`, `1`, `last`). */
export function checkedAt(row: ResultRecord, c: Case): void {
  if (!c.position) return;
  const name = positionName(c.position);
  row.positions ??= { accept: [], reject: [] };
  const list = row.positions[c.expect];
  if (!list.includes(name)) list.push(name);
}

/**
 * The command that runs this constraint's test again with the same seed; for a case inside an
 * array, at the position it failed at only (CONFORMANCE_POSITION), so the replay sends that case.
 */
export function replayCommand(seed: number, testName: string, position?: string): string {
  const at = position !== undefined ? ` CONFORMANCE_POSITION=${position}` : '';
  return `CONFORMANCE_SEED=${seed}${at} npm run conformance -- --grep '${testName.replace(/[[\].]/g, (m) => '\\' + m)}'`;
}
