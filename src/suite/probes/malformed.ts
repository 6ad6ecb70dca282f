/**
 * A body that is not one JSON value should be refused, every common kind of it: trailing text after
 * a complete value, two values, a comment, single quotes, NaN, a byte-order mark, invalid UTF-8,
 * valid JSON sent as text/plain (non-JSON forms), and truncation, text that is not JSON, an empty
 * body (no JSON value at all). What taking one means depends on which it is (dispatch-contract.md,
 * State): a non-JSON form is one RFC 8259 section 9 lets a parser accept, and mainstream stacks do,
 * so taking it is a deviation (assumed, failing only under --strict), with the stacks that take it
 * in the evidence; a body with no JSON value carries none of the required members, so taking it is
 * a violation (documented). A 5xx to any of them is a violation; refusing one with another 4xx
 * than the one pinned is a deviation (which 4xx is assumed).
 *
 * Each malformed body is made from the valid body so that what a target does with it does not hang
 * on which valid body the seed drew: a form that needs a member of its own (NaN, invalid UTF-8)
 * carries it in a member of its own, in front of the valid body's.
 */
import type { Operation, Provenance } from '../../contract/index.ts';
import { RULES, REFUSAL_CHECKS } from '../../checks/index.ts';
import type { SuiteContext } from '../run/context.ts';
import { describeOutcome, exchangeOf } from '../record/evidence.ts';
import type { Recorder } from '../record/recorder.ts';
import { prepare } from '../jobs/prepare.ts';
import { validBody } from './bodies.ts';
import { afterSend, sendAgain } from '../record/judge.ts';
import { isRecord } from '../../shared/json.ts';
import { resilient } from '../run/resilient.ts';

/** A non-JSON form a parser MAY take (RFC 8259 section 9), or a body with no JSON value at all. */
export type MalformedKind = 'form' | 'no-value';

export interface Malformed {
  name: string;
  rawBody: string | Buffer;
  contentType?: string;
  expected: number[];
  kind: MalformedKind;
  /** For a form: which mainstream stacks take it, for the evidence of a target that does. */
  takenBy?: string;
}

/** `json` (an object's text) with a member of the suite's own in front of its members. */
function withLeadingMember(json: string, member: string | Buffer): Buffer {
  const rest = json.slice(1).trim() === '}' ? '}' : `,${json.slice(1)}`;
  return Buffer.concat([Buffer.from('{'), Buffer.from(member), Buffer.from(rest)]);
}

