/**
 * Transport faults, produced on loopback one situation at a time: what undici reports, whether the
 * request was written (the fact the client decides on), what is repeated, what is counted, and when
 * the target is called unreachable.
 */
import net from 'node:net';
import { test, expect } from '@playwright/test';
import { DispatchClient, staticToken, TargetHealth, TargetUnreachable, TransportError, MAX_TRANSPORT_RETRIES, UNREACHABLE_AFTER, type ClientOptions } from '../../src/client/index.ts';
import { attemptDeadline, deliveryInterceptor, deliveryOf, errorCode, trackDelivery, type DeliveryFacts } from '../../src/client/transport.ts';
import { loadContract } from '../../src/contract/index.ts';
import { Pool } from 'undici';
import type { SentExchange } from '../../src/results/exchanges.ts';

const contract = loadContract();
const getJob = contract.operation('getJob');
const subStatus = contract.operation('changeJobSubStatus');

const OK = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: keep-alive\r\n\r\n{"data":{}}';

/** What the server does with the nth request (1-based, counted over all connections). */
type Behaviour = (socket: net.Socket, n: number, requestHead: string) => void;

interface RawServer {
  origin: string;
  /** Connections accepted. */
  connections: number;
  /** Request heads read (a request the server saw). */
  requests: string[];
  close(): Promise<void>;
}

