/** A Reply as the client would hand it to a check, without a request: for tests of the checks themselves. */
import type { Reply } from '../../../src/client/index.ts';

/**
 * An answer with `status` and `body` (JSON, or no JSON when `body` is undefined); `text` is the raw body,
 * the JSON of `body` unless given; `overrides` sets any other member (a method, a request id).
 */
export function fakeReply(status: number, body: unknown, text: string = JSON.stringify(body) ?? '', overrides: Partial<Reply> = {}): Reply {
  return {
    method: 'POST',
    url: 'http://127.0.0.1/x',
    status,
    headers: {},
    text,
    json: body,
    isJson: body !== undefined,
    requestId: 'r1',
    requestHeaders: {},
    durationMs: 1,
    curl: 'curl',
    retries: 0,
    ...overrides,
  };
}