/** The malformed forms of a valid body's JSON text `json` (an object). */
export function malformedBodies(json: string): Malformed[] {
  const bytes = Buffer.from(json);
  const invalidUtf8 = Buffer.concat([Buffer.from('"conformanceText":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"')]);
  return [
    { name: 'trailing text after a complete value', rawBody: `${json} trailing`, expected: [400], kind: 'form', takenBy: "Jackson's default ignores trailing tokens (FAIL_ON_TRAILING_TOKENS is off), as does any parser that reads the first value only" },
    { name: 'two JSON values', rawBody: `${json}${json}`, expected: [400], kind: 'form', takenBy: "Go's json.Decoder reads the first value and stops" },
    { name: 'a comment', rawBody: `{/* a comment */${json.slice(1)}`, expected: [400], kind: 'form', takenBy: "Json.NET (Newtonsoft) and Gson's lenient mode skip comments, as Jackson does with ALLOW_COMMENTS" },
    { name: 'a member name in single quotes', rawBody: json.replace(/^\{"([^"\\]*)":/, "{'$1':"), expected: [400], kind: 'form', takenBy: "Json.NET and Gson's lenient mode take single quotes, as Jackson does with ALLOW_SINGLE_QUOTES" },
    { name: 'NaN', rawBody: withLeadingMember(json, '"conformanceNumber":NaN'), expected: [400], kind: 'form', takenBy: "Python's json and Json.NET take NaN and Infinity" },
    { name: 'a byte-order mark', rawBody: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), expected: [400], kind: 'form', takenBy: "RFC 8259 section 8.1 lets a parser ignore a byte-order mark; Express's body-parser (iconv-lite) strips it" },
    { name: 'invalid UTF-8', rawBody: withLeadingMember(json, invalidUtf8), expected: [400], kind: 'form', takenBy: "Node's Buffer, Express's body-parser (iconv-lite) and Go's encoding/json replace invalid UTF-8 with U+FFFD" },
    { name: 'valid JSON sent as text/plain', rawBody: json, contentType: 'text/plain', expected: [400, 415], kind: 'form', takenBy: "many Go handlers (json.NewDecoder on the body) and Flask's get_json(force=True) read the body whatever its content type" },
    { name: 'truncated JSON', rawBody: json.slice(0, Math.max(1, Math.floor(json.length / 2))), expected: [400], kind: 'no-value' },
    { name: 'not JSON at all', rawBody: 'subStatus=delivered', expected: [400], kind: 'no-value' },
    { name: 'an empty body', rawBody: '', expected: [400], kind: 'no-value' },
  ];
}

/** Where the broken part of the rule comes from when a malformed body is taken. */
const TAKEN: Record<MalformedKind, Provenance> = { form: RULES.malformedBody.parts.form.provenance, 'no-value': RULES.malformedBody.parts.noValue.provenance };

export async function probeMalformed(ctx: SuiteContext, recorder: Recorder, op: Operation): Promise<void> {
  if (!op.requestSchema) return;
  const row = recorder.checkRow(RULES.malformedBody, op);
  // Lost to the transport, the probe runs again from the start.
  await resilient(ctx, recorder, row.rowId, 'the malformed-body probe', async () => {
    const prepared = await prepare(ctx, op, { operationId: op.operationId, kind: 'valid', expect: 'accept', instancePointer: '', path: 'body', description: 'a valid request', body: validBody(ctx, op) }, 'reject');
    if (!prepared.send) return recorder.notSent(row, prepared.reason);
    const variants = malformedBodies(JSON.stringify(prepared.body));
    for (const [i, variant] of variants.entries()) {
      // On createJob each variant carries a jobRef of its own, and a job of the budget: one a
      // lenient parser takes makes a job, and a target may refuse a jobRef it already has (409)
      // where it would take the body.
      const again = sendAgain(ctx, op, prepared, i);
      if (!again.send) return recorder.notSent(row, again.reason);
      const own = op.operationId === 'createJob' && isRecord(again.body) ? { ...again, body: { ...again.body, jobRef: ctx.jobs.uniqueRef() } } : again;
      const p = own === prepared ? variant : malformedBodies(JSON.stringify(own.body))[i]!;
      const reply = await ctx.client.send(op, { pathParams: prepared.pathParams, rawBody: p.rawBody, contentType: p.contentType });
      afterSend(ctx, op, own, reply);
      recorder.observe(op, reply, undefined, REFUSAL_CHECKS);
      if (p.expected.includes(reply.status)) {
        recorder.pass(row, 'reject');
        continue;
      }
      const taken = reply.status >= 200 && reply.status < 300;
      const refused = reply.status >= 400 && reply.status < 500;
      // Refused with another 4xx: only which 4xx is off (assumed). Taken: as the kind of body says. A 5xx: the server failed.
      const provenance = refused ? RULES.malformedBody.parts.status.provenance : taken ? TAKEN[p.kind] : RULES.malformedBody.provenance;
      const notes = taken
        ? p.kind === 'form'
          ? [`RFC 8259 section 9: "a JSON parser MAY accept non-JSON forms or extensions", and mainstream stacks do (${p.takenBy}): a deviation from this project's pin, not a violation`]
          : ['a body with no JSON value carries none of the required members: taking it takes a request without them']
        : undefined;
      recorder.fail(row, 'reject', { expected: p.expected.join(' or '), actual: `${describeOutcome(reply)} for ${p.name}`, exchange: exchangeOf(reply), ...(notes ? { notes } : {}) }, provenance);
    }
  });
}