/** A TCP server that reads one request head per connection and does as told: the exact fault, on loopback. */
async function rawServer(onRequest: Behaviour, onConnection?: (socket: net.Socket, n: number) => boolean): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const state = { connections: 0, requests: [] as string[] };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    const n = ++state.connections;
    // onConnection gets the connection's number; false: it dealt with the socket.
    if (onConnection && !onConnection(socket, n)) return;
    let buffered = '';
    socket.on('data', (d) => {
      buffered += d.toString('latin1');
      for (;;) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffered.slice(0, end);
        const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.slice(end + 4 + length);
        state.requests.push(head);
        onRequest(socket, state.requests.length, head);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    origin: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    get connections() {
      return state.connections;
    },
    requests: state.requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

function client(origin: string, o: Partial<ClientOptions> = {}) {
  return new DispatchClient({
    baseUrl: `${origin}/core/api/v2/dispatch-service`,
    token: staticToken('tok-transport-9f3e'),
    tenantId: 't',
    userInfo: '{"id":"qa"}',
    sendOriginToken: false,
    rateLimit: 1_000_000,
    maxRequests: 1000,
    timeoutMs: 2000,
    runId: 'tr',
    ...o,
  });
}

const write = (c: DispatchClient) => c.send(subStatus, { pathParams: { jobId: 'j1' }, body: { subStatus: 'x' } });
const read = (c: DispatchClient) => c.send(getJob, { pathParams: { jobId: 'j1' } });
const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as Error);

test('connection refused: nothing was written, so even a write is repeated (3 retries), then a TransportError that says so', async () => {
  const closed = await rawServer(() => {});
  await closed.close();
  const c = client(closed.origin);
  const log: SentExchange[] = [];
  c.exchangeSink = (x) => log.push(x);
  const err = await failure(write(c));
  await c.close();
  expect(err).toBeInstanceOf(TransportError);
  const t = err as TransportError;
  expect(t.code).toBe('ECONNREFUSED');
  expect(t.delivery).toBe('not-sent');
  expect(t.mayHaveActed).toBe(false);
  expect(t.attempts).toBe(1 + MAX_TRANSPORT_RETRIES);
  expect(c.transportRetries).toBe(MAX_TRANSPORT_RETRIES);
  expect(c.requests).toBe(1 + MAX_TRANSPORT_RETRIES);
  // every attempt is in the exchange log, with no answer
  expect(log.map((x) => x.status)).toEqual([0, 0, 0, 0]);
  expect(log[0]!.error).toMatch(/connection refused .*before the request was written/);
});

test('a reset on accept, before the request is written: a write is repeated, and reaches the target exactly once', async () => {
  const server = await rawServer(
    (socket) => socket.write(OK),
    (socket, n) => {
      if (n === 1) {
        socket.resetAndDestroy();
        return false;
      }
      return true;
    },
  );
  const c = client(server.origin);
  const reply = await write(c);
  await c.close();
  await server.close();
  expect(reply.status).toBe(200);
  expect(server.connections).toBe(2);
  expect(server.requests).toHaveLength(1);
  expect(c.transportRetries).toBe(1);
});

test('the connection closed after the request was written: a write is NOT repeated (it may have been carried out)', async () => {
  const server = await rawServer((socket) => socket.end());
  const c = client(server.origin);
  const err = await failure(write(c));
  await c.close();
  await server.close();
  expect(err).toBeInstanceOf(TransportError);
  const t = err as TransportError;
  expect(t.code).toBe('UND_ERR_SOCKET');
  expect(t.delivery).toBe('no-answer');
  expect(t.mayHaveActed).toBe(true);
  expect(server.requests).toHaveLength(1);
  expect(c.transportRetries).toBe(0);
  expect(t.request.requestId).toMatch(/^tr-/);
  expect(t.request.curl).toContain('curl');
});

test('a reset after the request was written: ECONNRESET like a reset on accept, yet not repeated: the decision rests on what was written', async () => {
  const server = await rawServer((socket) => socket.resetAndDestroy());
  const c = client(server.origin);
  const err = (await failure(write(c))) as TransportError;
  await c.close();
  await server.close();
  expect(err.code).toBe('ECONNRESET');
  expect(err.delivery).toBe('no-answer');
  expect(server.requests).toHaveLength(1);
});

test('a read whose connection closed after it was written is repeated: reads cannot change the outcome', async () => {
  const server = await rawServer((socket, n) => (n === 1 ? socket.end() : socket.write(OK)));
  const c = client(server.origin);
  const reply = await read(c);
  await c.close();
  await server.close();
  expect(reply.status).toBe(200);
  expect(server.requests).toHaveLength(2);
  expect(c.transportRetries).toBe(1);
  expect(c.requests).toBe(2);
});

test('no answer within the timeout: a write is not repeated (UND_ERR_HEADERS_TIMEOUT), a read is', async () => {
  const silent = await rawServer((socket, n) => (n >= 3 ? socket.write(OK) : undefined));
  const c = client(silent.origin, { timeoutMs: 300 });
  const err = (await failure(write(c))) as TransportError;
  expect(err.code).toBe('UND_ERR_HEADERS_TIMEOUT');
  expect(err.delivery).toBe('no-answer');
  expect(silent.requests).toHaveLength(1);
  const reply = await read(c);
  await c.close();
  await silent.close();
  expect(reply.status).toBe(200);
  expect(silent.requests).toHaveLength(3);
  expect(c.transportRetries).toBe(1);
});

test('an attempt\'s own deadline fires at its timeout to the millisecond (not undici\'s 1-second clock), as a headers or a body timeout', () => {
  // undici alone fires a 1,500 ms timeout at about 2,000 ms: the attempt keeps a deadline of its
  // own. Its timers are injected: what is asserted is the delay it asks for and what firing does.
  const armed: { fire: () => void; ms: number }[] = [];
  const timers = { set: (fire: () => void, ms: number) => armed.push({ fire, ms }), clear: () => {} };
  const aborted: unknown[] = [];
  const silent: DeliveryFacts = { written: true, abort: (e) => aborted.push(e) };
  attemptDeadline(1500, silent, timers);
  expect(armed.map((a) => a.ms)).toEqual([1500]);
  armed[0]!.fire();
  expect((silent.expired as { code?: string }).code).toBe('UND_ERR_HEADERS_TIMEOUT');
  const cut: DeliveryFacts = { written: true, answeredAt: 1, abort: (e) => aborted.push(e) };
  attemptDeadline(1500, cut, timers);
  armed[1]!.fire();
  expect((cut.expired as { code?: string }).code).toBe('UND_ERR_BODY_TIMEOUT');
  expect(aborted).toHaveLength(2);
});

test('a silent target and a body cut short are a headers and a body timeout: no answer, and an answer cut', async () => {
  const silent = await rawServer(() => undefined);
  const c = client(silent.origin, { timeoutMs: 300 });
  const err = (await failure(write(c))) as TransportError;
  expect(err.code).toBe('UND_ERR_HEADERS_TIMEOUT');
  expect(err.delivery).toBe('no-answer');
  await c.close();
  await silent.close();

  const stalled = await rawServer((socket) => socket.write('HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ncontent-length: 40\r\n\r\n{"data":'));
  const c2 = client(stalled.origin, { timeoutMs: 300 });
  const cut = (await failure(write(c2))) as TransportError;
  expect(cut.code).toBe('UND_ERR_BODY_TIMEOUT');
  expect(cut.delivery).toBe('answer-cut');
  await c2.close();
  await stalled.close();
});

test('an attempt whose time runs out while it waits for a connection is aborted unwritten: never sent, so a write may be sent again', async () => {
  const silent = await rawServer(() => undefined);
  // One connection: the second request waits for it behind the first.
  const pool = new Pool(silent.origin, { connections: 1, pipelining: 1 }).compose(deliveryInterceptor);
  const first: DeliveryFacts = { written: false };
  const second: DeliveryFacts = { written: false };
  const firstDeadline = attemptDeadline(600, first);
  const secondDeadline = attemptDeadline(200, second);
  const [a, b] = await Promise.all([
    failure(pool.request(trackDelivery({ path: '/a', method: 'POST', body: '{}' }, first))),
    failure(pool.request(trackDelivery({ path: '/b', method: 'POST', body: '{}' }, second))),
  ]);
  firstDeadline.clear();
  secondDeadline.clear();
  await pool.close();
  await silent.close();
  expect(errorCode(a)).toBe('UND_ERR_HEADERS_TIMEOUT');
  expect(deliveryOf(first)).toBe('no-answer');
  expect(errorCode(b)).toBe('UND_ERR_HEADERS_TIMEOUT');
  expect(deliveryOf(second)).toBe('not-sent');
  expect(silent.requests.map((h) => h.split(' ')[1])).toEqual(['/a']);
});

test('an answer cut after its status line: the target got the request (answer-cut), a write is not repeated', async () => {
  const server = await rawServer((socket) => {
    socket.write('HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ncontent-length: 40\r\n\r\n{"data":');
    setTimeout(() => socket.destroy(), 20);
  });
  const c = client(server.origin);
  const err = (await failure(write(c))) as TransportError;
  await c.close();
  await server.close();
  expect(err.delivery).toBe('answer-cut');
  expect(server.requests).toHaveLength(1);
});

test('a target that stops answering: UNREACHABLE_AFTER requests in a row fail after their retries, then it is unreachable, named, and nothing more is sent', async () => {
  let stopped = false;
  const server = await rawServer(
    // each answer closes its connection, so every request connects anew
    (socket) => socket.end(OK.replace('keep-alive', 'close')),
    (socket) => {
      if (stopped) socket.resetAndDestroy();
      return !stopped;
    },
  );
  const c = client(server.origin, { retryBudgetMs: 60_000 });
  expect((await read(c)).status).toBe(200);
  stopped = true;
  const errors: Error[] = [];
  for (let i = 0; i < UNREACHABLE_AFTER; i++) errors.push((await failure(write(c)))!);
  for (const e of errors.slice(0, -1)) expect(e).toBeInstanceOf(TransportError);
  const last = errors.at(-1)!;
  expect(last).toBeInstanceOf(TargetUnreachable);
  expect(last.message).toMatch(/^the target http:\/\/127\.0\.0\.1:\d+\/core\/api\/v2\/dispatch-service stopped answering: 3 requests in a row failed after their retries over [\d.]+ s \(last: connection reset/);
  expect(c.transportRetries).toBe(UNREACHABLE_AFTER * MAX_TRANSPORT_RETRIES);
  const sent = c.requests;
  expect(await failure(read(c))).toBe(last);
  expect(c.requests).toBe(sent);
  await c.close();
  await server.close();
});

test('a target that stops answering is given up when the retry budget is spent, before UNREACHABLE_AFTER requests fail', async () => {
  let stopped = false;
  const server = await rawServer(
    (socket) => (stopped ? undefined : socket.write(OK)),
  );
  const c = client(server.origin, { retryBudgetMs: 400, timeoutMs: 300 });
  expect((await read(c)).status).toBe(200);
  stopped = true;
  // the first read waits its timeout, its retries share the budget, and the failure past it ends the streak
  const err = await failure(read(c));
  await c.close();
  await server.close();
  expect(err).toBeInstanceOf(TargetUnreachable);
  expect(err!.message).toMatch(/stopped answering: 1 request failed after its retries over [\d.]+ s \(last: no answer within the timeout/);
});

test('one lost connection is forgiven: an answer ends the streak, the count starts again', async () => {
  const server = await rawServer((socket, n) => (n % 2 === 1 ? socket.end() : socket.write(OK)));
  const c = client(server.origin);
  for (let i = 0; i < 5; i++) {
    // each write loses its first connection (not repeated: it may have acted), then a read succeeds
    expect(await failure(write(c))).toBeInstanceOf(TransportError);
    expect((await read(c)).status).toBe(200);
  }
  await c.close();
  await server.close();
  expect(c.unreachable).toBeUndefined();
});

test('the retry window: from the first failed attempt the target has the timeout plus the budget; attempts wait at most what is left, a failure past it is unreachable', () => {
  let now = 1_000;
  const h = new TargetHealth(10_000, 5_000, 3, () => now);
  expect(h.timeoutFor()).toBe(10_000);
  // an attempt sent at 1 000 times out at 11 000: 5 000 left of the window
  now = 11_000;
  h.attemptFailed(1_000);
  expect(h.timeoutFor()).toBe(5_000);
  expect(h.canRetry(900)).toBe(true);
  now = 15_800;
  expect(h.timeoutFor()).toBe(250);
  expect(h.canRetry(300)).toBe(false);
  expect(h.requestFailed()).toBe(false);
  now = 16_100;
  expect(h.requestFailed()).toBe(true);
  h.succeeded();
  expect(h.timeoutFor()).toBe(10_000);
  expect(h.requestFailed()).toBe(false);
  expect(h.requestFailed()).toBe(false);
  expect(h.requestFailed()).toBe(true);
});
