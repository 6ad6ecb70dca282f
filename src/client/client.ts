/**
 * The suite's HTTP client: OS1 headers on every request, a fresh X-COREOS-REQUEST-ID each time,
 * keep-alive connections (undici), pacing to DISPATCH_RATE_LIMIT, a hard request budget, and
 * 429/503 retried after Retry-After with backoff. Transport faults (transport.ts) are retried with
 * backoff where repeating cannot change the outcome (a read, or a request never written), counted
 * apart, and otherwise thrown as a TransportError; the target is called unreachable only when
 * requests keep failing (TargetHealth). Every answer comes back as an Exchange-ready record with a
 * curl command whose credentials are masked, and every attempt goes to the exchange log.
 */
import { Pool, type Dispatcher } from 'undici';
import { DEFAULTS } from '../config/config.ts';
import type { Operation } from '../contract/index.ts';
import { bodyFileOf, curlCommand } from './curl.ts';
import { BudgetExceeded, describeFault, describeNetworkError, TargetUnreachable } from './errors.ts';
import { servedRow, type ExchangeSink } from './exchange-log.ts';
import { RateLimiter } from './rate-limit.ts';
import {
  attemptDeadline,
  deliveryInterceptor,
  deliveryOf,
  describeDelivery,
  errorCode,
  isTransportFault,
  MAX_TRANSPORT_RETRIES,
  SAFE_METHODS,
  TargetHealth,
  trackDelivery,
  TRANSPORT_BACKOFF_MS,
  TransportError,
  UNREACHABLE_AFTER,
  type DeliveryFacts,
} from './transport.ts';
import { loggedBody, type SentExchange } from '../results/exchanges.ts';
import { maskBytes, maskDeep, maskText, MIN_SECRET_LENGTH } from '../results/mask.ts';
import { CredentialsRejected, type TokenSource } from './token.ts';

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
  /**
   * How long requests may keep failing, from the first transport fault, before the target is
   * called unreachable (default: DISPATCH_RETRY_BUDGET_MS's, src/config/config.ts DEFAULTS).
   */
  retryBudgetMs?: number;
  /** Requests in a row that fail after their retries before the target is unreachable (default 3; the preflight uses 1). */
  unreachableAfter?: number;
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
  /**
   * Another identity than the client's for this request (the security probes): the token to send
   * (masked in every record like the client's own), the tenant to name in X-COREOS-TID, and
   * `bearer` to send the token only as `Authorization: Bearer` instead of X-COREOS-ACCESS.
   */
  identity?: Identity;
}

/** Who a request claims to be, when it is not the client's own identity. */
export interface Identity {
  token: string | TokenSource;
  tenantId?: string;
  bearer?: boolean;
  /** The environment variable the user holds this token in (curl replays read it from there). */
  tokenVar?: string;
  /** Or the bash expression that makes this token from the user's environment (an altered token: curl.ts tokenEdit). */
  tokenShell?: string;
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
  /** Where the body's bytes are kept beside the report (see curl.ts), when they are. */
  bodyFile?: string;
  /** The body's bytes (base64, secrets masked) when requestBody does not give them back. */
  requestBytes?: string;
  durationMs: number;
  curl: string;
  retries: number;
  /**
   * For an answer to a request that carried the run's own credentials: whether its body held one of
   * them (the access token, an issued token, the client secret) before it was masked.
   */
  echoedCredentials?: boolean;
}

const WRONG_TOKEN = 'dispatch-conformance-wrong-token';
/** A raw body (not JSON the client serialised) is kept for its curl up to this size. */
const KEPT_RAW_BYTES = 1024 * 1024;

