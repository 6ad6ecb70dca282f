/**
 * What the report's run-wide figures (response times, coverage) read of each exchange the run sent:
 * its operation, status, timing, media types, URL and request body. Taken from the exchanges a
 * run's tests attach (src/results/exchanges.ts), or from an exchanges.har a merge reads: both give
 * the same samples, so one run and its shards merged give the same figures.
 */
import type { SentExchange } from './exchanges.ts';
import type { Har } from '../reporters/har.ts';
import { mediaType } from '../shared/text.ts';

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

/** The samples of a HAR log written by src/reporters/har.ts (a merge's, of the shards' files). */
export function samplesOfHar(har: Har): ExchangeSample[] {
  return har.log.entries.map((e) => {
    const h = (list: readonly { name: string; value: string }[]) => Object.fromEntries(list.map((x) => [x.name, x.value]));
    const body = e.request.postData?.text;
    const requestType = body !== undefined ? mediaType(header(h(e.request.headers), 'content-type')) : undefined;
    const responseType = e.response.content.size > 0 ? mediaType(header(h(e.response.headers), 'content-type')) : undefined;
    return {
      ...(e._operationId !== undefined ? { operationId: e._operationId } : {}),
      method: e.request.method,
      url: e.request.url,
      status: e.response.status,
      ms: e.time,
      ...(requestType ? { requestType } : {}),
      ...(responseType ? { responseType } : {}),
      ...(body !== undefined ? { requestBody: body } : {}),
    };
  });
}
