/** The HTTP client: OS1 headers, pacing, the request budget, retries, masking, clear network errors. */
import { test, expect } from '@playwright/test';
import { RateLimiter } from '../../src/client/rate-limit.ts';
import { BudgetExceeded, clientCredentials, retryDelay, TargetUnreachable } from '../../src/client/index.ts';
import { loadContract } from '../../src/contract/index.ts';
import { testClient, TEST_CLIENT } from './helpers/client.ts';
import { stubServer } from './helpers/stub-server.ts';
import { startServer } from '../../src/server/index.ts';

const contract = loadContract();
const getJob = contract.operation('getJob');
const subStatus = contract.operation('changeJobSubStatus');
const TOKEN = TEST_CLIENT.token;

test('every request carries the OS1 headers and a fresh request id; path parameters are encoded', async () => {
  const stub = await stubServer(() => ({ status: 200, body: { data: {} } }));
  const c = testClient(stub.origin);
  await c.send(getJob, { pathParams: { jobId: 'job:a/b' } });
  await c.send(subStatus, { pathParams: { jobId: 'j1' }, body: { subStatus: 'x' } });
  await c.close();
  await stub.close();
  const [a, b] = stub.seen;
  expect(a!.url).toBe('/core/api/v2/dispatch-service/jobs/job%3Aa%2Fb');
  expect(a!.headers['x-coreos-access']).toBe(TOKEN);
  expect(a!.headers['x-coreos-origin-token']).toBe(TOKEN);
  expect(a!.headers['x-coreos-tid']).toBe('tenant-a');
  expect(a!.headers['x-coreos-userinfo']).toBe('{"id":"qa"}');
  expect(a!.headers['x-coreos-request-id']).toMatch(/^run1-/);
  expect(b!.headers['x-coreos-request-id']).not.toBe(a!.headers['x-coreos-request-id']);
  expect(b!.headers['content-type']).toBe('application/json');
  expect(JSON.parse(b!.body)).toEqual({ subStatus: 'x' });
});

test('the rate limit holds: 21 requests at 20/s start 50 ms apart, the first at once (a clock of the test\'s own)', async () => {
  let now = 1000;
  const starts: number[] = [];
  // Sleepers wait for the test's clock, which then runs: each wakes at its moment, one after the other.
  const sleepers: { wake: number; resolve: () => void }[] = [];
  const limiter = new RateLimiter(20, { now: () => now, sleep: (ms) => new Promise<void>((resolve) => sleepers.push({ wake: now + ms, resolve })) });
  const tick = () => new Promise((r) => setImmediate(r));
  // All 21 asked for at the same instant, as Promise.all over the client's sends does.
  const all = Promise.all(Array.from({ length: 21 }, () => limiter.take().then(() => starts.push(now))));
  await tick();
  for (const s of sleepers.sort((x, y) => x.wake - y.wake)) {
    now = s.wake;
    s.resolve();
    await tick();
  }
  await all;
  expect(starts[0]).toBe(1000);
  expect(starts.slice(1).map((t, i) => t - starts[i]!)).toEqual(Array(20).fill(50));
  // An unlimited rate never waits.
  let waited = 0;
  const free = new RateLimiter(1_000_000, { now: () => now, sleep: async (ms) => void (waited += ms) });
  await Promise.all(Array.from({ length: 21 }, () => free.take()));
  expect(waited).toBe(0);
});

test('the request budget is a hard cap', async () => {
  const stub = await stubServer(() => ({ status: 200, body: { data: {} } }));
  const c = testClient(stub.origin, { maxRequests: 3 });
  for (let i = 0; i < 3; i++) await c.send(getJob, { pathParams: { jobId: 'j' } });
  await expect(c.send(getJob, { pathParams: { jobId: 'j' } })).rejects.toThrow(BudgetExceeded);
  await c.close();
  await stub.close();
  expect(stub.seen).toHaveLength(3);
});

test('429 and 503 with Retry-After are retried after waiting, and counted', async () => {
  const stub = await stubServer((_s, n) => (n === 1 ? { status: 429, headers: { 'retry-after': '0.3' } } : n === 2 ? { status: 503, headers: { 'retry-after': '0' } } : { status: 200, body: { data: {} } }));
  const c = testClient(stub.origin);
  const reply = await c.send(getJob, { pathParams: { jobId: 'j' } });
  await c.close();
  await stub.close();
  expect(reply.status).toBe(200);
  expect(reply.retries).toBe(2);
  expect(c.retries).toBe(2);
  expect(stub.seen[1]!.at - stub.seen[0]!.at).toBeGreaterThanOrEqual(280);
});

