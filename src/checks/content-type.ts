/**
 * Every answer with a body says it is JSON (check:content-type.<operationId>): Content-Type
 * application/json (any charset), or a JSON media type of the `+json` structured syntax (RFC 6839:
 * application/problem+json). An answer without a body (204, HEAD) says nothing to judge.
 */
import { RULES } from './rules.ts';
import { mediaType } from '../shared/text.ts';
import { fail, pass, type Check } from './types.ts';

/** Whether a Content-Type header names JSON: application/json or application/<name>+json, whatever its parameters. */
export function isJsonMediaType(header: string | undefined): boolean {
  const media = mediaType(header) ?? '';
  return media === 'application/json' || /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(media);
}

export const contentType: Check = {
  name: 'content-type',
  rule: RULES.contentType,
  applies: (_ctx, reply) => reply.text !== '' && reply.status !== 204,
  run: (_ctx, reply) => (isJsonMediaType(reply.headers['content-type']) ? pass : fail(`answered ${reply.status} with Content-Type ${reply.headers['content-type'] === undefined ? 'none' : JSON.stringify(reply.headers['content-type'])}`)),
};
