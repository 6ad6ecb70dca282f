/**
 * Required headers: each header the spec marks required (or DISPATCH_REQUIRED_HEADERS lists, for a
 * deployment that adds or drops one) is left out once per operation, on a request that is valid in
 * every other way; the target must refuse it (4xx). X-COREOS-ACCESS is the credentials' own probe
 * (check:auth, 401), so it is not sent twice.
 */
import type { Operation } from '../../contract/index.ts';
import { RULES, REFUSAL_CHECKS } from '../../checks/index.ts';
import type { ResultRecord } from '../../results/model.ts';
import type { SuiteContext } from '../run/context.ts';
import { describeOutcome, exchangeOf } from '../record/evidence.ts';
import { prepare } from '../jobs/prepare.ts';
import type { Recorder } from '../record/recorder.ts';
import { afterSend, sendAgain } from '../record/judge.ts';
import { resilient } from '../run/resilient.ts';
import { validBody } from './bodies.ts';

/** The credentials' header: left out by check:auth, which expects 401. */
const ACCESS = 'X-COREOS-ACCESS';

/** The headers an operation's requests must carry: DISPATCH_REQUIRED_HEADERS when set, else those the spec marks required. */
export function requiredHeaders(ctx: SuiteContext, op: Operation): string[] {
  return ctx.config.requiredHeaders ?? op.requiredHeaders;
}

export async function probeRequiredHeaders(ctx: SuiteContext, recorder: Recorder, op: Operation): Promise<ResultRecord> {
  const row = recorder.checkRow(RULES.requiredHeaders, op);
  const headers = requiredHeaders(ctx, op).filter((h) => h !== ACCESS);
  if (headers.length === 0) {
    recorder.notSent(row, { code: 'not-configured', text: `no header to leave out besides ${ACCESS} (check:auth): DISPATCH_REQUIRED_HEADERS lists ${ctx.config.requiredHeaders?.join(', ') || 'none'}` });
    return row;
  }
  // Lost to the transport, the probe runs again from the start.
  await resilient(ctx, recorder, row.rowId, 'the required-headers probe', async () => {
    // A request that would succeed with every header, so only the missing one is wrong. The
    // target must refuse it: it goes to the open job, not a fresh one.
    const prepared = await prepare(ctx, op, { operationId: op.operationId, kind: 'valid', expect: 'accept', instancePointer: '', path: 'body', description: 'a valid request', body: validBody(ctx, op) }, 'reject');
    if (!prepared.send) return recorder.notSent(row, prepared.reason);
    for (const [i, header] of headers.entries()) {
      const p = sendAgain(ctx, op, prepared, i);
      if (!p.send) return recorder.notSent(row, p.reason);
      const reply = await ctx.client.send(op, { pathParams: p.pathParams, body: p.body, omitHeader: header });
      afterSend(ctx, op, p, reply);
      recorder.observe(op, reply, undefined, REFUSAL_CHECKS);
      if (reply.status >= 400 && reply.status < 500) recorder.pass(row, 'reject');
      else recorder.fail(row, 'reject', { expected: `reject (4xx) a request without ${header}`, actual: `${describeOutcome(reply)} without ${header}`, exchange: exchangeOf(reply) });
    }
  });
  return row;
}
