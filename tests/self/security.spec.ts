/**
 * The access rules (issue 20): the default embedded run tries every security row with two
 * identities and passes; each security fault of the reference server fails its own row, in both
 * profiles; without a peer the rows that need one are untested (no-peer); the peer's secrets never
 * reach a record; at remote defaults the probes stay within 15 jobs and 250 requests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect } from '@playwright/test';
import { embeddedRun, embeddedSuite, type EmbeddedSuite } from '../../src/targets/embedded.ts';
import { loadConfig, secretsOf } from '../../src/config/config.ts';
import { knownSecrets, maskText } from '../../src/results/mask.ts';
import { runMutation } from '../../src/mutation/runner.ts';
import { CHECKS, type ResultRecord } from '../../src/results/model.ts';
import { listFaults, PROFILE_NAMES, startServer, type ProfileName } from '../../src/server/index.ts';
import { runAll } from './helpers/run-steps.ts';
import type { Step } from '../../src/suite/run/steps.ts';
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import { errorLeak } from '../../src/checks/index.ts';
import { call, validJob } from './helpers/reference.ts';

const SEED = '20261204';
const JOB_OPS = ['getJob', 'updateJobById', 'changeJobStatus', 'changeJobSubStatus', 'changeJobsSubStatus', 'updateJob'];
const TYPE_OPS = ['getJobAttributes', 'createJobAttributes'];

/** Runs the security steps only, on a fresh embedded suite; hands back the records and what they cost. */
async function securityRun(o: { profile?: ProfileName; faults?: string[]; remote?: boolean; settings?: Record<string, string>; opened?: (s: EmbeddedSuite) => void } = {}) {
  const s: EmbeddedSuite = await embeddedSuite({ profile: o.profile, faults: o.faults, remote: o.remote, settings: { CONFORMANCE_SEED: SEED, ...o.settings } });
  o.opened?.(s);
  const sent: string[] = [];
  s.ctx.client.exchangeSink = (x) => sent.push(JSON.stringify(x));
  try {
    await runAll(s.ctx, s.recorder, { only: (step) => step.file === 'security' });
    const records = s.recorder.records();
    return { records, row: (id: string) => records.find((r) => r.rowId === id), requests: s.ctx.client.requests, jobs: s.ctx.jobs.created.length, plan: s.ctx.plan(), errors: s.recorder.errors, sent, config: s.ctx.config };
  } finally {
    await s.close();
  }
}

/** What the row's probe sent: its attempts, as data (operation, as what, status). */
const tried = (r: ResultRecord | undefined) => r?.attempts ?? [];

for (const profile of PROFILE_NAMES) {
  test(`[${profile}] the default embedded run tries every security row with two identities, changes no owner's job, and passes`, async () => {
    const run = await securityRun({ profile });
    expect(run.errors).toEqual([]);
    const security = run.records.filter((r) => r.owasp !== undefined);
    expect(security.filter((r) => r.verdict !== 'conforms').map((r) => `${r.rowId} ${r.verdict} ${r.evidence[0]?.actual ?? ''}`)).toEqual([]);
    // No other row the probes touched (envelopes, documented status, no 5xx) broke either.
    expect(run.records.filter((r) => r.verdict === 'violated' || r.verdict === 'deviation').map((r) => r.rowId)).toEqual([]);
    for (const op of [...JOB_OPS, ...TYPE_OPS]) {
      const row = run.row(`${CHECKS.tenantIsolation}.${op}`);
      expect(row?.provenance, op).toBe('security');
      expect(row?.owasp, op).toBe('API1:2023');
      expect(tried(row).map((a) => [a.operationId, a.as]), op).toEqual([[op, 'peer']]);
      expect([401, 403, 404].includes(tried(row)[0]!.status) || (op === 'changeJobsSubStatus' && tried(row)[0]!.status < 300), op).toBe(true);
    }
    // The tenant swap, both ways, on every operation.
    const binding = tried(run.row(CHECKS.tenantBinding));
    expect(binding.filter((a) => a.as === 'peer-token+run-tid')).toHaveLength(8);
    expect(binding.filter((a) => a.as === 'run-token+peer-tid')).toHaveLength(8);
    expect(binding.every((a) => a.status === 403 || a.operationId === 'changeJobsSubStatus')).toBe(true);
    // Every operation with the five token variants, the revoked one included (the embedded server can revoke).
    for (const op of run.records.filter((r) => r.rowId.startsWith(`${CHECKS.tokenVariants}.`))) {
      expect(tried(op).map((a) => a.as)).toEqual(['empty', 'one-char-changed', 'first-char-changed', 'case-flipped', 'char-appended', 'never-issued', 'bearer-only', 'revoked']);
      expect(tried(op).every((a) => a.status === 401)).toBe(true);
    }
    expect(run.records.filter((r) => r.rowId.startsWith(`${CHECKS.tokenVariants}.`))).toHaveLength(9);
    for (const op of ['createJob', 'updateJobById', 'updateJob']) expect(run.row(`${CHECKS.massAssignment}.${op}`)?.verdict, op).toBe('conforms');
    expect(run.row(CHECKS.errorLeak)?.verdict).toBe('conforms');
    expect(run.row(CHECKS.errorLeak)?.provenance).toBe('assumed');
    // Neither identity's token, nor a variant of one, is written down.
    const secrets = [run.config.accessToken!, run.config.peer!.accessToken!];
    for (const x of run.sent) for (const secret of secrets) expect(x.includes(secret)).toBe(false);
    expect(run.sent.some((x) => x.includes('conformance-peer'))).toBe(true);
  });
}

