/**
 * The reference server does what dispatch-contract.md says: every operation's happy path and
 * envelope (checked with the contract's own response schemas), reads that reflect writes, 401s,
 * 404s, 405s, the lag, the token flow, the seeded ids, and the serve CLI.
 */
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from './helpers/cli.ts';
import { CHECKS, type ConformanceReport } from '../../src/results/model.ts';
import { loadContract, loadSilentPoints, projectRoot } from '../../src/contract/index.ts';
import { AUTH_PATH, BASE_PATH, DEFAULT_CREDENTIALS, PEER_SEEDED_IDS, SEEDED_IDS, SILENT_BEHAVIOUR, startServer, type RunningServer } from '../../src/server/index.ts';
import { call, osHeaders as headers, validJob } from './helpers/reference.ts';

const contract = loadContract();

/** Asserts a body against the contract's documented response schema for that operation and status. */
function expectDocumented(operationId: string, status: number, body: unknown) {
  const schema = contract.operation(operationId).responses[String(status)];
  expect(schema, `${operationId} documents ${status}`).toBeDefined();
  const validate = contract.validatorFor(schema!);
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}

test.describe('reference server: operations', () => {
  let server: RunningServer;
  test.beforeAll(async () => {
    server = await startServer({ quiet: true });
  });
  test.afterAll(async () => server.close());

  test('createJob answers 202 with a job:<uuid> id and the request echo; getJob reads the job back per job.schema.json', async () => {
    const created = await call(server, 'POST', '/jobs', validJob({ jobRef: 'my-ref-1' }));
    expect(created.status).toBe(202);
    expectDocumented('createJob', 202, created.json);
    expect(created.json.data.id).toMatch(/^job:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(created.json.request.requestId).toBe(created.requestId);
    expect(created.json.request.tenantId).toBe('conformance');
    expect(created.headers.get('x-coreos-request-id')).toBe(created.requestId);

    const read = await call(server, 'GET', `/jobs/${encodeURIComponent(created.json.data.id)}`);
    expect(read.status).toBe(200);
    expectDocumented('getJob', 200, read.json);
    expect(read.json.data).toEqual({ jobId: created.json.data.id, jobRef: 'my-ref-1', status: 'CREATED', subStatus: null, ...validJob() });
    expect(read.json.request.requestId).toBe(read.requestId);
  });

  test('a job created without jobRef gets one from the server, and updateJob finds the job by it', async () => {
    const created = await call(server, 'POST', '/jobs', validJob());
    const jobId = created.json.data.id;
    const read = await call(server, 'GET', `/jobs/${jobId}`);
    const jobRef = read.json.data.jobRef;
    expect(typeof jobRef).toBe('string');
    expect(jobRef.length).toBeGreaterThan(0);
    const updated = await call(server, 'PUT', '/jobs', { jobRef, status: 'COMPLETED' });
    expect(updated.status).toBe(202);
    expectDocumented('updateJob', 202, updated.json);
    expect(updated.json.data.id).toBe(jobId);
    expect((await call(server, 'GET', `/jobs/${jobId}`)).json.data.status).toBe('COMPLETED');
  });

  test('updateJobById, changeJobStatus, changeJobSubStatus and changeJobsSubStatus answer 202 and reads reflect them', async () => {
    const a = (await call(server, 'POST', '/jobs', validJob())).json.data.id;
    const b = (await call(server, 'POST', '/jobs', validJob())).json.data.id;

    const update = { scheduledFor: { startDateTime: 42 }, assets: [], objectives: [{ objectiveRef: 'obj-2', location: 'L', contact: 'C', timeslot: { from: 5, to: 6 } }] };
    const u = await call(server, 'PUT', `/jobs/${a}`, update);
    expect(u.status).toBe(202);
    expectDocumented('updateJobById', 202, u.json);
    expect((await call(server, 'GET', `/jobs/${a}`)).json.data).toMatchObject(update);

    const sub = await call(server, 'POST', `/jobs/${a}/sub-status`, { subStatus: 'EN_ROUTE' });
    expect(sub.status).toBe(202);
    expectDocumented('changeJobSubStatus', 202, sub.json);
    expect((await call(server, 'GET', `/jobs/${a}`)).json.data.subStatus).toBe('EN_ROUTE');

    const st = await call(server, 'POST', `/jobs/${a}/status`, { status: 'COMPLETED' });
    expect(st.status).toBe(202);
    expectDocumented('changeJobStatus', 202, st.json);
    // A status change without subStatus keeps the subStatus (the documented silent-point choice).
    expect((await call(server, 'GET', `/jobs/${a}`)).json.data).toMatchObject({ status: 'COMPLETED', subStatus: 'EN_ROUTE' });
    await call(server, 'POST', `/jobs/${a}/status`, { status: 'COMPLETED', subStatus: 'DELIVERED' });
    expect((await call(server, 'GET', `/jobs/${a}`)).json.data.subStatus).toBe('DELIVERED');

    const bulk = await call(server, 'POST', '/jobs/sub-status', { jobs: [{ jobId: a, subStatus: 'X1' }, { jobId: b, subStatus: 'X2' }] });
    expect(bulk.status).toBe(202);
    expectDocumented('changeJobsSubStatus', 202, bulk.json);
    expect((await call(server, 'GET', `/jobs/${a}`)).json.data.subStatus).toBe('X1');
    expect((await call(server, 'GET', `/jobs/${b}`)).json.data.subStatus).toBe('X2');
  });

  test('createJobAttributes answers 202 and getJobAttributes reads {data:{attributes}}; a same-named attribute is replaced', async () => {
    const jt = SEEDED_IDS.jobType[1]!;
    const before = await call(server, 'GET', `/job-types/${jt}/attributes`);
    expect(before.status).toBe(200);
    expectDocumented('getJobAttributes', 200, before.json);
    const attrs = [
      { name: 'weight', dataType: 'number', validation: { range: { min: 0, max: 100 } } },
      { name: 'fragile', dataType: 'boolean' },
    ];
    const w = await call(server, 'POST', `/job-types/${jt}/attributes`, { attributes: attrs });
    expect(w.status).toBe(202);
    expectDocumented('createJobAttributes', 202, w.json);
    await call(server, 'POST', `/job-types/${jt}/attributes`, { attributes: [{ name: 'fragile', dataType: 'string' }] });
    const after = await call(server, 'GET', `/job-types/${jt}/attributes`);
    expectDocumented('getJobAttributes', 200, after.json);
    expect(after.json.data.attributes).toEqual([attrs[0], { name: 'fragile', dataType: 'string' }]);
  });

  test('extra members are accepted but never stored (the extraProperties silent point)', async () => {
    const body = validJob({ surprise: { deep: true } });
    (body.objectives[0] as Record<string, unknown>).alsoExtra = 1;
    const created = await call(server, 'POST', '/jobs', body);
    expect(created.status).toBe(202);
    const job = (await call(server, 'GET', `/jobs/${created.json.data.id}`)).json.data;
    expect(job).not.toHaveProperty('surprise');
    expect(job.objectives[0]).not.toHaveProperty('alsoExtra');
  });

  test('an invalid body is a 400 whose envelope names the member, the keyword and the catalogue constraint', async () => {
    const tooLong = 'r'.repeat(37);
    const bad = validJob();
    bad.objectives[0]!.objectiveRef = tooLong;
    const r = await call(server, 'POST', '/jobs', bad);
    expect(r.status).toBe(400);
    expectDocumented('createJob', 400, r.json);
    expect(r.json.error).toMatchObject({ code: 'INVALID_BODY', member: 'objectives[0].objectiveRef', keyword: 'maxLength', constraint: 'createJob.objectives[].objectiveRef.maxLength' });
    expect(r.json.error.description).toContain('objectives[0].objectiveRef');
    expect(r.json.request.requestId).toBe(r.requestId);

    const missing = await call(server, 'POST', `/jobs/${'job:whatever'}/sub-status`, {});
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ member: 'subStatus', keyword: 'required', constraint: 'changeJobSubStatus.subStatus.required' });

    const range = await call(server, 'POST', `/job-types/${SEEDED_IDS.jobType[0]}/attributes`, { attributes: [{ name: 'x', dataType: 'array', validation: { range: { min: 1, max: 2 } } }] });
    expect(range.status).toBe(400);
    expect(range.json.error).toMatchObject({ keyword: 'if', constraint: 'createJobAttributes.attributes[].validation.range.onlyForStringAndNumber' });
  });

  test('createJob rejects an unseeded jobTypeId or jobWorkflowId naming the member, but a length violation is reported as such', async () => {
    const t = await call(server, 'POST', '/jobs', validJob({ jobTypeId: 'no-such-type' }));
    expect(t.status).toBe(400);
    expect(t.json.error).toMatchObject({ code: 'UNKNOWN_REFERENCE', member: 'jobTypeId' });
    const w = await call(server, 'POST', '/jobs', validJob({ jobWorkflowId: 'no-such-workflow' }));
    expect(w.status).toBe(400);
    expect(w.json.error).toMatchObject({ code: 'UNKNOWN_REFERENCE', member: 'jobWorkflowId' });
    const long = await call(server, 'POST', '/jobs', validJob({ jobTypeId: 'x'.repeat(65) }));
    expect(long.status).toBe(400);
    expect(long.json.error).toMatchObject({ code: 'INVALID_BODY', member: 'jobTypeId', keyword: 'maxLength' });
    const short = await call(server, 'POST', '/jobs', validJob({ jobWorkflowId: '' }));
    expect(short.json.error).toMatchObject({ code: 'INVALID_BODY', member: 'jobWorkflowId', keyword: 'minLength' });
    const typed = await call(server, 'POST', '/jobs', validJob({ jobTypeId: 1234 }));
    expect(typed.json.error).toMatchObject({ code: 'INVALID_BODY', member: 'jobTypeId', keyword: 'type' });
  });

  test('the seeded ids sit exactly on the schemas\' length limits and every one is accepted by createJob', async () => {
    const props = contract.operation('createJob').requestSchema!.properties as Record<string, { minLength: number; maxLength: number }>;
    const lengths = (ids: readonly string[]) => ids.map((id) => [...id].length);
    expect(lengths(SEEDED_IDS.jobType)).toEqual(expect.arrayContaining([props.jobTypeId!.minLength, props.jobTypeId!.maxLength]));
    expect(lengths(SEEDED_IDS.jobWorkflow)).toEqual(expect.arrayContaining([props.jobWorkflowId!.minLength, props.jobWorkflowId!.maxLength]));
    expect(SEEDED_IDS.jobType).toContain('jobtype-conformance');
    expect(SEEDED_IDS.jobWorkflow).toContain('workflow-conformance');
    for (const jobTypeId of SEEDED_IDS.jobType) {
      for (const jobWorkflowId of SEEDED_IDS.jobWorkflow) {
        expect((await call(server, 'POST', '/jobs', validJob({ jobTypeId, jobWorkflowId }))).status).toBe(202);
      }
    }
  });

  test('unknown ids are 404s with the error envelope: job, jobRef, job type, and an unknown job in a bulk change (nothing applied)', async () => {
    const known = (await call(server, 'POST', '/jobs', validJob())).json.data.id;
    const cases: [string, string, string, unknown][] = [
      ['getJob', 'GET', '/jobs/job:00000000-0000-0000-0000-000000000000', undefined],
      ['updateJobById', 'PUT', '/jobs/nope', { scheduledFor: { startDateTime: 1 }, assets: [], objectives: [] }],
      ['changeJobStatus', 'POST', '/jobs/nope/status', { status: 'COMPLETED' }],
      ['changeJobSubStatus', 'POST', '/jobs/nope/sub-status', { subStatus: 'x' }],
      ['updateJob', 'PUT', '/jobs', { jobRef: 'no-such-ref', status: 'COMPLETED' }],
      ['getJobAttributes', 'GET', '/job-types/nope-type/attributes', undefined],
      ['createJobAttributes', 'POST', '/job-types/nope-type/attributes', { attributes: [] }],
    ];
    for (const [operationId, method, path, body] of cases) {
      const r = await call(server, method, path, body);
      expect(r.status, `${operationId} ${path}`).toBe(404);
      expectDocumented(operationId, 404, r.json);
      expect(r.json.error.code).toBe('NOT_FOUND');
    }
    const bulk = await call(server, 'POST', '/jobs/sub-status', { jobs: [{ jobId: known, subStatus: 'SHOULD-NOT-APPLY' }, { jobId: 'nope', subStatus: 'x' }] });
    expect(bulk.status).toBe(404);
    expect(bulk.json.error.description).toContain('"nope"');
    expect((await call(server, 'GET', `/jobs/${known}`)).json.data.subStatus).toBeNull();
  });

  test('401 without X-COREOS-ACCESS, with a wrong one, and with a Bearer header instead; 400 without the other OS1 headers', async () => {
    for (const [label, h] of [
      ['missing', { 'x-coreos-access': '' }],
      ['wrong', { 'x-coreos-access': 'not-the-token' }],
    ] as const) {
      const r = await call(server, 'GET', '/jobs/anything', undefined, h);
      expect(r.status, label).toBe(401);
      expectDocumented('getJob', 401, r.json);
    }
    const res = await fetch(`${server.baseUrl}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${DEFAULT_CREDENTIALS.accessToken}` }, body: JSON.stringify(validJob()) });
    expect(res.status).toBe(401);
    for (const name of ['x-coreos-tid', 'x-coreos-request-id', 'x-coreos-userinfo']) {
      const h = headers();
      delete h[name];
      const r = await fetch(`${server.baseUrl}/jobs/x`, { headers: h });
      expect(r.status, name).toBe(400);
      expect(((await r.json()) as any).error.description).toContain(name.toUpperCase());
    }
    const badInfo = await call(server, 'GET', '/jobs/x', undefined, { 'x-coreos-userinfo': 'qa' });
    expect(badInfo.status).toBe(400);
  });

  test('the client-credentials flow issues a Bearer token that the API accepts; wrong credentials are a 401 envelope', async () => {
    const res = await fetch(server.authUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-coreos-request-id': 'tok-1' }, body: JSON.stringify({ clientId: DEFAULT_CREDENTIALS.clientId, clientSecret: DEFAULT_CREDENTIALS.clientSecret, audience: 'dispatch' }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.data).toMatchObject({ tokenType: 'Bearer' });
    expect(typeof body.data.accessToken).toBe('string');
    expect(body.data.expiresIn).toBeGreaterThan(0);
    expect(server.authUrl.endsWith(AUTH_PATH)).toBe(true);
    const created = await call(server, 'POST', '/jobs', validJob(), { 'x-coreos-access': body.data.accessToken });
    expect(created.status).toBe(202);

    const wrong = await fetch(server.authUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: DEFAULT_CREDENTIALS.clientId, clientSecret: 'nope' }) });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as any).error.code).toBe('INVALID_CLIENT');
    const incomplete = await fetch(server.authUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: 'x' }) });
    expect(incomplete.status).toBe(400);
    expect(((await incomplete.json()) as any).error.member).toBe('clientSecret');
    expect((await fetch(server.authUrl)).status).toBe(405);
  });

  test('unknown paths are 404 and known paths with a wrong method are 405 with Allow, both in the error envelope', async () => {
    for (const path of ['/nope', '/jobs/a/b/c', '/job-types/x']) {
      const r = await call(server, 'GET', path);
      expect(r.status, path).toBe(404);
      expect(r.json.error.code).toBe('NOT_FOUND');
    }
    const outside = await fetch(`${server.origin}/elsewhere`);
    expect(outside.status).toBe(404);
    const r = await call(server, 'DELETE', '/jobs/x');
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, PUT');
    expect(r.json.error.code).toBe('METHOD_NOT_ALLOWED');
    expect((await call(server, 'GET', '/jobs/sub-status')).status).toBe(405);
  });

  test('every silent point of specs/silent-points.yaml has a documented behaviour', () => {
    const ids = loadSilentPoints().map((p) => p.id).sort();
    expect(Object.keys(SILENT_BEHAVIOUR).sort()).toEqual(ids);
  });
});

