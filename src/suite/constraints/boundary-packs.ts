/**
 * An operation's packed boundary bodies (src/generate/pack.ts) as the run sends them: each once per
 * run, by whichever test needs it first (the operation's boundary test, or the test of a
 * constraint with a value in it), the others reading its outcome in the run's folder. A body and
 * its answer do not depend on who sent it, so neither does any verdict; and a test of one
 * constraint alone (a replay) judges the values it has in packs.
 */
import type { Operation } from '../../contract/index.ts';
import type { Case } from '../../generate/case.ts';
import type { Pack } from '../../generate/index.ts';
import type { Evidence, Reason } from '../../results/model.ts';
import { fnv1a } from '../../shared/hash.ts';
import type { SuiteContext } from '../run/context.ts';
import { caseEvidence } from '../record/evidence.ts';
import type { Recorder } from '../record/recorder.ts';
import { judgeCase } from '../run/resilient.ts';

/** The title of an operation's boundary test, which the replay command greps for. */
export const boundaryTestTitle = (op: Operation) => `${op.operationId} boundary values are accepted`;

/** What became of a packed body, as every test of the run reads it. */
export type PackOutcome = { sent: false; reason: Reason } | { sent: true; accepted: boolean; evidence: Evidence };

/** The packed body's outcome, sending it when no test of the run has. */
export function packOutcome(ctx: SuiteContext, recorder: Recorder, op: Operation, pack: Pack, servedId: string): Promise<PackOutcome> {
  const send = async (): Promise<PackOutcome> => {
    const packed: Case = { operationId: op.operationId, kind: 'boundary', expect: 'accept', instancePointer: '', path: 'body', description: pack.description, body: pack.body };
    const j = await judgeCase(ctx, recorder, op, packed, servedId);
    return j.sent ? { sent: true, accepted: !j.broken, evidence: caseEvidence(j.sentCase, j.reply) } : { sent: false, reason: j.reason };
  };
  const lost = (): PackOutcome => ({ sent: false, reason: { code: 'transport', text: 'the test that sent the packed body never wrote its answer' } });
  return ctx.runDir.shared(`boundary-${op.operationId}-${fnv1a(JSON.stringify(pack.body)).toString(36)}`, send, ctx.config.timeoutMs * 3 + ctx.config.consistencyMs, lost);
}
