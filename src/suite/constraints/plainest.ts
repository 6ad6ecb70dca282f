/**
 * A broken case's evidence in its plainest form: the case sent once more with its other members in
 * plain ASCII (src/generate/simplify.ts); when that breaks the rule too, it is the evidence, else
 * the case as first sent. One more request, and only for a case that broke its rule and whose
 * resend costs no job: a body a job-making operation took (an accepted violation, a 201) made a job,
 * and its plainer twin would make another out of the share the rest of the run's cases need.
 */
import type { Operation } from '../../contract/index.ts';
import type { Reply } from '../../client/index.ts';
import type { Case } from '../../generate/case.ts';
import { plainestCase } from '../../generate/simplify.ts';
import type { SuiteContext } from '../run/context.ts';
import type { Recorder } from '../record/recorder.ts';
import { judgeCase } from '../run/resilient.ts';
import { JOB_MAKING } from '../run/plan.ts';

export async function plainestBroken(ctx: SuiteContext, recorder: Recorder, op: Operation, broken: { sentCase: Case; reply: Reply }, servedId: string): Promise<{ sentCase: Case; reply: Reply }> {
  const madeJob = broken.reply.status >= 200 && broken.reply.status < 300 && (JOB_MAKING as readonly string[]).includes(op.operationId);
  if (madeJob) return broken;
  const plain = plainestCase(ctx.contract, op, broken.sentCase);
  if (!plain) return broken;
  const again = await judgeCase(ctx, recorder, op, plain, servedId);
  return again.sent && again.broken ? again : broken;
}
