/**
 * Bad input never crashes the reference server and never gets a 5xx: each gets its 4xx (or, where
 * the input is valid after all, its correct answer), and nothing written is lost under concurrency.
 */
import { test, expect } from '@playwright/test';
import http from 'node:http';
import net from 'node:net';
import { DEFAULT_CREDENTIALS, MAX_BODY_BYTES, SEEDED_IDS, startServer, type RunningServer } from '../../src/server/index.ts';
import { validJob } from './helpers/reference.ts';

const HEADERS = {
  'x-coreos-access': DEFAULT_CREDENTIALS.accessToken,
  'x-coreos-request-id': 'robustness',
  'x-coreos-tid': 'conformance',
  'x-coreos-userinfo': '{"id":"qa"}',
};

/** A raw request with exactly these bytes and headers (no client-side fixing up). */
function raw(server: RunningServer, method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}): Promise<{ status: number; json: any; text: string; contentType: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.baseUrl + path);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method, headers: { ...HEADERS, ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode!, json, text, contentType: String(res.headers['content-type']) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = (server: RunningServer, method: string, path: string, body: string | Buffer) => raw(server, method, path, body, { 'content-type': 'application/json' });

/** The server is alive and still correct: a write and its read. */
async function expectHealthy(server: RunningServer) {
  const created = await json(server, 'POST', '/jobs', JSON.stringify(validJob()));
  expect(created.status).toBe(202);
  expect((await raw(server, 'GET', `/jobs/${created.json.data.id}`)).status).toBe(200);
}

function expectErrorEnvelope(r: { status: number; json: any }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.json?.error?.code).toBe(code);
  expect(typeof r.json?.error?.description).toBe('string');
  expect(r.json?.request?.requestId).toBe('robustness');
}

