/** Sends one case and judges the answer. */
import type { Operation } from '../../contract/index.ts';
import type { Reply } from '../../client/index.ts';
import { expectation, type CheckFailure } from '../../checks/index.ts';
import type { Case } from '../../generate/case.ts';
import type { SuiteContext } from '../run/context.ts';
import { prepare, type Prepared } from '../jobs/prepare.ts';
import type { Recorder } from './recorder.ts';
import type { Reason } from '../../results/model.ts';
import { jobRefKnockOn } from './facts.ts';

export type Judgement =
  | { sent: false; reason: Reason }
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

/** How a note says the target took another page's reading (for people: the row's reason code is `other-reading`). */
const AS_ANOTHER_PAGE_HAS_IT = 'as another page has it';

export async function judge(ctx: SuiteContext, recorder: Recorder, op: Operation, c: Case): Promise<Judgement> {
  const p = await prepare(ctx, op, c);
  if (!p.send) return { sent: false, reason: p.reason };
  const reply = await ctx.client.send(op, { pathParams: p.pathParams, body: p.body });
  afterSend(ctx, op, p, reply);
  const sentCase = p.body === p.case.body ? p.case : { ...p.case, body: p.body };
  const failures = recorder.observe(op, reply, sentCase);
  const broken = failures.some((f) => f.check === expectation);
  // A valid case that failed because a fact set up elsewhere does not hold is that fact's finding, not its row's.
  const reliedOn = p.job ?? p.refJob;
  if (broken && sentCase.expect === 'accept' && reliedOn) {
    const knockOn = await jobRefKnockOn(ctx, recorder, op, reliedOn, reply);
    if (knockOn) return { sent: false, reason: knockOn };
  }
  // Where another page's reading judges the body otherwise, either answer conforms: say which the target took.
  const answeredOtherwise = (sentCase.expect === 'accept') !== (reply.status >= 200 && reply.status < 300);
  const otherReading = sentCase.contested && answeredOtherwise && !broken ? `${describeAnswer(reply)}, ${AS_ANOTHER_PAGE_HAS_IT}: ${sentCase.contested.map((r) => r.source).join(' ')}` : undefined;
  return { sent: true, reply, failures, broken, sentCase, ...(otherReading ? { otherReading } : {}) };
}

/** What an answer did to the run's jobs: a create that made one is accounted for; an open job the target accepted a request on is replaced. */
export function afterSend(ctx: SuiteContext, op: Operation, p: Extract<Prepared, { send: true }>, reply: Reply): void {
  if (op.operationId === 'createJob' && p.reservation) ctx.jobs.recordCreate(reply, (p.body as { jobRef?: unknown } | undefined)?.jobRef, p.reservation);
  if (p.job && reply.status >= 200 && reply.status < 300) ctx.jobs.spoil(p.job);
}

/**
 * `p` for its `form`th request (from 0) in a probe that sends it in several forms (without
 * credentials, with each altered token, as each malformed text): on createJob each form the target
 * takes makes a job, and afterSend spent the reservation on the form before, so each one after the
 * first takes a job of its own from the same share; not sent when that share is spent.
 */
export function sendAgain(ctx: SuiteContext, op: Operation, p: Extract<Prepared, { send: true }>, form: number): Prepared {
  if (form === 0 || op.operationId !== 'createJob' || !p.reservation) return p;
  const reservation = ctx.jobs.budget.another(p.reservation);
  return reservation ? { ...p, reservation } : { send: false, reason: ctx.jobs.budget.reasonFor(p.reservation) };
}

function describeAnswer(reply: Reply): string {
  return reply.status >= 200 && reply.status < 300 ? `accepted (${reply.status})` : `rejected (${reply.status})`;
}