const SECURITY_FAULTS = listFaults().filter((f) => f.family === 'security');

test('the security faults: one per rule, each named by its row', () => {
  expect(SECURITY_FAULTS.map((f) => [f.name, f.detectedBy])).toEqual([
    ['read-ignores-tenant', `${CHECKS.tenantIsolation}.getJob`],
    ['trusts-tid-header', CHECKS.tenantBinding],
    ['create-takes-jobId', `${CHECKS.massAssignment}.createJob`],
    ['create-takes-status', `${CHECKS.massAssignment}.createJob`],
    ['create-takes-tenantId', `${CHECKS.massAssignment}.createJob`],
    ['bulk-skips-tenant', `${CHECKS.tenantIsolation}.changeJobsSubStatus`],
    ['bearer-accepted', CHECKS.tokenVariants],
    ['stack-trace-400', CHECKS.errorLeak],
    ['stack-trace-404-on-write', CHECKS.errorLeak],
  ]);
});

for (const profile of PROFILE_NAMES) {
  test(`[${profile}] each security fault fails the run with a violation on its own row (a deviation for the assumed error leak)`, async () => {
    test.setTimeout(180_000);
    const report = await runMutation({ target: embeddedRun, mode: 'fast', seed: Number(SEED), profile, faults: SECURITY_FAULTS.map((f) => f.name), baseline: false });
    expect(report.faults).toHaveLength(SECURITY_FAULTS.length);
    for (const f of report.faults) {
      expect(f.detected, `${f.name}: saw ${f.alsoViolated.join(', ') || 'nothing'}`).toBe(true);
      expect(f.caughtBy.every((id) => id === f.detectedBy || id.startsWith(`${f.detectedBy}.`)), f.name).toBe(true);
    }
  });
}

test('a stack-trace-400 server deviates (assumed) and fails only under --strict; a security violation fails the run like a documented one', async () => {
  const run = await securityRun({ faults: ['stack-trace-400', 'read-ignores-tenant'] });
  const leak = run.row(CHECKS.errorLeak)!;
  expect(leak.verdict).toBe('deviation');
  expect(leak.evidence[0]?.actual).toMatch(/stack frame: at validateJob \(\/srv\/dispatch\/src\/handlers\/jobs\.js:112:17\)/);
  const read = run.row(`${CHECKS.tenantIsolation}.getJob`)!;
  expect(read.verdict).toBe('violated');
  expect(read.evidence[0]?.actual).toMatch(/^accepted with 200 for getJob as the peer/);
  const { failsRun, verdictOf } = await import('../../src/results/gate.ts');
  expect([failsRun(leak.verdict), failsRun(verdictOf(leak, { strict: true }).verdict), failsRun(read.verdict)]).toEqual([false, true, true]);
});

