/**
 * A body that is not one JSON value is refused, every common kind of it: trailing text after a
 * complete value, two values, a comment, single quotes, NaN, a byte-order mark, truncation, invalid
 * UTF-8, text that is not JSON, an empty body; and valid JSON sent as text/plain. Accepting one is a
 * violation (JSON bodies are documented; a BOM only a deviation, RFC 8259 lets a parser ignore it);
 * refusing it with another 4xx than the one pinned is a deviation (which 4xx is assumed).
 */
import type { Operation, Provenance } from '../../contract/index.ts';
import { RULES } from '../../checks/index.ts';
import type { SuiteContext } from '../context.ts';
import { describeOutcome, exchangeOf } from '../evidence.ts';
import type { Recorder } from '../recorder.ts';
import { prepare } from '../prepare.ts';
import { validBody } from './bodies.ts';
import { afterSend } from '../judge.ts';
import { resilient } from '../resilient.ts';

interface Malformed {
  name: string;
  rawBody: string | Buffer;
  contentType?: string;
  expected: number[];
  /** The provenance of accepting it (default: the rule's, reference). */
  accepting?: Provenance;
}

/** The malformed forms of a valid body's JSON text `json` (an object). */
export function malformedBodies(json: string): Malformed[] {
  const bytes = Buffer.from(json);
  return [
    { name: 'trailing text after a complete value', rawBody: `${json} trailing`, expected: [400] },
    { name: 'two JSON values', rawBody: `${json}${json}`, expected: [400] },
    { name: 'a comment', rawBody: `{/* a comment */${json.slice(1)}`, expected: [400] },
    { name: 'a member name in single quotes', rawBody: json.replace(/^\{"([^"\\]*)":/, "{'$1':"), expected: [400] },
    { name: 'NaN', rawBody: `{"conformanceNumber":NaN,${json.slice(1)}`, expected: [400] },
    // RFC 8259 section 8.1: a parser MAY ignore a byte-order mark, so taking it is only a deviation.
    { name: 'a byte-order mark', rawBody: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), expected: [400], accepting: 'assumed' },
    { name: 'truncated JSON', rawBody: json.slice(0, Math.max(1, Math.floor(json.length / 2))), expected: [400] },
    { name: 'invalid UTF-8', rawBody: Buffer.concat([bytes.subarray(0, 2), Buffer.from([0xff, 0xfe]), bytes.subarray(2)]), expected: [400] },
    { name: 'not JSON at all', rawBody: 'subStatus=delivered', expected: [400] },
    { name: 'an empty body', rawBody: '', expected: [400] },
    { name: 'valid JSON sent as text/plain', rawBody: json, contentType: 'text/plain', expected: [400, 415] },
  ];
}

export async function probeMalformed(ctx: SuiteContext, recorder: Recorder, op: Operation): Promise<void> {
  if (!op.requestSchema) return;
  const row = recorder.checkRow(RULES.malformedBody, op);
  // Lost to the transport, the probe runs again from the start.
  await resilient(ctx, recorder, row.constraintId, 'the malformed-body probe', async () => {
    const prepared = await prepare(ctx, op, { operationId: op.operationId, kind: 'valid', expect: 'accept', instancePointer: '', path: 'body', description: 'a valid request', body: validBody(ctx, op) }, 'reject');
    if (!prepared.send) return recorder.notSent(row, prepared.reason);
    for (const p of malformedBodies(JSON.stringify(prepared.body))) {
      const reply = await ctx.client.send(op, { pathParams: prepared.pathParams, rawBody: p.rawBody, contentType: p.contentType });
      afterSend(ctx, op, prepared, reply);
      recorder.observe(op, reply);
      if (p.expected.includes(reply.status)) {
        recorder.pass(row, 'reject');
        continue;
      }
      // Refused with another 4xx: only which 4xx is off (assumed). Taken, or a 5xx: not refused at all.
      const refused = reply.status >= 400 && reply.status < 500;
      const provenance = refused ? RULES.malformedBody.parts.status.provenance : reply.status < 300 ? (p.accepting ?? RULES.malformedBody.provenance) : RULES.malformedBody.provenance;
      recorder.fail(row, 'reject', { expected: p.expected.join(' or '), actual: `${describeOutcome(reply)} for ${p.name}`, exchange: exchangeOf(reply) }, provenance);
    }
  });
}
