/** A body that is not JSON gets 400, one sent with a wrong content type 400 or 415; never 2xx or 5xx. */
import type { Operation } from '../../contract/index.ts';
import { RULES } from '../../checks/index.ts';
import type { SuiteContext } from '../context.ts';
import { describeOutcome, exchangeOf } from '../evidence.ts';
import type { Recorder } from '../recorder.ts';
import { prepare } from '../prepare.ts';
import { validBody } from './bodies.ts';
import { afterSend } from '../judge.ts';
import { resilient } from '../resilient.ts';

const MALFORMED: { name: string; rawBody: string; contentType?: string; expected: number[] }[] = [
  { name: 'truncated JSON', rawBody: '{"subStatus": "delivered", ', expected: [400] },
  { name: 'not JSON at all', rawBody: 'subStatus=delivered', expected: [400] },
  { name: 'an empty body', rawBody: '', expected: [400] },
];

export async function probeMalformed(ctx: SuiteContext, recorder: Recorder, op: Operation): Promise<void> {
  if (!op.requestSchema) return;
  const row = recorder.checkRow(RULES.malformedBody, op);
  // Lost to the transport, the probe runs again from the start.
  await resilient(ctx, recorder, row.constraintId, 'the malformed-body probe', async () => {
    const prepared = await prepare(ctx, op, { operationId: op.operationId, kind: 'valid', expect: 'accept', instancePointer: '', path: 'body', description: 'a valid request', body: validBody(ctx, op) }, 'reject');
    if (!prepared.send) return recorder.notSent(row, prepared.reason);
    const probes = [...MALFORMED, { name: 'valid JSON sent as text/plain', rawBody: JSON.stringify(prepared.body), contentType: 'text/plain', expected: [400, 415] }];
    for (const p of probes) {
      const reply = await ctx.client.send(op, { pathParams: prepared.pathParams, rawBody: p.rawBody, contentType: p.contentType });
      afterSend(ctx, op, prepared, reply);
      recorder.observe(op, reply);
      if (p.expected.includes(reply.status)) recorder.pass(row, 'reject');
      else recorder.fail(row, 'reject', { expected: p.expected.join(' or '), actual: `${describeOutcome(reply)} for ${p.name}`, exchange: exchangeOf(reply) });
    }
  });
}
