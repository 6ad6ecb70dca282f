/** Sends one case and judges the answer. */
import { dissentingReadings, type Operation } from '../contract/index.ts';
import type { Reply } from '../client/index.ts';
import { expectation, type CheckFailure } from '../checks/index.ts';
import type { Case } from '../generate/case.ts';
import type { SuiteContext } from './context.ts';
import { prepare } from './prepare.ts';
import type { Recorder } from './recorder.ts';

export type Judgement =
  | { sent: false; reason: string }
  | {
      sent: true;
      reply: Reply;
      failures: CheckFailure[];
      /** The expectation failed: the case's constraint is broken. */
      broken: boolean;
      sentCase: Case;
      /** Set when the pages contradict each other on the case and the target took the other page's reading. */
      otherReading?: string;
    };

/** How a note says the target took another page's reading (the mutation runner looks for it). */
export const AS_ANOTHER_PAGE_HAS_IT = 'as another page has it';

export async function judge(ctx: SuiteContext, recorder: Recorder, op: Operation, c: Case): Promise<Judgement> {
  const p = await prepare(ctx, op, c);
  if (!p.send) return { sent: false, reason: p.reason };
  const reply = await ctx.client.send(op, { pathParams: p.pathParams, body: p.body });
  let sentCase = p.body === p.case.body ? p.case : { ...p.case, body: p.body };
  // Where another page's reading judges the body otherwise, either answer conforms.
  const dissent = dissentingReadings((s) => ctx.contract.validatorFor(s), op, p.body);
  if (dissent.length > 0) sentCase = { ...sentCase, contested: dissent.map((r) => ({ id: r.id, source: r.source })) };
  const failures = recorder.observe(op, reply, sentCase);
  const broken = failures.some((f) => f.check === expectation);
  const answeredOtherwise = (sentCase.expect === 'accept') !== (reply.status >= 200 && reply.status < 300);
  const otherReading = dissent.length > 0 && answeredOtherwise && !broken ? `${describeAnswer(reply)}, ${AS_ANOTHER_PAGE_HAS_IT}: ${dissent.map((r) => r.source).join(' ')}` : undefined;
  return { sent: true, reply, failures, broken, sentCase, ...(otherReading ? { otherReading } : {}) };
}

function describeAnswer(reply: Reply): string {
  return reply.status >= 200 && reply.status < 300 ? `accepted (${reply.status})` : `rejected (${reply.status})`;
}
