/** Envelope and status faults: the server answers with the wrong shape or the wrong code. */
import { CHECKS } from '../../results/model.ts';
import type { Reply } from '../behaviour.ts';
import type { ReplyContext } from '../profiles.ts';
import type { Fault } from './types.ts';

const hook = (name: string, description: string, detectedBy: string, rewrite: (r: Reply, ctx: ReplyContext) => Reply): Fault => ({
  name,
  description,
  detectedBy,
  family: 'envelope',
  apply: (b) => void b.replyHooks.push(rewrite),
});

const isError = (r: Reply) => r.status >= 400 && r.status < 500;
/** An accepted write of the Jobs API (not a read, not the token endpoint). */
const isAcceptedWrite = (r: Reply, ctx: ReplyContext) => r.status >= 200 && r.status < 300 && ctx.echo.method !== 'GET' && ctx.operationId !== undefined;
const withData = (r: Reply, data: (old: Record<string, unknown>) => unknown): Reply => {
  const body = (r.body ?? {}) as Record<string, unknown>;
  return { ...r, body: { ...body, data: data((body.data ?? {}) as Record<string, unknown>) } };
};

export const envelopeFaults: Fault[] = [
  hook('plain-text-error', 'every 4xx body is plain text instead of the {error, request} envelope', CHECKS.errorEnvelope, (r) =>
    isError(r) ? { ...r, body: undefined, text: `error ${r.status}` } : r,
  ),
  hook('error-without-code', 'every 4xx envelope lacks error.code', CHECKS.errorEnvelope, (r) => {
    if (!isError(r)) return r;
    const body = r.body as { error?: Record<string, unknown> };
    const { code: _code, ...rest } = body.error ?? {};
    return { ...r, body: { ...body, error: rest } };
  }),
  hook('wrong-success-status', 'accepted writes are answered 201, which no page documents (200 and 202 are)', CHECKS.documentedStatus, (r, ctx) =>
    isAcceptedWrite(r, ctx) ? { ...r, status: 201 } : r,
  ),
  hook('success-not-json', 'accepted writes are answered with the plain text "OK" instead of a JSON object', CHECKS.successEnvelope, (r, ctx) =>
    isAcceptedWrite(r, ctx) ? { ...r, body: undefined, text: 'OK' } : r,
  ),
  // This one breaks only a convention this project assumed: the suite must report a deviation.
  hook('success-without-id', "accepted writes answer a data member without the entity's id (an assumed convention)", CHECKS.successEnvelope, (r, ctx) =>
    isAcceptedWrite(r, ctx) && ctx.operationId !== 'changeJobsSubStatus' ? withData(r, ({ id: _id, ...rest }) => ({ ...rest, accepted: true })) : r,
  ),
  // Not a fault any more: the bulk answer may carry any data (dispatch-contract.md). Kept, as an
  // equivalent mutant, so the suite is seen to take it: a target answering so conforms.
  {
    ...hook('bulk-count-answer', 'the bulk sub-status change answers {"data":{"count":N}} (the contract lets it carry any data, or none)', CHECKS.successEnvelope, (r, ctx) =>
      isAcceptedWrite(r, ctx) && ctx.operationId === 'changeJobsSubStatus' ? withData(r, () => ({ count: Array.isArray((ctx.body as { jobs?: unknown })?.jobs) ? (ctx.body as { jobs: unknown[] }).jobs.length : 0 })) : r,
    ),
    equivalent: 'dispatch-contract.md: the bulk sub-status change may answer with no data, or any data; neither is a deviation',
  },
];
