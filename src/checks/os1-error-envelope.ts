/**
 * An error answer in OS1's envelope is the whole of it (check:os1-error-envelope.<operationId>):
 * where a 4xx answers the way OS1's reference shows (an `additionalInfo` beside the code, or a code
 * of ten digits or more), its `error.code` is a 12-digit string (4 digits of service, 4 of method,
 * 4 of the error), `description` a string, `additionalInfo` an object, and `request` echoes the
 * request's `uri` and `method`. A target that answers in another envelope is not judged here: the
 * error envelope check judges every 4xx.
 */
import { isRecord } from '../shared/json.ts';
import { RULES } from './rules.ts';
import { fail, is4xx, pass, type Check } from './types.ts';

const errorOf = (json: unknown) => (isRecord(json) && isRecord(json.error) ? json.error : undefined);

/** Whether an answer's error is in OS1's envelope (the marks only OS1's carries). */
export function looksOs1(json: unknown): boolean {
  const error = errorOf(json);
  return error !== undefined && (isRecord(error.additionalInfo) || /^\d{10,}$/.test(String(error.code ?? '')));
}

export const os1ErrorEnvelope: Check = {
  name: 'os1-error-envelope',
  rule: RULES.os1ErrorEnvelope,
  applies: (_ctx, reply) => is4xx(reply.status) && reply.isJson && looksOs1(reply.json),
  run(_ctx, reply) {
    const error = errorOf(reply.json)!;
    const request = (reply.json as Record<string, unknown>).request;
    if (typeof error.code !== 'string' || !/^\d{12}$/.test(error.code)) return fail(`the ${reply.status} error's code is ${JSON.stringify(error.code)}, not a 12-digit string`);
    if (typeof error.description !== 'string') return fail(`the ${reply.status} error has no description string`);
    if (!isRecord(error.additionalInfo)) return fail(`the ${reply.status} error has no additionalInfo object`);
    if (!isRecord(request) || typeof request.uri !== 'string' || typeof request.method !== 'string') return fail(`the ${reply.status} answer does not echo the request's uri and method`);
    return pass;
  },
};
