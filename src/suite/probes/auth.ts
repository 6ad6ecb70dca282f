/** Without X-COREOS-ACCESS, or with a wrong one, every operation gets 401 and never 2xx. */
import type { Operation } from '../../contract/index.ts';
import { RULES, REFUSAL_CHECKS } from '../../checks/index.ts';
import type { SuiteContext } from '../run/context.ts';
import { describeOutcome, exchangeOf } from '../record/evidence.ts';
import type { Recorder } from '../record/recorder.ts';
import { prepare } from '../jobs/prepare.ts';
import { validBody } from './bodies.ts';
import { afterSend, sendAgain } from '../record/judge.ts';
import { resilient } from '../run/resilient.ts';

export async function probeAuth(ctx: SuiteContext, recorder: Recorder, op: Operation): Promise<void> {
  const row = recorder.checkRow(RULES.auth, op);
  // Lost to the transport, the probe runs again from the start.
  await resilient(ctx, recorder, row.rowId, 'the 401 probe', async () => {
    // A request that would succeed with the right token, so only the credentials are wrong.
    // The target must refuse it: it goes to the open job, not a fresh one.
    const prepared = await prepare(ctx, op, { operationId: op.operationId, kind: 'valid', expect: 'accept', instancePointer: '', path: 'body', description: 'a valid request', body: validBody(ctx, op) }, 'reject');
    if (!prepared.send) return recorder.notSent(row, prepared.reason);
    for (const [i, auth] of (['none', 'wrong'] as const).entries()) {
      const p = sendAgain(ctx, op, prepared, i);
      if (!p.send) return recorder.notSent(row, p.reason);
      const reply = await ctx.client.send(op, { pathParams: p.pathParams, body: p.body, auth });
      afterSend(ctx, op, p, reply);
      recorder.observe(op, reply, undefined, REFUSAL_CHECKS);
      if (reply.status === 401) recorder.pass(row, 'reject');
      else {
        recorder.fail(row, 'reject', {
          expected: '401',
          actual: `${describeOutcome(reply)} ${auth === 'none' ? 'without X-COREOS-ACCESS' : 'with a wrong X-COREOS-ACCESS'}`,
          exchange: exchangeOf(reply),
        });
      }
    }
  });
}