test.describe('reference server: robustness', () => {
  let server: RunningServer;
  test.beforeAll(async () => {
    server = await startServer({ quiet: true });
  });
  test.afterAll(async () => server.close());

  test('malformed JSON is a 400 MALFORMED_JSON on every operation with a body', async () => {
    for (const body of ['{"subStatus":', '', 'nul', "{'subStatus':'x'}", '{"a":1}}', '\u0000']) {
      expectErrorEnvelope(await json(server, 'POST', '/jobs/job:x/sub-status', body), 400, 'MALFORMED_JSON');
    }
    for (const [method, path] of [['POST', '/jobs'], ['PUT', '/jobs'], ['PUT', '/jobs/x'], ['POST', '/jobs/x/status'], ['POST', '/jobs/sub-status'], ['POST', `/job-types/${SEEDED_IDS.jobType[0]}/attributes`]]) {
      expectErrorEnvelope(await json(server, method!, path!, '{not json'), 400, 'MALFORMED_JSON');
    }
    await expectHealthy(server);
  });

  test('a wrong or missing content type is a 415; application/json with a UTF-8 charset is fine', async () => {
    const body = JSON.stringify({ subStatus: 'x' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/jsonx', 'multipart/form-data; boundary=x']) {
      expectErrorEnvelope(await raw(server, 'POST', '/jobs/job:x/sub-status', body, { 'content-type': type }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
    expectErrorEnvelope(await raw(server, 'POST', '/jobs/job:x/sub-status', body), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // Past the media type, the answer is about the (unknown) job: the content type was accepted.
    for (const type of ['application/json; charset=utf-8', 'Application/JSON; charset="UTF-8"']) {
      expectErrorEnvelope(await raw(server, 'POST', '/jobs/job:x/sub-status', body, { 'content-type': type }), 404, 'NOT_FOUND');
    }
  });

  test('a 5 MiB body is a 413 and the server goes on; a body of exactly the limit is read', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 0x61);
    expectErrorEnvelope(await json(server, 'POST', '/jobs', big), 413, 'PAYLOAD_TOO_LARGE');
    const bigJson = JSON.stringify({ ...validJob(), pad: 'x'.repeat(5 * 1024 * 1024) });
    expectErrorEnvelope(await json(server, 'POST', '/jobs', bigJson), 413, 'PAYLOAD_TOO_LARGE');
    // Exactly MAX_BODY_BYTES, padded with an extra member (accepted and dropped): a 202.
    const head = JSON.stringify({ ...validJob(), pad: '' });
    const exact = head.slice(0, -2) + 'x'.repeat(MAX_BODY_BYTES - head.length) + '"}';
    expect(Buffer.byteLength(exact)).toBe(MAX_BODY_BYTES);
    expect((await json(server, 'POST', '/jobs', exact)).status).toBe(202);
    const over = exact.slice(0, -2) + 'x"}';
    expect((await json(server, 'POST', '/jobs', over)).status).toBe(413);
    await expectHealthy(server);
  });

  test('JSON nested 10,000 (and 200,000) levels deep is answered with a 4xx or accepted, never a 5xx', async () => {
    const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
    const bodies = [
      ['POST', '/jobs/sub-status', `{"jobs":${deepArray(10_000)}}`],
      ['POST', '/jobs/job:x/sub-status', `{"subStatus":${deepObject(10_000)}}`],
      ['POST', `/job-types/${SEEDED_IDS.jobType[0]}/attributes`, `{"attributes":[${deepObject(10_000)}]}`],
      ['POST', '/jobs', deepArray(10_000)],
      ['POST', '/jobs', deepArray(200_000)],
    ] as const;
    for (const [method, path, body] of bodies) {
      const r = await json(server, method, path, body);
      expect(r.status, `${path} ${body.slice(0, 20)}`).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.json?.error?.code).toMatch(/^[A-Z_]+$/);
    }
    // As an extra member of a valid job (a silent point) it is accepted, and dropped, not stored.
    const created = await json(server, 'POST', '/jobs', JSON.stringify(validJob()).slice(0, -1) + `,"extra":${deepObject(10_000)}}`);
    expect(created.status).toBe(202);
    const read = await raw(server, 'GET', `/jobs/${created.json.data.id}`);
    expect(read.status).toBe(200);
    expect(read.json.data).not.toHaveProperty('extra');
    await expectHealthy(server);
  });

  test('a body that breaks a rule half a million times gets a short 400 naming the first violations', async () => {
    const body = '{"jobs":[' + Array(500_000).fill('1').join(',') + ']}';
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const r = await json(server, 'POST', '/jobs/sub-status', body);
    expectErrorEnvelope(r, 400, 'INVALID_BODY');
    expect(r.json.error).toMatchObject({ member: 'jobs[0]', keyword: 'type', constraint: 'changeJobsSubStatus.jobs[].type' });
    expect(r.json.error.violations.length).toBeLessThanOrEqual(10);
    expect(r.text.length).toBeLessThan(10_000);
  });

  test('invalid UTF-8 is a 400 INVALID_ENCODING, not mangled into a stored value', async () => {
    const bad = [Buffer.from([0x7b, 0x22, 0x73, 0x75, 0x62, 0x53, 0x74, 0x61, 0x74, 0x75, 0x73, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), Buffer.from('{"subStatus":"\xc3"}', 'latin1'), Buffer.from([0xed, 0xa0, 0x80])];
    for (const body of bad) expectErrorEnvelope(await json(server, 'POST', '/jobs/job:x/sub-status', body), 400, 'INVALID_ENCODING');
    // Valid multi-byte UTF-8 is read as code points (and "é" is one, within maxLength 64).
    const created = await json(server, 'POST', '/jobs', JSON.stringify(validJob()));
    const ok = await json(server, 'POST', `/jobs/${created.json.data.id}/sub-status`, Buffer.from(JSON.stringify({ subStatus: 'é'.repeat(64) })));
    expect(ok.status).toBe(202);
    expect((await raw(server, 'GET', `/jobs/${created.json.data.id}`)).json.data.subStatus).toBe('é'.repeat(64));
  });

  test('unknown paths, unknown methods and undecodable path segments get a 4xx envelope', async () => {
    for (const [method, path, status] of [
      ['GET', '/', 404],
      ['GET', '/jobs/', 404],
      ['GET', '/jobs/a/b', 404],
      ['POST', '/../../etc/passwd', 404],
      ['PATCH', '/jobs/x', 405],
      ['OPTIONS', '/jobs', 405],
      ['DELETE', '/job-types/x/attributes', 405],
      ['PROPFIND', '/jobs', 405],
    ] as const) {
      const r = await raw(server, method, path);
      expect(r.status, `${method} ${path}`).toBe(status);
      expect(r.json.error.code).toMatch(/^[A-Z_]+$/);
    }
    expectErrorEnvelope(await raw(server, 'GET', '/jobs/%E0%A4%A'), 400, 'INVALID_PARAMETER');
    const head = await raw(server, 'HEAD', '/jobs/x');
    expect(head.status).toBe(405);
    await expectHealthy(server);
  });

  test('bytes that are not HTTP at all get a 400 and a closed connection, and the server goes on', async () => {
    const origin = new URL(server.origin);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(origin.port), origin.hostname, () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    await expectHealthy(server);
  });

  test('200 concurrent writes are all accepted and none is lost', async () => {
    const creates = await Promise.all(Array.from({ length: 200 }, (_, i) => json(server, 'POST', '/jobs', JSON.stringify({ ...validJob(), jobRef: `concurrent-${i}` }))));
    expect(creates.map((r) => r.status)).toEqual(Array(200).fill(202));
    const ids = creates.map((r) => r.json.data.id as string);
    expect(new Set(ids).size).toBe(200);
    const subs = await Promise.all(ids.map((id, i) => json(server, 'POST', `/jobs/${id}/sub-status`, JSON.stringify({ subStatus: `s-${i}` }))));
    expect(subs.every((r) => r.status === 202)).toBe(true);
    const reads = await Promise.all(ids.map((id) => raw(server, 'GET', `/jobs/${id}`)));
    reads.forEach((r, i) => {
      expect(r.status).toBe(200);
      expect(r.json.data).toMatchObject({ jobId: ids[i], jobRef: `concurrent-${i}`, subStatus: `s-${i}` });
    });
    // Concurrent attribute writes to one job type: every one of them is kept.
    const jt = SEEDED_IDS.jobType[2]!;
    const names = Array.from({ length: 200 }, (_, i) => `attr${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    const writes = await Promise.all(names.map((name) => json(server, 'POST', `/job-types/${jt}/attributes`, JSON.stringify({ attributes: [{ name, dataType: 'string' }] }))));
    expect(writes.every((r) => r.status === 202)).toBe(true);
    const attrs = (await raw(server, 'GET', `/job-types/${jt}/attributes`)).json.data.attributes as { name: string }[];
    expect(attrs.map((a) => a.name).sort()).toEqual([...names].sort());
  });
});
