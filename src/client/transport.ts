/**
 * Transport faults: a request that got no complete answer. What undici tells, measured on loopback
 * (tests/self/transport.spec.ts produces each situation):
 *
 * | situation                                         | undici's error                              | request handed to a socket | answer started |
 * |---------------------------------------------------|---------------------------------------------|----------------------------|----------------|
 * | nothing listens (connection refused)              | `ECONNREFUSED` (syscall connect)            | no                         | no             |
 * | reset on accept, before the request is written    | `ECONNRESET` "connect ECONNRESET"           | no                         | no             |
 * | closed (FIN) after the request was written        | `UND_ERR_SOCKET` "other side closed"        | yes                        | no             |
 * | reset (RST) after the request was written         | `ECONNRESET` "read ECONNRESET"              | yes                        | no             |
 * | no answer within the timeout                      | `UND_ERR_HEADERS_TIMEOUT`                   | yes                        | no             |
 * | status line and headers, then the body is cut     | `UND_ERR_SOCKET` / `UND_ERR_BODY_TIMEOUT`   | yes                        | yes            |
 *
 * The error code alone does not say whether the target may have acted (`ECONNRESET` is both a
 * connect-phase and a read-phase error), so the decision rests on what undici did with the
 * request: its handler's `onRequestStart` runs just before the request is written to a connected
 * socket (client-h1 `writeH1`), and `onResponseStart` when a status line arrived. A request never
 * handed to a socket cannot have reached the target: repeating it is safe whatever its method. One
 * that was written may have been carried out with the answer lost: only a read is repeated then.
 */
import type { Dispatcher } from 'undici';

/**
 * The timeout of one attempt, kept to the millisecond. undici's own headersTimeout and bodyTimeout
 * run on a coarse clock (1 s resolution above a second), so a 2 s timeout fires anywhere up to 3 s:
 * a silent target would be given up a second or more after DISPATCH_TIMEOUT_MS plus the budget.
 * When the time is up this aborts the request (through the controller {@link deliveryInterceptor}
 * keeps; an AbortSignal per request costs a tenth of the engine's time) with the error undici's
 * timeout gives (`UND_ERR_HEADERS_TIMEOUT`, or `UND_ERR_BODY_TIMEOUT` once the answer has started),
 * so every decision downstream stays the same. The clock runs from the start of the attempt: a
 * request still waiting for a connection when its time is up is aborted as it gets one, before it
 * is written (so it counts as never sent).
 */
export function attemptDeadline(timeoutMs: number, facts: DeliveryFacts, timers: Timers = REAL_TIMERS): { clear(): void } {
  const timer = timers.set(() => {
    const body = facts.answeredAt !== undefined;
    const reason = Object.assign(new Error(body ? 'Body Timeout Error' : 'Headers Timeout Error'), { code: body ? 'UND_ERR_BODY_TIMEOUT' : 'UND_ERR_HEADERS_TIMEOUT' });
    facts.expired = reason;
    facts.abort?.(reason);
  }, timeoutMs);
  return { clear: () => timers.clear(timer) };
}

/** The timers a deadline runs on (a test injects its own, and fires them itself). */
export interface Timers {
  set(fire: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: Timers = { set: (fire, ms) => setTimeout(fire, ms), clear: (h) => clearTimeout(h as NodeJS.Timeout) };

/** How far a request got before its connection failed. */
export type Delivery =
  /** Never written to a socket: the target cannot have seen it. */
  | 'not-sent'
  /** Written, no status line came back: the target may have carried it out. */
  | 'no-answer'
  /** A status line came back, the rest did not: the target got it and answered. */
  | 'answer-cut';

/** Methods whose repetition cannot change the outcome (RFC 9110 §9.2.1 safe methods). */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Retries of one request after a transport fault, at most. */
export const MAX_TRANSPORT_RETRIES = 3;
/** Waits before the 1st, 2nd, 3rd transport retry. */
export const TRANSPORT_BACKOFF_MS = [100, 300, 900] as const;
/** Consecutive requests that fail after their retries before the target is called unreachable. */
export const UNREACHABLE_AFTER = 3;
/** While requests keep failing, no attempt waits less than this for an answer. */
const MIN_ATTEMPT_TIMEOUT_MS = 250;

/** Error codes of a request's own making (a bad header, a closed client): not the network's. */
const NOT_TRANSPORT = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_DESTROYED', 'UND_ERR_CLOSED', 'UND_ERR_ABORTED', 'UND_ERR_NOT_SUPPORTED', 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH']);

/** The code of an error or of its cause (`ECONNREFUSED`, `UND_ERR_SOCKET`, ...), or ''. */
export function errorCode(e: unknown): string {
  const err = e as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = err?.code ?? err?.cause?.code;
  return typeof code === 'string' ? code : '';
}

/** True for a fault of the connection (as opposed to a fault of the request or of our code). */
export function isTransportFault(e: unknown): boolean {
  const code = errorCode(e);
  if (NOT_TRANSPORT.has(code)) return false;
  if (code) return true;
  // TLS failures may come without a code on some Node versions; their message says so.
  return /socket|TLS|SSL|certificate|EPROTO/i.test((e as Error)?.message ?? '');
}

