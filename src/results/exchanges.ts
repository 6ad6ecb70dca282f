/**
 * Every exchange the suite sends, as it travels from the client, in the `exchanges` of each test's
 * TEST_ATTACHMENT (src/results/model.ts), to the HAR writer (src/reporters/har.ts). Secrets are
 * masked by the client before an exchange is recorded, and again by the reporter.
 */

/** Bodies longer than this many characters are cut in the exchange log (and so in exchanges.har). */
export const EXCHANGE_BODY_LIMIT = 16 * 1024;

export interface LoggedBody {
  mimeType: string;
  /** The body as text, cut at EXCHANGE_BODY_LIMIT characters. */
  text: string;
  /** The whole body's size in bytes. */
  size: number;
  /** True when `text` is cut. */
  cut?: boolean;
}

/** One request the suite sent and what came back (status 0 when nothing did). */
export interface SentExchange {
  /** When the request started, ISO 8601 with milliseconds. */
  startedDateTime: string;
  /** Order in the process that sent it (ties of startedDateTime). */
  seq: number;
  /** The operation the request was sent as (its latency is counted under it). */
  operationId?: string;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: LoggedBody;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody?: LoggedBody;
  /** Milliseconds from the start to the status line (sending included), and from it to the end. */
  waitMs: number;
  receiveMs: number;
  /** The X-COREOS-REQUEST-ID sent. */
  requestId: string;
  /** The constraint or check id the request served. */
  servedId?: string;
  /** A transport fault: what happened, and whether the target may have acted. */
  error?: string;
}

/** A body as the log keeps it. */
export function loggedBody(text: string, size: number, mimeType: string): LoggedBody {
  if (text.length <= EXCHANGE_BODY_LIMIT) return { mimeType, text, size };
  return { mimeType, text: text.slice(0, EXCHANGE_BODY_LIMIT), size, cut: true };
}
