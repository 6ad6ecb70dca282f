/**
 * Transport faults in the suite: never a verdict. The client has already repeated what was safe to
 * repeat (a read, a request never written); what reaches here is a write whose answer was lost (the
 * target may have carried it out) or a request that kept failing. Such a case is not sent again as
 * it was: it runs again from the start, on fresh state (prepare makes a new job where the operation
 * completes one, new jobRefs, a new model run), at most CASE_ATTEMPTS times. Inside a fast-check
 * property the case then counts as passed, so noise is never shrunk; when the fault persists the
 * test records an error (not a violation) with the exchange that failed, and moves on. An
 * unreachable target (TargetUnreachable) is not a case's problem: it ends the test. Before a case
 * runs again, one read asks whether the target still answers at all.
 */
import { servingRow, TargetUnreachable, TransportError } from '../../client/index.ts';
import type { Operation } from '../../contract/index.ts';
import type { Case } from '../../generate/case.ts';
import type { Exchange } from '../../results/model.ts';
import type { SuiteContext } from './context.ts';
import { judge, type Judgement } from '../record/judge.ts';
import { NO_SUCH_JOB_ID } from '../jobs/job-ids.ts';
import type { Recorder } from '../record/recorder.ts';
export type { TestError } from '../record/recorder.ts';

/** Runs of one case, the first included, before a persistent transport fault is recorded as an error. */
export const CASE_ATTEMPTS = 3;

/** The failed exchange of a transport fault, as report evidence. */
export function lostExchange(e: TransportError): Exchange {
  const r = e.request;
  return {
    method: r.method,
    url: r.url,
    requestBody: r.requestBody,
    ...(r.bodyFile ? { bodyFile: r.bodyFile } : {}),
    ...(r.requestBytes ? { requestBytes: r.requestBytes } : {}),
    status: 0,
    responseExcerpt: `(no answer: ${e.message})`,
    requestId: r.requestId,
    curl: r.curl,
    durationMs: Math.round(r.durationMs),
  };
}

export type Resilient<T> = { ok: true; value: T } | { ok: false; error: TransportError };

/**
 * Runs `run` (one case, from its preparation on) serving `servedId`; on a transport fault runs it
 * again from the start, and after CASE_ATTEMPTS records an error on the test and returns it.
 */
export async function resilient<T>(ctx: SuiteContext, recorder: Recorder, servedId: string, what: string, run: () => Promise<T>): Promise<Resilient<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await servingRow(servedId, run) };
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
      if (attempt >= CASE_ATTEMPTS) {
        const r = e.request;
        recorder.error({
          message: `${what} could not be judged: ${attempt} runs on fresh state lost their answer (last: ${r.method} ${r.url}, X-COREOS-REQUEST-ID ${r.requestId}: ${e.message})`,
          servedId,
          exchange: lostExchange(e),
        });
        return { ok: false, error: e };
      }
      // Run again: counted with the client's transport retries (the summary's "sent again after a transport fault").
      ctx.client.transportRetries++;
      await servingRow(servedId, () => stillThere(ctx));
    }
  }
}

/**
 * Before a case runs again: one read, whose answer (any status) shows the target is there, so that
 * one case that keeps losing its answer is an error of its test and not, counted in a row, an
 * unreachable target. A read that fails too counts towards unreachable; TargetUnreachable ends
 * the test.
 */
async function stillThere(ctx: SuiteContext): Promise<void> {
  try {
    await ctx.client.send(ctx.contract.operation('getJob'), { pathParams: { jobId: NO_SUCH_JOB_ID } });
  } catch (e) {
    if (!(e instanceof TransportError)) throw e;
  }
}

/** Throws the client's TargetUnreachable, once it has called the target unreachable. */
export function stopIfUnreachable(ctx: SuiteContext): void {
  if (ctx.client.unreachable) throw ctx.client.unreachable;
}

/**
 * judge() for one case, resilient: a case lost to the transport is `sent: false` with the reason
 * (its error recorded on the test). Inside a fast-check property an unreachable target also comes
 * back as `sent: false` (nothing to shrink); the caller calls stopIfUnreachable after fc.check.
 */
export async function judgeCase(ctx: SuiteContext, recorder: Recorder, op: Operation, c: Case, servedId: string): Promise<Judgement> {
  if (ctx.client.unreachable) return { sent: false, reason: { code: 'stopped', text: ctx.client.unreachable.message } };
  try {
    const r = await resilient(ctx, recorder, servedId, `case "${c.description}" of ${servedId}`, () => judge(ctx, recorder, op, c));
    return r.ok ? r.value : { sent: false, reason: { code: 'transport', text: `not judged: transport fault in ${CASE_ATTEMPTS} runs (${r.error.message})` } };
  } catch (e) {
    if (e instanceof TargetUnreachable) return { sent: false, reason: { code: 'stopped', text: e.message } };
    throw e;
  }
}
