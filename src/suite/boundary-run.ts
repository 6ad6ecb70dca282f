/**
 * The operation's boundary values, packed (src/generate/pack.ts): each packed body carries the
 * boundary values of several members at once and must be accepted. One the target accepts
 * conforms for each of its cases, for one request (and on a create, one job). One it refuses is
 * unpacked: each case is sent alone, so the refused value is found and reported under its own
 * constraint as if it had always been sent alone. A packed body refused while each of its values
 * alone is accepted is a finding too: a valid body the target refuses (check:accepts-valid).
 */
import type { Operation } from '../contract/index.ts';
import { positionName, type Case } from '../generate/case.ts';
import { RULES } from '../checks/index.ts';
import type { SuiteContext } from './context.ts';
import { caseEvidence } from './evidence.ts';
import { judgeCase, stopIfUnreachable } from './resilient.ts';
import type { Recorder } from './recorder.ts';
import { checkedAt, replayCommand } from './constraint-run.ts';

/** The title of an operation's boundary test, which the replay command greps for. */
export const boundaryTestTitle = (op: Operation) => `${op.operationId} boundary values are accepted`;

export async function runBoundaries(ctx: SuiteContext, recorder: Recorder, op: Operation): Promise<void> {
  const valid = recorder.checkRow(RULES.acceptsValid, op);
  const replay = replayCommand(ctx.config.seed, boundaryTestTitle(op));
  const rowOf = (c: Case) => recorder.constraintRow(ctx.catalogue.find((x) => x.id === c.constraintId)!);
  for (const pack of ctx.cases(op).packs) {
    const packed: Case = { operationId: op.operationId, kind: 'boundary', expect: 'accept', instancePointer: '', path: 'body', description: pack.description, body: pack.body };
    const j = await judgeCase(ctx, recorder, op, packed, valid.constraintId);
    if (!j.sent) {
      for (const c of pack.cases) rowOf(c).evidence.push({ expected: 'accept (2xx)', notes: [`${c.description}: not sent, ${j.reason}`] });
      continue;
    }
    if (!j.broken) {
      for (const c of pack.cases) {
        const row = rowOf(c);
        row.requests++;
        row.cases.accept++;
        checkedAt(row, c);
        recorder.pass(row);
      }
      continue;
    }
    // Refused: which value? Each alone, as its own constraint's test would send it.
    let refusedAlone = 0;
    for (const c of pack.cases) {
      const one = await judgeCase(ctx, recorder, op, c, c.constraintId!);
      const row = rowOf(c);
      if (!one.sent) {
        row.evidence.push({ expected: 'accept (2xx)', notes: [`${c.description}: not sent, ${one.reason}`] });
        continue;
      }
      row.requests++;
      row.cases.accept++;
      checkedAt(row, c);
      if (one.broken) {
        refusedAlone++;
        recorder.violate(row, { ...caseEvidence(one.sentCase, one.reply), replay, ...(c.position ? { position: positionName(c.position) } : {}) });
      } else {
        recorder.pass(row);
      }
    }
    if (refusedAlone === 0) {
      recorder.violate(valid, {
        ...caseEvidence(j.sentCase, j.reply),
        caseDescription: `${pack.description}: refused together, though each value alone was accepted`,
        replay,
      });
    }
  }
  stopIfUnreachable(ctx);
}