test.describe('reference server: lag', () => {
  test('with lagMs, a write becomes visible to reads only after the lag; writes may follow writes at once', async () => {
    const lagMs = 400;
    // The lag is measured on a clock the test moves: no wall-clock window decides an assertion.
    let now = 1_000_000;
    const server = await startServer({ quiet: true, lagMs, clock: () => now });
    try {
      const id = (await call(server, 'POST', '/jobs', validJob())).json.data.id;
      expect((await call(server, 'GET', `/jobs/${id}`)).status).toBe(404);
      expect((await call(server, 'POST', `/jobs/${id}/sub-status`, { subStatus: 'S1' })).status).toBe(202);
      now += lagMs - 1;
      expect((await call(server, 'GET', `/jobs/${id}`)).status).toBe(404);
      now += lagMs + 1;
      const late = await call(server, 'GET', `/jobs/${id}`);
      expect(late.status).toBe(200);
      expect(late.json.data.subStatus).toBe('S1');
      await call(server, 'POST', `/jobs/${id}/sub-status`, { subStatus: 'S2' });
      expect((await call(server, 'GET', `/jobs/${id}`)).json.data.subStatus).toBe('S1');
      now += lagMs;
      expect((await call(server, 'GET', `/jobs/${id}`)).json.data.subStatus).toBe('S2');
    } finally {
      await server.close();
    }
  });
});