export class DispatchClient {
  readonly baseUrl: string;
  private readonly pool: Pool;
  private readonly dispatcher: Dispatcher;
  private readonly prefix: string;
  private readonly limiter: RateLimiter;
  private readonly health: TargetHealth;
  private counter = 0;
  private seq = 0;
  /** Every request sent (each attempt counts). */
  requests = 0;
  /** 429/503 answers retried after Retry-After. */
  retries = 0;
  /**
   * Sending again after a transport fault: a request the client repeats (a read, or one that was
   * never written), and a case the suite runs again on fresh state after its answer was lost
   * (src/suite/run/resilient.ts adds those).
   */
  transportRetries = 0;
  /** Set once the target is called unreachable: every later send throws it without sending. */
  unreachable?: TargetUnreachable;
  /** Receives every attempt (the exchange log); none when unset. */
  exchangeSink?: ExchangeSink;
  /** The id requests serve when no `servingRow` scope says (e.g. the test's title). */
  defaultServedId?: string;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const url = new URL(this.baseUrl);
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, { connections: options.connections ?? 16, keepAliveTimeout: 30_000, pipelining: 1 });
    this.dispatcher = this.pool.compose(deliveryInterceptor);
    this.limiter = new RateLimiter(options.rateLimit);
    this.health = new TargetHealth(options.timeoutMs, options.retryBudgetMs ?? DEFAULTS.retryBudgetMs, options.unreachableAfter ?? UNREACHABLE_AFTER);
  }

  /** Where the client's own tokens come from (the token lifecycle probe reads the tokens it was issued). */
  get tokenSource(): TokenSource {
    return this.options.token;
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
    if (this.unreachable) throw this.unreachable;
    const method = o.method ?? op.method;
    const path = this.prefix + (o.rawPath ?? this.pathOf(op, o.pathParams));
    let body: string | Buffer | undefined = o.rawBody;
    if (body === undefined && o.body !== undefined) body = JSON.stringify(o.body);
    const hasBody = body !== undefined;
    const servedId = servedRow() ?? this.defaultServedId;
    const identity = o.identity;
    const identityToken = identity ? (typeof identity.token === 'string' ? identity.token : await identity.token.get()) : undefined;
    // A token this request sends besides the client's own is masked like it.
    const extraSecrets = identity ? [identityToken!, ...(typeof identity.token === 'string' ? [] : identity.token.secrets())].filter((x) => x.length > 0) : [];
    let attempt = 0;
    let transportAttempt = 0;
    let renewed = false;
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
      const auth = identity ? 'identity' : (o.auth ?? 'valid');
      if (identity) {
        if (identity.bearer) headers.authorization = `Bearer ${identityToken}`;
        else headers['x-coreos-access'] = identityToken!;
        if (!identity.bearer && this.options.sendOriginToken) headers['x-coreos-origin-token'] = identityToken!;
        if (identity.tenantId !== undefined) headers['x-coreos-tid'] = identity.tenantId;
      } else if (auth !== 'none') {
        const token = auth === 'wrong' ? WRONG_TOKEN : await this.options.token.get();
        headers['x-coreos-access'] = token;
        if (this.options.sendOriginToken) headers['x-coreos-origin-token'] = token;
      }
      if (o.omitHeader) delete headers[o.omitHeader.toLowerCase()];
      // The tokens a replay reads from the user's environment: the client's own, a peer's.
      const tokenVars = new Map<string, string>();
      if (identity?.tokenShell && identityToken) tokenVars.set(identityToken, identity.tokenShell);
      else if (identity?.tokenVar && identityToken) tokenVars.set(identityToken, `$${identity.tokenVar}`);
      else if (auth === 'valid' && headers['x-coreos-access']) tokenVars.set(headers['x-coreos-access'], '$DISPATCH_ACCESS_TOKEN');
      await this.limiter.take();
      this.requests++;
      const startedAt = new Date();
      const started = performance.now();
      const facts: DeliveryFacts = { written: false };
      const timeoutMs = this.health.timeoutFor();
      let status: number;
      let resHeaders: Record<string, string>;
      let text: string;
      const deadline = attemptDeadline(timeoutMs, facts);
      try {
        const res = await this.dispatcher.request(
          trackDelivery({ path, method: method as 'GET', headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }, facts),
        );
        status = res.statusCode;
        resHeaders = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]));
        text = await res.body.text();
        deadline.clear();
      } catch (e) {
        deadline.clear();
        if (!isTransportFault(e)) throw e;
        const delivery = deliveryOf(facts);
        const reason = `${describeFault(e)}: ${describeDelivery(delivery)}`;
        this.log({ operationId: op.operationId, startedAt, started, facts, method, path, headers, body, contentType: headers['content-type'], requestId, servedId, error: reason, extraSecrets });
        this.health.attemptFailed(startedAt.getTime());
        const wait = TRANSPORT_BACKOFF_MS[transportAttempt] ?? TRANSPORT_BACKOFF_MS[TRANSPORT_BACKOFF_MS.length - 1]!;
        const repeatable = delivery === 'not-sent' || SAFE_METHODS.has(method.toUpperCase());
        if (repeatable && transportAttempt < MAX_TRANSPORT_RETRIES && this.health.canRetry(wait)) {
          transportAttempt++;
          this.transportRetries++;
          await new Promise((r) => setTimeout(r, wait));
          continue;
        }
        const secrets = [...this.secrets(), ...extraSecrets];
        const url = new URL(path, this.baseUrl).toString();
        if (this.health.requestFailed()) {
          this.unreachable = new TargetUnreachable(
            this.health.answered
              ? `the target ${maskText(this.baseUrl, secrets)} stopped answering: ${this.health.consecutiveFailures === 1 ? '1 request failed after its retries' : `${this.health.consecutiveFailures} requests in a row failed after their retries`} over ${(this.health.failingForMs() / 1000).toFixed(1)} s (last: ${describeFault(e)})`
              : describeNetworkError(e, this.baseUrl),
          );
          throw this.unreachable;
        }
        const kept = this.keptBody(o.body, body, secrets, requestId);
        throw new TransportError(reason, delivery, errorCode(e), {
          method,
          url: maskText(url, secrets),
          requestId,
          requestBody: this.evidenceBody(o.body, body, secrets),
          ...kept,
          curl: curlCommand(method, url, headers, kept.bodyFile, secrets, tokenVars),
          durationMs: performance.now() - started,
          operationId: op.operationId,
        }, transportAttempt + 1);
      }
      this.health.succeeded();
      this.log({ operationId: op.operationId, startedAt, started, facts, method, path, headers, body, contentType: headers['content-type'], requestId, servedId, status, resHeaders, text, extraSecrets });
      const durationMs = performance.now() - started;
      const retryAfter = resHeaders['retry-after'];
      if ((status === 429 || (status === 503 && retryAfter !== undefined)) && attempt < (this.options.maxRetries ?? 4)) {
        attempt++;
        this.retries++;
        await new Promise((r) => setTimeout(r, retryDelay(retryAfter, attempt)));
        continue;
      }
      if (status === 401 && auth === 'valid' && this.options.token.renewable) {
        // A token can expire or be revoked mid-run: with client credentials, a new one is fetched
        // and the request sent again once before anything is judged. A 401 to a token just
        // issued means the credentials are not accepted: an error of the configuration.
        if (!renewed) {
          renewed = true;
          this.options.token.invalidate();
          this.retries++;
          continue;
        }
        throw new CredentialsRejected(
          `the target answered 401 to a token just issued for DISPATCH_CLIENT_ID (request ${requestId}): check DISPATCH_CLIENT_ID, DISPATCH_CLIENT_SECRET, DISPATCH_AUTH_URL and DISPATCH_AUDIENCE`,
        );
      }
      let json: unknown;
      let isJson = false;
      try {
        json = JSON.parse(text);
        isJson = true;
      } catch {
        json = undefined;
      }
      const secrets = [...this.secrets(), ...extraSecrets];
      const url = new URL(path, this.baseUrl).toString();
      // Only the run's own credentials count: a probe's altered or foreign token is not the caller's.
      const echoedCredentials = auth === 'valid' ? this.secrets().some((s) => s.length >= MIN_SECRET_LENGTH && text.includes(s)) : undefined;
      const kept = this.keptBody(o.body, body, secrets, requestId);
      return {
        ...(echoedCredentials !== undefined ? { echoedCredentials } : {}),
        method,
        url: maskText(url, secrets),
        status,
        headers: resHeaders,
        text: maskText(text, secrets),
        json,
        isJson,
        requestId,
        requestHeaders: maskDeep(headers, secrets),
        requestBody: this.evidenceBody(o.body, body, secrets),
        ...kept,
        durationMs,
        curl: curlCommand(method, url, headers, kept.bodyFile, secrets, tokenVars),
        retries: attempt,
      };
    }
  }

  /**
   * The file the body's bytes are kept in beside the report (what the curl sends), and the bytes
   * themselves when requestBody does not give them back (a raw body, a JSON string or number):
   * a JSON object or array is its own serialisation. A raw body over KEPT_RAW_BYTES is not kept.
   */
  private keptBody(json: unknown, body: string | Buffer | undefined, secrets: string[], requestId: string): { bodyFile?: string; requestBytes?: string } {
    if (body === undefined) return {};
    if (json !== undefined && typeof json === 'object' && json !== null) return { bodyFile: bodyFileOf(requestId) };
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    if (bytes.length > KEPT_RAW_BYTES) return {};
    return { bodyFile: bodyFileOf(requestId), requestBytes: maskBytes(bytes, secrets).toString('base64') };
  }

  private evidenceBody(json: unknown, body: string | Buffer | undefined, secrets: string[]): unknown {
    return json !== undefined ? json : typeof body === 'string' ? maskText(body.slice(0, 2000), secrets) : body ? `<${body.length} bytes>` : undefined;
  }

  /** Hands one attempt to the exchange log, masked. */
  private log(x: {
    operationId: string;
    startedAt: Date;
    started: number;
    facts: DeliveryFacts;
    method: string;
    path: string;
    headers: Record<string, string>;
    body: string | Buffer | undefined;
    contentType?: string;
    requestId: string;
    servedId?: string;
    status?: number;
    resHeaders?: Record<string, string>;
    text?: string;
    error?: string;
    extraSecrets?: string[];
  }): void {
    const sink = this.exchangeSink;
    if (!sink) return;
    const end = performance.now();
    const answeredAt = x.facts.answeredAt ?? end;
    const secrets = [...this.secrets(), ...(x.extraSecrets ?? [])];
    const requestText = x.body === undefined ? undefined : typeof x.body === 'string' ? x.body : x.body.toString('utf8');
    const entry: SentExchange = {
      startedDateTime: x.startedAt.toISOString(),
      seq: ++this.seq,
      operationId: x.operationId,
      method: x.method,
      url: maskText(new URL(x.path, this.baseUrl).toString(), secrets),
      requestHeaders: maskDeep(x.headers, secrets),
      ...(requestText !== undefined ? { requestBody: loggedBody(maskText(requestText, secrets), Buffer.byteLength(x.body!), x.contentType ?? 'application/octet-stream') } : {}),
      status: x.status ?? 0,
      responseHeaders: x.resHeaders ? maskDeep(x.resHeaders, secrets) : {},
      ...(x.text !== undefined ? { responseBody: loggedBody(maskText(x.text, secrets), Buffer.byteLength(x.text), x.resHeaders?.['content-type'] ?? 'application/octet-stream') } : {}),
      waitMs: Math.max(0, answeredAt - x.started),
      receiveMs: Math.max(0, end - answeredAt),
      requestId: x.requestId,
      ...(x.servedId !== undefined ? { servedId: x.servedId } : {}),
      ...(x.error !== undefined ? { error: maskText(x.error, secrets) } : {}),
    };
    sink(entry);
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
