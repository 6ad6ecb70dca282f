/**
 * What the report's run-wide figures (response times, coverage) read of each exchange the run sent:
 * its operation, status, timing, media types, URL and request body. Taken from the exchanges a
 * run's tests attach (src/results/exchanges.ts), or from an exchanges.har a merge reads: both give
 * the same samples, so one run and its shards merged give the same figures.
 */
import type { SentExchange } from './exchanges.ts';

export interface ExchangeSample {
  operationId?: string;
  method: string;
  url: string;
  /** 0: no answer (a transport fault). */
  status: number;
  /** Request start to the answer's last byte. */
  ms: number;
  /** The media type sent (Content-Type without parameters, lower case), when a body was. */
  requestType?: string;
  /** The media type of the answer's body, when it had one. */
  responseType?: string;
  /** The request body as text (cut at the log's limit). */
  requestBody?: string;
}

/** A Content-Type header's media type, lower case, without parameters. */
export function mediaType(header: string | undefined): string | undefined {
  const media = header?.split(';')[0]!.trim().toLowerCase();
  return media ? media : undefined;
}

const header = (h: Record<string, string>, name: string) => Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];

export function samplesOfExchanges(exchanges: readonly SentExchange[]): ExchangeSample[] {
  return exchanges.map((x) => {
    const requestType = x.requestBody ? mediaType(header(x.requestHeaders, 'content-type')) : undefined;
    const responseType = x.responseBody && x.responseBody.size > 0 ? mediaType(header(x.responseHeaders, 'content-type')) : undefined;
    return {
      ...(x.operationId !== undefined ? { operationId: x.operationId } : {}),
      method: x.method,
      url: x.url,
      status: x.status,
      ms: x.waitMs + x.receiveMs,
      ...(requestType ? { requestType } : {}),
      ...(responseType ? { responseType } : {}),
      ...(x.requestBody ? { requestBody: x.requestBody.text } : {}),
    };
  });
}

interface HarLike {
  _operationId?: unknown;
  time?: unknown;
  request?: { method?: unknown; url?: unknown; headers?: { name: string; value: string }[]; postData?: { text?: unknown } };
  response?: { status?: unknown; headers?: { name: string; value: string }[]; content?: { size?: unknown } };
}

/** The samples of a HAR log written by src/reporters/har.ts. */
export function samplesOfHar(har: unknown): ExchangeSample[] {
  const entries = (har as { log?: { entries?: unknown } } | undefined)?.log?.entries;
  if (!Array.isArray(entries)) return [];
  return (entries as HarLike[]).map((e) => {
    const h = (list: { name: string; value: string }[] | undefined) => Object.fromEntries((list ?? []).map((x) => [x.name, x.value]));
    const body = typeof e.request?.postData?.text === 'string' ? e.request.postData.text : undefined;
    const requestType = body !== undefined ? mediaType(header(h(e.request?.headers), 'content-type')) : undefined;
    const responseType = typeof e.response?.content?.size === 'number' && e.response.content.size > 0 ? mediaType(header(h(e.response?.headers), 'content-type')) : undefined;
    return {
      ...(typeof e._operationId === 'string' ? { operationId: e._operationId } : {}),
      method: typeof e.request?.method === 'string' ? e.request.method : '',
      url: typeof e.request?.url === 'string' ? e.request.url : '',
      status: typeof e.response?.status === 'number' ? e.response.status : 0,
      ms: typeof e.time === 'number' ? e.time : Number.NaN,
      ...(requestType ? { requestType } : {}),
      ...(responseType ? { responseType } : {}),
      ...(body !== undefined ? { requestBody: body } : {}),
    };
  });
}