test('without a peer, the rows that need one are untested with code no-peer; the others are still judged', async () => {
  const run = await securityRun({ settings: { DISPATCH_PEER_ACCESS_TOKEN: '', DISPATCH_PEER_TENANT_ID: '' } });
  expect(run.config.peer).toBeUndefined();
  const needPeer = run.records.filter((r) => r.rowId.startsWith(`${CHECKS.tenantIsolation}.`) || r.rowId === CHECKS.tenantBinding);
  expect(needPeer).toHaveLength(9);
  for (const r of needPeer) {
    expect(r.verdict, r.rowId).toBe('untested');
    expect(r.requests, r.rowId).toBe(0);
    expect(r.reasons?.map((x) => x.code), r.rowId).toEqual(['no-peer']);
  }
  // Without a peer the other security rows still run: every token-variant row (9) and mass-assignment row (3) conforms.
  const others = run.records.filter((r) => r.rowId.startsWith(`${CHECKS.tokenVariants}.`) || r.rowId.startsWith(`${CHECKS.massAssignment}.`));
  expect(others).toHaveLength(12);
  expect(others.map((r) => `${r.rowId} ${r.verdict}`)).toEqual(others.map((r) => `${r.rowId} conforms`));
  // The plan sets aside the tenant probe's job only with a peer.
  expect(run.plan.jobs.security).toBe(2);
});

test('at remote defaults, the security probes add at most 15 jobs and 250 requests, and the plan counts their jobs', async () => {
  // A remote target has no revoke hook: the token variants are four.
  const run = await securityRun({ remote: true, settings: { DISPATCH_REVOKE_URL: '' } });
  expect(run.errors).toEqual([]);
  // Every row judged but a token's expiry, which a remote run does not wait for (CONFORMANCE_TOKEN_WAIT_S is 0).
  expect(run.records.filter((r) => r.owasp !== undefined && r.verdict !== 'conforms').map((r) => `${r.rowId} ${r.reasons?.map((x) => x.code)}`)).toEqual([`${CHECKS.tokenExpiry} not-configured`]);
  expect(run.plan.jobs.security).toBe(3);
  // Its own three jobs, and the worker's open and shared jobs the rest of a run keeps anyway.
  expect(run.jobs).toBeLessThanOrEqual(15);
  expect(run.requests).toBeLessThanOrEqual(250);
  expect(run.requests).toBeGreaterThan(80);
  test.info().annotations.push({ type: 'cost', description: `${run.requests} requests, ${run.jobs} jobs created (${run.plan.jobs.security} the probes' own)` });
});

test('a revoke whose connection is lost is tried once more; lost twice, the token variants go without the revoked one, in no error', async () => {
  // The revoke hook behind a loopback relay that cuts the first `lose` requests unanswered.
  for (const lose of [1, 2]) {
    let upstream = '';
    let seen = 0;
    const relay = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (++seen <= lose) return void req.socket.destroy();
        const headers = { 'content-type': req.headers['content-type'] ?? 'application/json' };
        void fetch(upstream, { method: 'POST', headers, body: Buffer.concat(chunks) }).then(async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()));
      });
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    try {
      const run = await securityRun({ settings: { DISPATCH_REVOKE_URL: `http://127.0.0.1:${(relay.address() as AddressInfo).port}/revoke` }, opened: (s) => (upstream = s.server.revokeUrl) });
      expect(run.errors, `lose ${lose}`).toEqual([]);
      expect(seen, `lose ${lose}`).toBe(2);
      const rows = run.records.filter((r) => r.rowId.startsWith(`${CHECKS.tokenVariants}.`));
      expect(rows.map((r) => `${r.rowId} ${r.verdict}`), `lose ${lose}`).toEqual(rows.map((r) => `${r.rowId} conforms`));
      expect(rows.every((r) => tried(r).some((a) => a.as === 'revoked')), `lose ${lose}`).toBe(lose === 1);
      // Without it, each row says so (not-configured), and none is the worse for it.
      expect(rows.filter((r) => r.reasons?.some((x) => x.code === 'not-configured')).length, `lose ${lose}`).toBe(lose === 1 ? 0 : rows.length);
    } finally {
      await new Promise((r) => relay.close(r));
    }
  }
});

