/**
 * The plainest evidence, in one place: a case's other members in plain ASCII (src/generate/simplify.ts).
 * - A broken case is sent once more in that form; when that breaks the rule too, it is the
 *   evidence, else the case as first sent. One more request, and only where the resend costs no
 *   job: a body a job-making operation took (an accepted violation, a 201) made a job, and its
 *   plainer twin would make another out of the share the rest of the run's cases need.
 * - So there a violation goes out in its plainest form from the first send (`firstForm`): its
 *   other members are not what it tests, and random valid bodies keep the exotic values.
 */
import type { Operation } from '../../contract/index.ts';
import type { Reply } from '../../client/index.ts';
import type { Case } from '../../generate/case.ts';
import { plainestCase } from '../../generate/simplify.ts';
import type { SuiteContext } from '../run/context.ts';
import type { Recorder } from '../record/recorder.ts';
import { judgeCase } from '../run/resilient.ts';
import { JOB_MAKING } from '../run/plan.ts';

const makesJobs = (op: Operation) => (JOB_MAKING as readonly string[]).includes(op.operationId);

/** The form a case is first sent in: a violation on a job-making operation in its plainest form, any other case as it is. */
export function firstForm(ctx: SuiteContext, op: Operation, c: Case): Case {
  return makesJobs(op) && c.expect === 'reject' ? (plainestCase(ctx.contract, op, c) ?? c) : c;
}

/** The evidence of a case that broke its rule: its plainest form when that breaks the rule too (one more request, where it costs no job). */
export async function plainestBroken(ctx: SuiteContext, recorder: Recorder, op: Operation, broken: { sentCase: Case; reply: Reply }, servedId: string): Promise<{ sentCase: Case; reply: Reply }> {
  const madeJob = broken.reply.status >= 200 && broken.reply.status < 300 && makesJobs(op);
  if (madeJob) return broken;
  const plain = plainestCase(ctx.contract, op, broken.sentCase);
  if (!plain) return broken;
  const again = await judgeCase(ctx, recorder, op, plain, servedId);
  return again.sent && again.broken ? again : broken;
}
