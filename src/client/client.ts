/**
 * The suite's HTTP client: OS1 headers on every request, a fresh X-COREOS-REQUEST-ID each time,
 * keep-alive connections (undici), pacing to DISPATCH_RATE_LIMIT, a hard request budget, and
 * 429/503 retried after Retry-After with backoff. Every answer comes back as an Exchange-ready
 * record with a curl command whose credentials are masked.
 */
import { Pool } from 'undici';
import type { Operation } from '../contract/index.ts';
import { curlCommand } from './curl.ts';
import { BudgetExceeded, describeNetworkError, TargetUnreachable } from './errors.ts';
import { RateLimiter } from './rate-limit.ts';
import { maskDeep, maskText } from '../results/mask.ts';
import type { TokenSource } from './token.ts';

export interface ClientOptions {
  baseUrl: string;
  token: TokenSource;
  tenantId: string;
  userInfo: string;
  sendOriginToken: boolean;
  /** Requests per second for this client. */
  rateLimit: number;
  /** Hard cap on requests this client may send. */
  maxRequests: number;
  timeoutMs: number;
  /** Tags request ids, so the target's logs can be searched for a run. */
  runId: string;
  /** Retries of a 429 (or a 503 with Retry-After) before its answer is taken as it is. */
  maxRetries?: number;
  connections?: number;
}

export interface SendOptions {
  pathParams?: Record<string, string>;
  /** A JSON body (serialised here). */
  body?: unknown;
  /** A raw body, sent as it is (for malformed-input checks). */
  rawBody?: string | Buffer;
  contentType?: string;
  /** `valid` (default), `none` (no X-COREOS-ACCESS) or `wrong` (a token the target cannot know). */
  auth?: 'valid' | 'none' | 'wrong';
  /** Overrides the operation's method (for 405 checks). */
  method?: string;
  /** A path to use instead of the operation's (for unknown paths). */
  rawPath?: string;
  /** A header to leave out of this request (e.g. `X-COREOS-TID`, to see that the target requires it). */
  omitHeader?: string;
}

export interface Reply {
  method: string;
  /** Full URL, secrets masked. */
  url: string;
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
  isJson: boolean;
  requestId: string;
  requestHeaders: Record<string, string>;
  requestBody?: unknown;
  durationMs: number;
  curl: string;
  retries: number;
}

const WRONG_TOKEN = 'dispatch-conformance-wrong-token';

export class DispatchClient {
  readonly baseUrl: string;
  private readonly pool: Pool;
  private readonly prefix: string;
  private readonly limiter: RateLimiter;
  private counter = 0;
  requests = 0;
  retries = 0;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const url = new URL(this.baseUrl);
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, { connections: options.connections ?? 16, keepAliveTimeout: 30_000, pipelining: 1 });
    this.limiter = new RateLimiter(options.rateLimit);
  }

  /** Values that must never be written down. */
  secrets(): string[] {
    return this.options.token.secrets();
  }

  /** The URL path of an operation with its parameters filled in (each one URL-encoded). */
  pathOf(op: Operation, params: Record<string, string> = {}): string {
    return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const v = params[name];
      if (v === undefined) throw new Error(`${op.operationId}: path parameter ${name} not given`);
      return encodeURIComponent(v);
    });
  }

  async send(op: Operation, o: SendOptions = {}): Promise<Reply> {
    const method = o.method ?? op.method;
    const path = this.prefix + (o.rawPath ?? this.pathOf(op, o.pathParams));
    let body: string | Buffer | undefined = o.rawBody;
    if (body === undefined && o.body !== undefined) body = JSON.stringify(o.body);
    const hasBody = body !== undefined;
    let attempt = 0;
    for (;;) {
      if (this.requests >= this.options.maxRequests) {
        throw new BudgetExceeded(`the request budget of ${this.options.maxRequests} is spent (DISPATCH_MAX_REQUESTS); raise it or run fewer cases (CONFORMANCE_RUNS)`);
      }
      const requestId = `${this.options.runId}-${process.pid.toString(36)}-${(++this.counter).toString(36)}`;
      const headers: Record<string, string> = {
        'x-coreos-request-id': requestId,
        'x-coreos-tid': this.options.tenantId,
        'x-coreos-userinfo': this.options.userInfo,
        accept: 'application/json',
      };
      if (hasBody) headers['content-type'] = o.contentType ?? 'application/json';
      const auth = o.auth ?? 'valid';
      if (auth !== 'none') {
        const token = auth === 'wrong' ? WRONG_TOKEN : await this.options.token.get();
        headers['x-coreos-access'] = token;
        if (this.options.sendOriginToken) headers['x-coreos-origin-token'] = token;
      }
      if (o.omitHeader) delete headers[o.omitHeader.toLowerCase()];
      await this.limiter.take();
      this.requests++;
      const started = performance.now();
      let status: number;
      let resHeaders: Record<string, string>;
      let text: string;
      try {
        const res = await this.pool.request({
          path,
          method: method as 'GET',
          headers,
          body,
          headersTimeout: this.options.timeoutMs,
          bodyTimeout: this.options.timeoutMs,
        });
        status = res.statusCode;
        resHeaders = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
        text = await res.body.text();
      } catch (e) {
        throw new TargetUnreachable(describeNetworkError(e, this.baseUrl));
      }
      const durationMs = performance.now() - started;
      const retryAfter = resHeaders['retry-after'];
      if ((status === 429 || (status === 503 && retryAfter !== undefined)) && attempt < (this.options.maxRetries ?? 4)) {
        attempt++;
        this.retries++;
        await new Promise((r) => setTimeout(r, retryDelay(retryAfter, attempt)));
        continue;
      }
      if (status === 401 && auth === 'valid' && attempt === 0) {
        // A token can expire mid-run: fetch a new one once before taking the 401 as the answer.
        this.options.token.invalidate();
      }
      let json: unknown;
      let isJson = false;
      try {
        json = JSON.parse(text);
        isJson = true;
      } catch {
        json = undefined;
      }
      const secrets = this.secrets();
      const url = new URL(path, this.baseUrl).toString();
      return {
        method,
        url: maskText(url, secrets),
        status,
        headers: resHeaders,
        text: maskText(text, secrets),
        json,
        isJson,
        requestId,
        requestHeaders: maskDeep(headers, secrets),
        requestBody: o.body !== undefined ? o.body : typeof body === 'string' ? maskText(body.slice(0, 2000), secrets) : body ? `<${body.length} bytes>` : undefined,
        durationMs,
        curl: curlCommand(method, url, headers, typeof body === 'string' ? body : undefined, secrets),
        retries: attempt,
      };
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** Milliseconds to wait: Retry-After (seconds or an HTTP date), else exponential backoff; at most 30 s. */
export function retryDelay(retryAfter: string | undefined, attempt: number): number {
  let ms: number | undefined;
  if (retryAfter !== undefined) {
    if (/^\d+(\.\d+)?$/.test(retryAfter.trim())) ms = Number(retryAfter) * 1000;
    else {
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) ms = at - Date.now();
    }
  }
  ms ??= 250 * 2 ** (attempt - 1);
  return Math.min(30_000, Math.max(0, ms));
}