test('the reference server binds each token to its tenant, scopes jobs and job types by tenant, and revokes what it issued', async () => {
  const s = await startServer({ quiet: true });
  try {
    const peer = { 'x-coreos-access': s.credentials.peerAccessToken, 'x-coreos-tid': s.credentials.peerTenantId };
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    expect((await call(s, 'GET', `/jobs/${id}`)).status).toBe(200);
    expect((await call(s, 'GET', `/jobs/${id}`, undefined, peer)).status).toBe(404);
    expect((await call(s, 'GET', `/jobs/${id}`, undefined, { 'x-coreos-tid': s.credentials.peerTenantId })).status).toBe(403);
    expect((await call(s, 'GET', `/jobs/${id}`, undefined, { 'x-coreos-access': s.credentials.peerAccessToken })).status).toBe(403);
    expect((await call(s, 'GET', '/job-types/jobtype-conformance/attributes', undefined, peer)).status).toBe(404);
    expect((await call(s, 'GET', '/job-types/jobtype-peer/attributes', undefined, peer)).status).toBe(200);
    const issued = await (await fetch(s.authUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: s.credentials.clientId, clientSecret: s.credentials.clientSecret }) })).json();
    const token = issued.data.accessToken as string;
    expect((await call(s, 'GET', `/jobs/${id}`, undefined, { 'x-coreos-access': token })).status).toBe(200);
    // One token revoked by name (RFC 7009's {token}): that one refused, the others kept.
    const other = (await (await fetch(s.authUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: s.credentials.clientId, clientSecret: s.credentials.clientSecret }) })).json()).data.accessToken as string;
    const one = await fetch(s.revokeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: other }) });
    expect((await one.json()).data.revoked).toBe(1);
    expect((await call(s, 'GET', `/jobs/${id}`, undefined, { 'x-coreos-access': other })).status).toBe(401);
    expect((await call(s, 'GET', `/jobs/${id}`, undefined, { 'x-coreos-access': token })).status).toBe(200);
    const bad = await fetch(s.revokeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 7 }) });
    expect(bad.status).toBe(400);
    // With no body, every token issued so far.
    const revoked = await fetch(s.revokeUrl, { method: 'POST' });
    expect((await revoked.json()).data.revoked).toBe(1);
    const after = await call(s, 'GET', `/jobs/${id}`, undefined, { 'x-coreos-access': token });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('UNAUTHORIZED');
    // The static token is not an issued one: it still works.
    expect((await call(s, 'GET', `/jobs/${id}`)).status).toBe(200);
  } finally {
    await s.close();
  }
});