/** What undici did with one request, recorded by {@link trackDelivery}. */
export interface DeliveryFacts {
  /** The request was handed to a connected socket (written). */
  written: boolean;
  /** A status line came back (performance.now() when it did). */
  answeredAt?: number;
  /** Aborts the request in flight (set once it is written). */
  abort?: (reason: Error) => void;
  /** The attempt's time ran out, with the error to end it with. */
  expired?: Error;
}

export function deliveryOf(facts: DeliveryFacts): Delivery {
  if (facts.answeredAt !== undefined) return 'answer-cut';
  return facts.written ? 'no-answer' : 'not-sent';
}

const FACTS = Symbol('dispatch-conformance.delivery');

/** Request options carrying the record undici's handler fills in. */
export type TrackedOptions = Dispatcher.RequestOptions & { [FACTS]?: DeliveryFacts };

/** Marks request options so the dispatcher composed with {@link deliveryInterceptor} fills `facts`. */
export function trackDelivery<T extends Dispatcher.RequestOptions>(opts: T, facts: DeliveryFacts): T {
  (opts as TrackedOptions)[FACTS] = facts;
  return opts;
}

type Handler = Dispatcher.DispatchHandler;

/**
 * An undici interceptor (`pool.compose(deliveryInterceptor)`) that records, for tracked requests,
 * when the request is written and when its answer starts; everything else passes through.
 */
export const deliveryInterceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  const facts = (opts as TrackedOptions)[FACTS];
  if (!facts) return dispatch(opts, handler);
  const h = handler as Handler;
  const wrapped: Handler = {
    onRequestStart(controller, context) {
      h.onRequestStart?.(controller, context);
      // Its time ran out while it waited for a connection: aborted here, undici writes nothing.
      if (facts.expired) return controller.abort(facts.expired);
      facts.written = true;
      facts.abort = (reason) => controller.abort(reason);
    },
    onRequestUpgrade: h.onRequestUpgrade?.bind(h),
    onResponseStart(controller, statusCode, headers, statusMessage) {
      facts.answeredAt ??= performance.now();
      return h.onResponseStart?.(controller, statusCode, headers, statusMessage);
    },
    onResponseData: h.onResponseData?.bind(h),
    onResponseEnd: h.onResponseEnd?.bind(h),
    onResponseError: h.onResponseError?.bind(h),
  };
  return dispatch(opts, wrapped);
};

/** A request that ended without a complete answer, after the retries that were safe. */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    message: string,
    readonly delivery: Delivery,
    /** undici's or the system's error code. */
    readonly code: string,
    /** The request as sent (secrets masked), to show in the report. */
    readonly request: { method: string; url: string; requestId: string; requestBody?: unknown; bodyFile?: string; requestBytes?: string; curl: string; durationMs: number; operationId: string },
    /** Attempts made, the first included. */
    readonly attempts: number,
  ) {
    super(message);
  }

  /** The target may have carried the request out: a write must not simply be sent again. */
  get mayHaveActed(): boolean {
    return this.delivery !== 'not-sent';
  }
}

/** In words, for reports: what happened to the request. */
export function describeDelivery(d: Delivery): string {
  if (d === 'not-sent') return 'the connection failed before the request was written';
  if (d === 'no-answer') return 'the request was written and the connection closed before any answer (the target may have carried it out)';
  return 'the answer was cut off after its status line';
}

/**
 * The client's view of whether the target is still there. A failure opens a streak that began when
 * the first failed attempt was sent; the target then has DISPATCH_TIMEOUT_MS plus the retry budget
 * from that moment to answer anything. Meanwhile each attempt waits at most what is left of that
 * window (never less than 250 ms), and the target is unreachable when UNREACHABLE_AFTER requests in a
 * row fail after their retries, or a failure comes after the window closed. Any answer ends the
 * streak. So a target that stops answering is given up DISPATCH_TIMEOUT_MS plus the budget after it
 * stopped (each attempt's timeout is kept to the millisecond by {@link attemptDeadline}).
 */
export class TargetHealth {
  private since?: number;
  private failedRequests = 0;
  /** The target has answered at least once. */
  answered = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly budgetMs: number,
    private readonly unreachableAfter = UNREACHABLE_AFTER,
    private readonly now: () => number = Date.now,
  ) {}

  private get deadline(): number {
    return this.since! + this.timeoutMs + this.budgetMs;
  }

  /** The timeout of the next attempt. */
  timeoutFor(): number {
    if (this.since === undefined) return this.timeoutMs;
    return Math.min(this.timeoutMs, Math.max(MIN_ATTEMPT_TIMEOUT_MS, this.deadline - this.now()));
  }

  /** An attempt sent at `sentAt` failed: opens the streak, when none is open. */
  attemptFailed(sentAt: number = this.now()): void {
    this.since ??= sentAt;
  }

  /** Whether a retry after `waitMs` still fits in the window. */
  canRetry(waitMs: number): boolean {
    return this.since === undefined || this.now() + waitMs < this.deadline;
  }

  /** A request failed after its retries; true when the target is now to be called unreachable. */
  requestFailed(): boolean {
    this.attemptFailed();
    this.failedRequests++;
    return this.failedRequests >= this.unreachableAfter || this.now() >= this.deadline;
  }

  /** Milliseconds since the streak began (0 without one). */
  failingForMs(): number {
    return this.since === undefined ? 0 : this.now() - this.since;
  }

  get consecutiveFailures(): number {
    return this.failedRequests;
  }

  succeeded(): void {
    this.since = undefined;
    this.failedRequests = 0;
    this.answered = true;
  }
}
