/**
 * reports/exchanges.har: every request the suite sent and what came back, in order, as an HTTP
 * Archive 1.2 (http://www.softwareishard.com/blog/har-12-spec/) that browser devtools and HAR viewers
 * open. One entry per request counted in the summary (each attempt, a retried one included; a request
 * whose connection failed has status 0 and `response._error`). Each entry carries, in HAR's custom
 * fields, the constraint or check id it served (`_rowId`), its X-COREOS-REQUEST-ID
 * (`_requestId`) and the test that sent it (`_test`). Bodies longer than EXCHANGE_BODY_LIMIT
 * characters are cut (the content's `comment` says so; `size` stays the whole size). Secrets are
 * masked by the client and again when the file is written.
 */
import { EXCHANGE_BODY_LIMIT, type LoggedBody, type SentExchange } from '../results/exchanges.ts';

export const HAR_FILE = 'exchanges.har';

/** An exchange with the test that sent it. */
export type TestExchange = SentExchange & { test?: string };

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: [];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string; params: []; comment?: string };
    headersSize: -1;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: [];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text?: string; comment?: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { blocked: -1; dns: -1; connect: -1; ssl: -1; send: number; wait: number; receive: number };
  _rowId?: string;
  _operationId?: string;
  _requestId: string;
  _test?: string;
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    entries: HarEntry[];
    comment?: string;
    /** The run (ConformanceReport.runId) these are the exchanges of: the HTML links to a HAR of its own run only. */
    _runId?: string;
  };
}

const STATUS_TEXT: Record<number, string> = {
  0: '',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const round = (ms: number) => Math.round(ms * 1000) / 1000;

function headers(h: Record<string, string>): HarNameValue[] {
  return Object.entries(h).map(([name, value]) => ({ name, value: String(value) }));
}

function cutNote(b: LoggedBody): { comment?: string } {
  return b.cut ? { comment: `cut at ${EXCHANGE_BODY_LIMIT} characters of ${b.size} bytes` } : {};
}

/** The order exchanges are written in: by start time, then by test, then in the order each test sent them. */
function sortExchanges(list: TestExchange[]): TestExchange[] {
  return [...list].sort((a, b) => {
    if (a.startedDateTime !== b.startedDateTime) return a.startedDateTime < b.startedDateTime ? -1 : 1;
    if ((a.test ?? '') !== (b.test ?? '')) return (a.test ?? '') < (b.test ?? '') ? -1 : 1;
    return a.seq - b.seq;
  });
}

function harEntry(x: TestExchange): HarEntry {
  const url = new URL(x.url);
  const wait = round(x.waitMs);
  const receive = round(x.receiveMs);
  const answered = x.status > 0;
  return {
    startedDateTime: x.startedDateTime,
    time: round(wait + receive),
    request: {
      method: x.method,
      url: x.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: headers(x.requestHeaders),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      ...(x.requestBody ? { postData: { mimeType: x.requestBody.mimeType, text: x.requestBody.text, params: [], ...cutNote(x.requestBody) } } : {}),
      headersSize: -1,
      bodySize: x.requestBody?.size ?? 0,
    },
    response: {
      status: x.status,
      statusText: STATUS_TEXT[x.status] ?? '',
      httpVersion: answered ? 'HTTP/1.1' : '',
      cookies: [],
      headers: headers(x.responseHeaders),
      content: x.responseBody
        ? { size: x.responseBody.size, mimeType: x.responseBody.mimeType, text: x.responseBody.text, ...cutNote(x.responseBody) }
        : { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: answered ? (x.responseBody?.size ?? 0) : -1,
      ...(x.error ? { _error: x.error } : {}),
    },
    cache: {},
    // Sending is inside `wait` (undici reports the answer's start, not the end of the write).
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait, receive },
    ...(x.servedId !== undefined ? { _rowId: x.servedId } : {}),
    ...(x.operationId !== undefined ? { _operationId: x.operationId } : {}),
    _requestId: x.requestId,
    ...(x.test !== undefined ? { _test: x.test } : {}),
  };
}

/** The HAR of a run's exchanges, in order. */
export function buildHar(exchanges: TestExchange[], tool: string): Har {
  const [name = 'dispatch-conformance', ...version] = tool.split(' ');
  return {
    log: {
      version: '1.2',
      creator: { name, version: version.join(' ') || '0' },
      entries: sortExchanges(exchanges).map(harEntry),
      comment: `Every request the conformance suite sent, one entry per request counted in the summary. Secrets are masked as ***; bodies longer than ${EXCHANGE_BODY_LIMIT} characters are cut.`,
    },
  };
}

/** Reads the entries back from a HAR written by buildHar (merging shards, linking reports written again); [] when it is not one. */
export function harEntries(data: unknown): HarEntry[] {
  const entries = (data as Har | undefined)?.log?.entries;
  return Array.isArray(entries) ? entries : [];
}

/** Merges shards' HARs into one, entries in start-time order (ties keep the order given: the sort is stable). */
export function mergeHars(hars: unknown[], tool: string): Har {
  const key = (e: HarEntry) => `${e.startedDateTime}|${e._test ?? ''}`;
  const har = buildHar([], tool);
  har.log.entries = hars.flatMap(harEntries).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return har;
}

/** What the HTML report needs to point at HAR entries. */
export interface HarLinks {
  /** The HAR's file name, relative to the HTML report. */
  file: string;
  /** Entry number (1-based, as viewers count) of each request id. */
  entryOf: Map<string, number>;
  /** Entry numbers of the requests that served each row. */
  entriesOf: Map<string, number[]>;
}

export function harLinks(har: Har, file: string): HarLinks {
  const entryOf = new Map<string, number>();
  const entriesOf = new Map<string, number[]>();
  har.log.entries.forEach((e, i) => {
    entryOf.set(e._requestId, i + 1);
    if (e._rowId !== undefined) {
      const list = entriesOf.get(e._rowId) ?? [];
      list.push(i + 1);
      entriesOf.set(e._rowId, list);
    }
  });
  return { file, entryOf, entriesOf };
}