test('peer settings: credentials and a tenant go together, the tenant is another one, and the peer secret is masked', () => {
  const load = (env: Record<string, string>) => loadConfig({ envFile: '/nonexistent/.env', env: { DISPATCH_BASE_URL: 'http://127.0.0.1:9/x', DISPATCH_ACCESS_TOKEN: 'main-token-1', ...env } });
  expect(() => load({ DISPATCH_PEER_TENANT_ID: 'other' })).toThrow(/DISPATCH_PEER_TENANT_ID is set without the peer's credentials/);
  expect(() => load({ DISPATCH_PEER_ACCESS_TOKEN: 'peer-token-1' })).toThrow(/DISPATCH_PEER_TENANT_ID is not set/);
  expect(() => load({ DISPATCH_PEER_ACCESS_TOKEN: 'peer-token-1', DISPATCH_PEER_TENANT_ID: 'conformance' })).toThrow(/the peer must be another tenant/);
  expect(() => load({ DISPATCH_PEER_CLIENT_ID: 'peer-client' })).toThrow(/DISPATCH_PEER_CLIENT_SECRET is not set/);
  expect(() => load({ DISPATCH_PEER_CLIENT_ID: 'peer-client', DISPATCH_PEER_CLIENT_SECRET: 'peer-secret-1', DISPATCH_PEER_TENANT_ID: 'other' })).toThrow(/DISPATCH_AUTH_URL is not set/);
  const config = load({ DISPATCH_PEER_ACCESS_TOKEN: 'peer-token-1', DISPATCH_PEER_TENANT_ID: 'other' });
  // The peer's job of its own takes the run's job type and workflow unless its tenant's are given.
  expect(config.peer).toEqual({ tenantId: 'other', accessToken: 'peer-token-1', jobTypeId: 'jobtype-conformance', jobWorkflowId: 'workflow-conformance' });
  expect(load({ DISPATCH_PEER_ACCESS_TOKEN: 'peer-token-1', DISPATCH_PEER_TENANT_ID: 'other', DISPATCH_PEER_JOB_TYPE_ID: 'jt-other', DISPATCH_PEER_JOB_WORKFLOW_ID: 'wf-other' }).peer).toMatchObject({ jobTypeId: 'jt-other', jobWorkflowId: 'wf-other' });
  expect(secretsOf(config)).toEqual(['main-token-1', 'peer-token-1']);
  expect(maskText('X peer-token-1 Y', knownSecrets({ DISPATCH_PEER_ACCESS_TOKEN: 'peer-token-1' }))).toBe('X *** Y');
});

test('errorLeak finds stack frames, source paths, tracebacks and exception names, and not an ordinary error envelope', () => {
  expect(errorLeak('{"error":{"code":"INVALID_BODY","description":"jobRef: must NOT have more than 64 characters"}}')).toBeUndefined();
  expect(errorLeak('{"error":{"code":"MALFORMED_JSON","description":"the body is not JSON: Unexpected end of JSON input"}}')).toBeUndefined();
  expect(errorLeak('TypeError: x is undefined\n    at f (/app/index.js:3:9)')).toMatch(/^a stack frame/);
  expect(errorLeak('{"trace":"Traceback (most recent call last):"}')).toMatch(/^a Python traceback/);
  expect(errorLeak('{"error":"java.lang.NullPointerException: null"}')).toMatch(/^an exception's name/);
  expect(errorLeak('{"file":"/srv/app/handlers.py:42"}')).toMatch(/^a source path/);
});

test("every error answer of the run is read for a leak: a leak only writes to an unknown job get is found, though the probe's own answers are clean", async () => {
  const contract = loadContract();
  const catalogue = buildCatalogue(contract);
  const runOn = async (only: (step: Step) => boolean) => {
    const t = await embeddedSuite({ faults: ['stack-trace-404-on-write'], contract, catalogue, settings: { CONFORMANCE_SEED: SEED } });
    try {
      await runAll(t.ctx, t.recorder, { only });
    } finally {
      await t.close();
    }
    return t.recorder.records().find((r) => r.rowId === CHECKS.errorLeak);
  };
  // The probe alone sends three error answers, none of them a write to an unknown job.
  expect((await runOn((s) => s.file === 'security' && s.owns.includes(CHECKS.errorLeak)))?.verdict).toBe('conforms');
  // The 404 probes write to unknown jobs: their answers are read too, and the leak is on the one row.
  const leak = (await runOn((s) => s.file === 'operations' || s.file === 'security'))!;
  expect(leak.verdict).toBe('deviation');
  expect(leak.evidence[0]?.actual).toMatch(/^answered 404 with a stack frame: at validateJob/);
  expect(leak.evidence[0]?.exchange?.method).not.toBe('GET');
});

test('a value the request carried, echoed back in an error, is not a leak', () => {
  const echoed = '{"error":{"code":"INVALID_BODY","description":"jobRef \\"at x (/a/b.js:1:2)\\" is not allowed"}}';
  expect(errorLeak(echoed)).toMatch(/^a stack frame/);
  expect(errorLeak(echoed, '{"jobRef":"at x (/a/b.js:1:2)"}')).toBeUndefined();
  // Its own frame beside the echo is still one.
  expect(errorLeak(`${echoed} at handler (/srv/app/jobs.js:9:1)`, '{"jobRef":"at x (/a/b.js:1:2)"}')).toMatch(/^a stack frame: at handler/);
});
