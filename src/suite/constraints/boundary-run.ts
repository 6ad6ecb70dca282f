/**
 * The operation's boundary values, packed (src/generate/pack.ts): each packed body carries the
 * boundary values of several members at once and must be accepted. One the target accepts
 * conforms for each of its cases, for one request (and on a create, one job). One it refuses is
 * unpacked: each case is sent alone, so the refused value is found and reported under its own
 * constraint as if it had always been sent alone. A packed body refused while each of its values
 * alone is accepted is a finding too: a valid body the target refuses (check:accepts-valid).
 * Each packed body is sent once per run (boundary-packs.ts): a constraint's test may have sent it.
 */
import type { Operation } from '../../contract/index.ts';
import { positionName, type Case } from '../../generate/case.ts';
import { RULES } from '../../checks/index.ts';
import type { SuiteContext } from '../run/context.ts';
import { caseEvidence } from '../record/evidence.ts';
import { judgeCase, stopIfUnreachable } from '../run/resilient.ts';
import type { Recorder } from '../record/recorder.ts';
import { plannedSides } from './constraint-run.ts';
import { replayCommand } from '../record/replay.ts';
import { plainestBroken } from './plainest.ts';
import type { Reason } from '../../results/model.ts';
import { boundaryTestTitle, packOutcome } from './boundary-packs.ts';

export async function runBoundaries(ctx: SuiteContext, recorder: Recorder, op: Operation): Promise<void> {
  const valid = recorder.checkRow(RULES.acceptsValid, op);
  const replay = replayCommand(ctx.config.seed, boundaryTestTitle(op));
  const rowOf = (c: Case) => {
    const constraint = ctx.catalogue.find((x) => x.id === c.constraintId)!;
    const row = recorder.constraintRow(constraint);
    recorder.plan(row, plannedSides(ctx, constraint));
    return row;
  };
  const notSent = (c: Case, reason: Reason) => recorder.notSent(rowOf(c), { ...reason, text: `${c.description}: not sent, ${reason.text}` });
  for (const pack of ctx.cases(op).packs) {
    const outcome = await packOutcome(ctx, recorder, op, pack, valid.rowId);
    if (!outcome.sent) {
      // The pack is the operation's valid body too: why it was not sent is why that row was not judged.
      recorder.notSent(valid, outcome.reason);
      for (const c of pack.cases) notSent(c, outcome.reason);
      continue;
    }
    if (outcome.accepted) {
      recorder.pass(valid, 'accept');
      for (const c of pack.cases) recorder.pass(rowOf(c), c);
      continue;
    }
    // Refused: which value? Each alone, as its own constraint's test would send it (only this test unpacks).
    let refusedAlone = 0;
    for (const c of pack.cases) {
      const one = await judgeCase(ctx, recorder, op, c, c.constraintId!);
      const row = rowOf(c);
      if (!one.sent) {
        notSent(c, one.reason);
        continue;
      }
      if (one.broken) {
        refusedAlone++;
        const shown = await plainestBroken(ctx, recorder, op, one, c.constraintId!);
        recorder.fail(row, c, { ...caseEvidence(shown.sentCase, shown.reply), replay, ...(c.position ? { position: positionName(c.position) } : {}) });
      } else {
        recorder.pass(row, c);
      }
    }
    if (refusedAlone === 0) {
      recorder.violate(valid, {
        ...outcome.evidence,
        caseDescription: `${pack.description}: refused together, though each value alone was accepted`,
        replay,
      });
    }
  }
  stopIfUnreachable(ctx);
}