test('a 503 without Retry-After is an answer, not a retry', async () => {
  const stub = await stubServer(() => ({ status: 503 }));
  const c = testClient(stub.origin);
  const reply = await c.send(getJob, { pathParams: { jobId: 'j' } });
  await c.close();
  await stub.close();
  expect(reply.status).toBe(503);
  expect(stub.seen).toHaveLength(1);
});

test('retry delays follow Retry-After (seconds or a date) and back off without it', () => {
  expect(retryDelay('2', 1)).toBe(2000);
  expect(retryDelay(new Date(Date.now() + 3000).toUTCString(), 1)).toBeGreaterThan(1000);
  expect(retryDelay(undefined, 1)).toBe(250);
  expect(retryDelay(undefined, 3)).toBe(1000);
  expect(retryDelay('9999', 1)).toBe(30_000);
});

test('the curl command and recorded headers never show the token', async () => {
  const stub = await stubServer(() => ({ status: 400, body: { error: { code: 'X', description: `echo ${TOKEN}` } } }));
  const c = testClient(stub.origin);
  const reply = await c.send(subStatus, { pathParams: { jobId: 'j1' }, body: { subStatus: TOKEN } });
  await c.close();
  await stub.close();
  const written = JSON.stringify({ curl: reply.curl, headers: reply.requestHeaders, text: reply.text });
  expect(written).not.toContain(TOKEN);
  // The token comes from the shell, so the pasted command works: not *** (a 401), not the token.
  expect(reply.curl).toContain('-H "x-coreos-access: $DISPATCH_ACCESS_TOKEN"');
  expect(reply.curl).toMatch(/^curl -sS -X POST 'http:\/\/127\.0\.0\.1:\d+\/core\/api\/v2\/dispatch-service\/jobs\/j1\/sub-status'/);
});

test('an unreachable target is one clear line (the preflight calls it so on the first failure)', async () => {
  const c = testClient('http://127.0.0.1:9', { unreachableAfter: 1 });
  const err = await c.send(getJob, { pathParams: { jobId: 'j' } }).catch((e: unknown) => e as Error);
  await c.close();
  expect(err).toBeInstanceOf(TargetUnreachable);
  expect((err as Error).message).toMatch(/refused the connection: is the target running, and is DISPATCH_BASE_URL right\?/);
});

test('client credentials are exchanged once for a token that is then reused', async () => {
  const stub = await stubServer((s) =>
    s.url.includes('/auth/') ? (JSON.parse(s.body).clientSecret === 'cs-1' ? { status: 200, body: { data: { accessToken: 'issued-1', tokenType: 'Bearer', expiresIn: 3600 } } } : { status: 401, body: {} }) : { status: 200, body: { data: {} } },
  );
  const token = clientCredentials({ authUrl: `${stub.origin}/core/api/v1/aaa/auth/client-credentials`, clientId: 'qa', clientSecret: 'cs-1', timeoutMs: 2000 });
  const c = testClient(stub.origin, { token });
  await c.send(getJob, { pathParams: { jobId: 'a' } });
  await c.send(getJob, { pathParams: { jobId: 'b' } });
  const wrong = clientCredentials({ authUrl: `${stub.origin}/core/api/v1/aaa/auth/client-credentials`, clientId: 'qa', clientSecret: 'nope', timeoutMs: 2000 });
  const refused = await wrong.get().catch((e: Error) => e.message);
  await c.close();
  await stub.close();
  expect(stub.seen.filter((s) => s.url.includes('/auth/'))).toHaveLength(2);
  expect(stub.seen.filter((s) => !s.url.includes('/auth/')).map((s) => s.headers['x-coreos-access'])).toEqual(['issued-1', 'issued-1']);
  expect(refused).toMatch(/refused the client credentials \(401\): check DISPATCH_CLIENT_ID and DISPATCH_CLIENT_SECRET/);
});

test('the curl command, pasted into a shell with DISPATCH_ACCESS_TOKEN set, replays the request as sent (not a 401)', async () => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const server = await startServer({ quiet: true, accessToken: TEST_CLIENT.token, tenantId: TEST_CLIENT.tenantId });
  try {
    const c = testClient(server.origin);
    const reply = await c.send(loadContract().operation('getJob'), { pathParams: { jobId: 'job:none' } });
    await c.close();
    expect(reply.status).toBe(404);
    expect(reply.curl).not.toContain(TEST_CLIENT.token);
    // Asynchronously: the server answering it runs in this process.
    const { stdout: out } = await promisify(execFile)('bash', ['-c', `${reply.curl} -o /dev/null -w '%{http_code}'`], { env: { PATH: process.env.PATH, DISPATCH_ACCESS_TOKEN: TEST_CLIENT.token } });
    expect(out).toBe('404');
  } finally {
    await server.close();
  }
});