test.describe('reference server: options and CLI', () => {
  test('startServer refuses bad options with a message naming them, and accepts a custom static token', async () => {
    await expect(startServer({ quiet: true, port: 70000 })).rejects.toThrow(/port/);
    await expect(startServer({ quiet: true, lagMs: -1 })).rejects.toThrow(/lagMs/);
    const server = await startServer({ quiet: true, accessToken: 'custom' });
    try {
      expect(server.baseUrl).toBe(server.origin + BASE_PATH);
      expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await call(server, 'GET', '/jobs/x', undefined, { 'x-coreos-access': 'custom' })).status).toBe(404);
      expect((await call(server, 'GET', '/jobs/x')).status).toBe(401);
    } finally {
      await server.close();
    }
  });

  function runServe(args: string[], untilLine?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src/cli/serve.ts'), ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let signalled = false;
      child.stdout.on('data', (d) => {
        stdout += d;
        if (untilLine && untilLine.test(stdout) && !signalled) signalled = child.kill('SIGTERM');
      });
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  test('serve prints its URLs and the token, and stops cleanly on SIGTERM', async () => {
    const r = await runServe(['--port', '0', '--lag-ms', '300', '--fault', 'stale-read', '--quiet'], /Ctrl-C/);
    expect(r.stdout).toMatch(/DISPATCH_BASE_URL=http:\/\/127\.0\.0\.1:\d+\/core\/api\/v2\/dispatch-service/);
    expect(r.stdout).toContain(`DISPATCH_ACCESS_TOKEN=${DEFAULT_CREDENTIALS.accessToken}`);
    expect(r.stdout).toContain('DISPATCH_AUTH_URL=');
    expect(r.stdout).toContain('faults on: stale-read');
    const dropping = await runServe(['--drop-every', '50', '--drop-when', 'after', '--quiet'], /Ctrl-C/);
    expect(dropping.stdout).toContain('drops the connection of every 50th request after carrying it out');
    expect(r.code).toBe(0);
  });

  test('the settings serve prints work as pasted: a run on them tests tenant isolation with the peer\'s own job, no Peer: line, every row conforming', async () => {
    test.setTimeout(120_000);
    const printed = await runServe(['--port', '0', '--quiet'], /Ctrl-C/);
    // Every KEY=VALUE the printout gives (the first of the token or the client credentials' lines).
    const settings = Object.fromEntries([...printed.stdout.matchAll(/(?:^|\s)(DISPATCH_[A-Z_]+)=(\S+)/gm)].map((m) => [m[1]!, m[2]!]));
    expect([settings.DISPATCH_PEER_JOB_TYPE_ID, settings.DISPATCH_PEER_JOB_WORKFLOW_ID]).toEqual([PEER_SEEDED_IDS.jobType[0], PEER_SEEDED_IDS.jobWorkflow[0]]);
    const { DISPATCH_AUTH_URL: _a, DISPATCH_CLIENT_ID: _i, DISPATCH_CLIENT_SECRET: _s, ...pasted } = settings;
    // The same server (its default credentials and seed), on a port of this test's.
    const server = await startServer({ quiet: true });
    try {
      const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-pasted-'));
      const run = await runCommand('src/cli/conformance.ts', ['--grep', 'API1|jobTypeId\\.m(in|ax)Length|jobWorkflowId\\.m(in|ax)Length'], { env: { ...pasted, DISPATCH_BASE_URL: server.baseUrl, CONFORMANCE_SEED: '7', CONFORMANCE_REPORT_DIR: reports } });
      expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(0);
      expect(run.stdout).not.toMatch(/^Peer: /m);
      const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
      const isolation = report.results.filter((r) => r.rowId.startsWith(`${CHECKS.tenantIsolation}.`));
      expect(isolation.length).toBeGreaterThan(6);
      expect(isolation.map((r) => `${r.rowId} ${r.verdict} ${r.reasons?.map((x) => x.code) ?? ''}`)).toEqual(isolation.map((r) => `${r.rowId} conforms `));
      // The seeded ids it prints (boundary lengths among them) let the id length rows send their boundary values.
      const lengths = report.results.filter((r) => /^createJob\.job(Type|Workflow)Id\.m(in|ax)Length$/.test(r.rowId));
      expect(lengths).toHaveLength(4);
      expect(lengths.map((r) => `${r.rowId} ${r.verdict}`)).toEqual(lengths.map((r) => `${r.rowId} conforms`));
    } finally {
      await server.close();
    }
  });

  test('serve: a bad flag, a bad number, an unknown fault or a busy port is one clear line and a non-zero exit', async () => {
    const busy = await startServer({ quiet: true });
    try {
      for (const [args, pattern] of [
        [['--bogus'], /Unknown option '--bogus'/],
        [['--port', 'abc'], /--port must be an integer/],
        [['--lag-ms', '-5'], /lag-ms/],
        [['--fault', 'no-such-fault'], /unknown fault "no-such-fault"/],
        [['--drop-every', 'often'], /--drop-every must be an integer/],
        [['--drop-when', 'after'], /--drop-when needs --drop-every N/],
        [['--drop-every', '3', '--drop-when', 'sometimes'], /--drop-when takes before or after, not "sometimes"/],
        [['--port', String(new URL(busy.origin).port)], /cannot listen on 127\.0\.0\.1:\d+ \(EADDRINUSE\)/],
      ] as const) {
        const r = await runServe([...args]);
        expect(r.code, args.join(' ')).not.toBe(0);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(pattern);
      }
    } finally {
      await busy.close();
    }
  });

  test('serve --list-faults prints every fault with what detects it', async () => {
    const r = await runServe(['--list-faults']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^stale-read\tcheck:read-after-write\t/m);
    expect(r.stdout).toMatch(/^createJob\.jobTypeId\.maxLength:off-by-one\tcreateJob\.jobTypeId\.maxLength\t/m);
  });
});
