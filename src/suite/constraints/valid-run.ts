/**
 * Random valid bodies for one operation: each must be accepted. fast-check draws them from the
 * schema (boundaries biased in), and shrinks a rejected one to a minimal body.
 */
import fc from 'fast-check';
import type { Operation } from '../../contract/index.ts';
import { valid } from '../../generate/index.ts';
import type { Case } from '../../generate/case.ts';
import { RULES } from '../../checks/index.ts';
import type { ResultRecord } from '../../results/model.ts';
import type { SuiteContext } from '../run/context.ts';
import { caseEvidence } from '../record/evidence.ts';
import { judgeCase, stopIfUnreachable } from '../run/resilient.ts';
import type { Recorder } from '../record/recorder.ts';
import { replayCommand } from '../record/replay.ts';

export async function runValidBodies(ctx: SuiteContext, recorder: Recorder, op: Operation, runs: number): Promise<ResultRecord> {
  const row = recorder.checkRow(RULES.acceptsValid, op, `accepts ${runs} random valid bodies`);
  if (!op.requestSchema || runs === 0) return row;
  const seed = ctx.config.seed;
  let last: { c: Case; evidence: ReturnType<typeof caseEvidence> } | undefined;
  const arb = valid(op.requestSchema, { refs: ctx.refs(), seed }).map(
    (body): Case => ({ operationId: op.operationId, kind: 'valid', expect: 'accept', instancePointer: '', path: 'body', description: 'a random valid body', body }),
  );
  const result = await fc.check(
    fc.asyncProperty(arb, async (c) => {
      // A case lost to the transport is not a failure: fast-check must not shrink noise.
      const j = await judgeCase(ctx, recorder, op, c, row.rowId);
      if (!j.sent) {
        recorder.notSent(row, j.reason);
        return true;
      }
      if (!j.broken) {
        recorder.pass(row, c);
        return true;
      }
      last = { c: j.sentCase, evidence: caseEvidence(j.sentCase, j.reply) };
      recorder.judged(row, c);
      return false;
    }),
    { seed, numRuns: runs, endOnFailure: false },
  );
  stopIfUnreachable(ctx);
  if (result.failed && last) {
    recorder.violate(
      row,
      {
        ...last.evidence,
        caseDescription: `minimal valid body the target rejects (after ${result.numShrinks} shrinks)`,
        seed: result.seed,
        path: result.counterexamplePath ?? undefined,
        replay: replayCommand(result.seed, `${op.operationId} random valid bodies`),
      },
      undefined,
      { lead: true },
    );
  }
  return row;
}
