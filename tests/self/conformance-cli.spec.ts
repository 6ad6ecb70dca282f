/**
 * `npm run conformance` as a QA engineer meets it: bad input is one line and a non-zero exit
 * within 10 s; a faulty target fails the run and names the broken constraint with everything
 * needed to reproduce it; the same seed reproduces the same minimal case; secrets stay out of
 * every report.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { SEEDED_IDS, startServer } from '../../src/server/index.ts';
import { call, validJob } from './helpers/reference.ts';
import { loadConfig } from '../../src/config/config.ts';
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import { openSuite } from '../../src/suite/index.ts';
import { freshDir } from './fixtures/reporters/run-fixture.ts';
import { runCommand } from './helpers/cli.ts';
import { reportOf } from './helpers/rows.ts';
import type { ConformanceReport } from '../../src/results/model.ts';
import { stubServer } from './helpers/stub-server.ts';
import { remoteTargetEnv } from './targets/remote.ts';

const CLI = 'src/cli/conformance.ts';

function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n').filter((l) => l.trim() !== '');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

test('an unreachable target: one line that says what to fix, exit 3 (the preflight gives up after 10 s)', async () => {
  const run = await runCommand(CLI, [], { env: { DISPATCH_BASE_URL: 'http://127.0.0.1:9/core/api/v2/dispatch-service', DISPATCH_ACCESS_TOKEN: 'x' } });
  // Unreachable is its own exit code (3), apart from a usage or configuration error (2).
  expect(run.code).toBe(3);
  expectOneLine(run.stderr, /^dispatch-conformance: 127\.0\.0\.1:9 refused the connection: is the target running, and is DISPATCH_BASE_URL right\?$/);
});

test('https to a server that does not speak TLS: one line about the handshake', async () => {
  const stub = await stubServer(() => ({ status: 200, body: {} }));
  const run = await runCommand(CLI, [], { env: { DISPATCH_BASE_URL: `${stub.origin.replace('http:', 'https:')}/core/api/v2/dispatch-service`, DISPATCH_ACCESS_TOKEN: 'x' } });
  await stub.close();
  expect(run.code).not.toBe(0);
  expectOneLine(run.stderr, /^dispatch-conformance: TLS handshake with 127\.0\.0\.1:\d+ failed .*check the certificate or the URL's scheme$/);
  // How fast is the preflight's bound (PREFLIGHT_MS), not a wall-clock window here: these machines are noisy.
});

test('--help says what the command does, its own options and the Playwright ones, and runs nothing', async () => {
  const run = await runCommand(CLI, ['--help'], { env: { DISPATCH_BASE_URL: 'http://127.0.0.1:9/x', DISPATCH_ACCESS_TOKEN: 't' } });
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^usage: npm run conformance -- \[options\] \[playwright options\]/);
  for (const option of ['--dry-run', '--strict', '--thorough', '--complete-created', '--fault NAME', '--lag-ms N', '--profile P', '--drop-every N', '--drop-when W', '--grep REGEX', '--shard=I/N', 'CONFORMANCE_WORKERS']) expect(run.stdout).toContain(option);
});

test('CONFORMANCE_REPORT_DIR in .env is where the reports go and where the exit code is read from', async () => {
  test.setTimeout(120_000);
  const dir = freshDir('dotenv-reports');
  fs.writeFileSync(path.join(dir, '.env'), 'CONFORMANCE_REPORT_DIR=out\nCONFORMANCE_SEED=9\n');
  const run = await runCommand(CLI, ['--fault', 'createJob.jobRef.maxLength:off-by-one', '--grep', 'createJob\\.jobRef'], { cwd: dir, timeoutMs: 110_000 });
  expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(1);
  const report = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'conformance.json'), 'utf8')) as ConformanceReport;
  expect(report.seed).toBe(9);
  // The embedded server's token is a static one, whatever client credentials are set beside it.
  expect(report.auth).toBe('static token');
  expect(report.results.find((r) => r.rowId === 'createJob.jobRef.maxLength')?.verdict).toBe('violated');
  // The console marks each test by what its rows came to, and says no "N passed" before FAIL.
  expect(run.stdout).toMatch(/^ {2}✗ +\d+ createJob › createJob\.jobRef\.maxLength: createJob\.jobRef\.maxLength \(\d+ ms\)$/m);
  expect(run.stdout).toMatch(/^ {2}✓ +\d+ createJob › createJob\.jobRef\.minLength \(\d+ ms\)$/m);
  expect(run.stdout).toMatch(/^ {2}\d+ conformance tests: \d+ conform, 1 found a violation$/m);
  expect(run.stdout).not.toMatch(/\d+ passed/);
});

test('with a baseline, the console marks a test whose only violation the baseline accepts with ⊘, not ✗, and the run passes', async () => {
  test.setTimeout(120_000);
  const dir = freshDir('console-baselined');
  const baseline = path.join(dir, 'baseline.json');
  fs.writeFileSync(baseline, JSON.stringify({ baselined: [{ id: 'createJob.jobRef.maxLength', reason: 'known: the target takes 65 characters' }] }));
  const run = await runCommand(CLI, ['--fault', 'createJob.jobRef.maxLength:off-by-one', '--grep', 'createJob\\.jobRef'], { env: { CONFORMANCE_SEED: '9', CONFORMANCE_REPORT_DIR: path.join(dir, 'out'), CONFORMANCE_BASELINE: baseline }, timeoutMs: 110_000 });
  expect(run.code, run.stdout.slice(-1500)).toBe(0);
  expect(run.stdout).toMatch(/^ {2}⊘ +\d+ createJob › createJob\.jobRef\.maxLength: createJob\.jobRef\.maxLength \(\d+ ms\)$/m);
  expect(run.stdout).not.toMatch(/^ {2}✗ /m);
  expect(run.stdout).toMatch(/^ {2}\d+ conformance tests: \d+ conform, 1 found only baselined violations$/m);
});

test('the console marks a test whose rows were all left untested with ○, not ✓', async () => {
  const { markOf } = await import('../../src/reporters/console-tests.ts');
  const row = (verdict: ConformanceReport['results'][number]['verdict']) => ({ ...reportOf([]).results[0], verdict }) as ConformanceReport['results'][number];
  expect(markOf('passed', [row('untested'), row('untested')])).toBe('untested');
  expect(markOf('passed', [row('untested'), row('conforms')])).toBe('conforms');
  expect(markOf('passed', [row('conforms'), row('deviation')])).toBe('deviation');
  expect(markOf('passed', [row('deviation'), row('violated')])).toBe('violated');
  expect(markOf('passed', [row('deviation'), row('baselined')])).toBe('baselined');
  expect(markOf('passed', [row('baselined'), row('violated')])).toBe('violated');
  expect(markOf('failed', [row('conforms')])).toBe('error');
});

test('a malformed .env: one line naming the line, non-zero', async () => {
  const dir = freshDir('dotenv');
  fs.writeFileSync(path.join(dir, '.env'), 'DISPATCH_TENANT_ID=a\nDISPATCH_RATE_LIMIT: 50\n');
  const run = await runCommand(CLI, [], { cwd: dir });
  expect(run.code).not.toBe(0);
  expectOneLine(run.stderr, /^dispatch-conformance: \.env line 2 is not KEY=VALUE/);
});

test('a misspelt variable in the environment: one line with the setting it meant, non-zero, the token not shown', async () => {
  const run = await runCommand(CLI, [], { env: { DISPATCH_BASE_URL: 'http://127.0.0.1:9/core/api/v2/dispatch-service', DISPATCH_ACESS_TOKEN: 'tok-3f9a1c' } });
  expect(run.code).not.toBe(0);
  expectOneLine(run.stderr, /^dispatch-conformance: DISPATCH_ACESS_TOKEN in the environment is not a setting of dispatch-conformance; did you mean DISPATCH_ACCESS_TOKEN\? \(see \.env\.example\)$/);
  expect(run.stdout + run.stderr).not.toContain('tok-3f9a1c');
});

test('credentials the target refuses: one line from the preflight, before any test runs', async () => {
  const stub = await stubServer(() => ({ status: 401, body: { error: { code: 'UNAUTHORIZED', description: 'no' } } }));
  const run = await runCommand(CLI, [], { env: { DISPATCH_BASE_URL: `${stub.origin}/core/api/v2/dispatch-service`, DISPATCH_ACCESS_TOKEN: 'wrong' } });
  await stub.close();
  expect(run.code).not.toBe(0);
  expectOneLine(run.stderr, /the target refused the credentials \(401 "no" on the preflight request GET .*\): check DISPATCH_ACCESS_TOKEN$/);
  expect(stub.seen.length).toBeLessThanOrEqual(2);
  expect(run.stdout).not.toContain('[conformance]');
});

test('a job type the target does not know: one line naming DISPATCH_JOB_TYPE_ID', async () => {
  // A deployment that knows the path but not the job type (a wrong path gets another answer: see preflight.spec.ts).
  const stub = await stubServer((s) => ({ status: 404, body: { error: { code: 'NOT_FOUND', description: /\/job-types\/nope\/attributes$/.test(s.url) ? 'job type nope not found' : 'no route' } } }));
  const run = await runCommand(CLI, [], { env: { DISPATCH_BASE_URL: `${stub.origin}/core/api/v2/dispatch-service`, DISPATCH_ACCESS_TOKEN: 't', DISPATCH_JOB_TYPE_ID: 'nope' } });
  await stub.close();
  expect(run.code).not.toBe(0);
  expectOneLine(run.stderr, /the job type "nope" does not exist on the target .*set DISPATCH_JOB_TYPE_ID/);
});

test('a dry run and a real run leave no run folder in the temp folder (the cases they made for the workers included)', async () => {
  test.setTimeout(120_000);
  for (const args of [['--dry-run'], ['--grep', 'createJob boundary values']]) {
    const tmp = freshDir('run-folder-tmp');
    const run = await runCommand(CLI, args, { env: { TMPDIR: tmp, CONFORMANCE_REPORT_DIR: freshDir('run-folder-reports') } });
    expect(run.code, run.stderr).toBe(0);
    expect(fs.readdirSync(tmp).filter((n) => n.startsWith('dispatch-conformance-run-')), args.join(' ')).toEqual([]);
  }
});

test('--fault on a real target is refused: faults belong to the embedded server', async () => {
  const run = await runCommand(CLI, ['--fault', 'stale-read'], { env: { DISPATCH_BASE_URL: 'http://127.0.0.1:9/x', DISPATCH_ACCESS_TOKEN: 't' } });
  expect(run.code).not.toBe(0);
  expectOneLine(run.stderr, /--fault, --lag-ms, --profile and --drop-every apply to the embedded server only/);
});

test('a dry run lists the planned requests and sends none', async () => {
  const stub = await stubServer(() => ({ status: 200, body: { data: {} } }));
  const env = { DISPATCH_BASE_URL: `${stub.origin}/core/api/v2/dispatch-service`, DISPATCH_ACCESS_TOKEN: 'tok-dry-run-secret', CONFORMANCE_SEED: '7' };
  const run = await runCommand(CLI, ['--dry-run'], { env });
  await stub.close();
  expect(run.code, run.stderr).toBe(0);
  expect(stub.seen).toHaveLength(0);
  expect(run.stdout).toMatch(/POST \/jobs\s+reject\s+createJob\.objectives\[\]\.objectiveRef\.maxLength/);
  expect(run.stdout).toMatch(/dry run: about \d+ requests and \d+ jobs, .* nothing was sent to the target$/m);
  // Where it would go, as whom, with which ids: a wrong .env is seen before anything is sent.
  expect(run.stdout.split('\n')[0]).toBe(`Dry run of ${env.DISPATCH_BASE_URL}: tenant "conformance" with a static token (DISPATCH_ACCESS_TOKEN); no peer (the rows that need a second tenant are untested: no-peer); job types jobtype-conformance; workflows workflow-conformance`);
  expect(run.stdout).not.toContain(env.DISPATCH_ACCESS_TOKEN);
  // What the run sends, as the suite makes it: boundary values packed, each operation's random
  // bodies as the plan gives them (a job-making one gets what the job budget leaves).
  const contract = loadContract();
  const catalogue = buildCatalogue(contract);
  const ctx = openSuite({ config: loadConfig({ envFile: '/nonexistent/.env', env }), contract, catalogue });
  let total = 0;
  try {
    for (const op of contract.operations.filter((o) => o.requestSchema)) {
      const { packs, boundaries, violations } = ctx.cases(op);
      const runs = ctx.plan().validRuns(op);
      total += packs.length + boundaries.length + violations.length + runs;
      const lines = run.stdout.split('\n').filter((l) => l.startsWith(`${op.method.padEnd(4)} ${op.path.padEnd(36)} `));
      expect(lines.filter((l) => / accept packed body \d+ of \d+ /.test(l)), op.operationId).toHaveLength(packs.length);
      expect(lines.filter((l) => l.includes(` ${op.operationId}.`)), op.operationId).toHaveLength(boundaries.length + violations.length);
      expect(lines.filter((l) => / accept +\d+ random valid bodies/.test(l)).map((l) => Number(/(\d+) random valid bodies/.exec(l)![1])), op.operationId).toEqual([runs]);
    }
    expect(ctx.cases(contract.operation('createJob')).packs.length).toBeGreaterThan(0);
  } finally {
    await ctx.close();
  }
  expect(run.stdout).toContain(`; ${total} body requests listed (`);
  expect(run.stdout).toMatch(/^Plan \(remote: what detection needs; --thorough for more\): .* at most 60 jobs/m);
  // With no target, the plan of a run on the embedded server, which the dry run does not start.
  const embedded = await runCommand(CLI, ['--dry-run'], { env: { CONFORMANCE_SEED: '7' } });
  expect(embedded.code, embedded.stderr).toBe(0);
  expect(embedded.stdout).toMatch(/^POST \/jobs +accept packed body 1 of \d+ /m);
  expect(embedded.stdout).toMatch(/^Plan: .* no job cap$/m);
  expect(embedded.stdout).toMatch(/^Dry run of the embedded reference server \(started by the run; not started now\)/);
  expect(embedded.stdout).toMatch(/dry run: about \d+ requests and \d+ jobs, .* nothing was sent to the target$/m);
});

test('the dry run counts what a run sends by rehearsing its plan: within 5% of the requests and 3 jobs of a real run on a target that conforms, with its peer or without', async () => {
  test.setTimeout(240_000);
  const server = await startServer({ quiet: true });
  try {
    for (const peer of [true, false]) {
      const env = { ...remoteTargetEnv(server, { CONFORMANCE_SEED: '28' }), ...(peer ? {} : { DISPATCH_PEER_ACCESS_TOKEN: '', DISPATCH_PEER_TENANT_ID: '', DISPATCH_PEER_JOB_TYPE_ID: '', DISPATCH_PEER_JOB_WORKFLOW_ID: '' }) };
      const dry = await runCommand(CLI, ['--dry-run'], { env });
      expect(dry.code, dry.stderr).toBe(0);
      const [, requests, jobs] = /dry run: about (\d+) requests and (\d+) jobs/.exec(dry.stdout)!.map(Number) as [number, number, number];
      const reports = freshDir(`dry-real-${peer}`);
      const real = await runCommand(CLI, [], { env: { ...env, CONFORMANCE_REPORT_DIR: reports }, timeoutMs: 110_000 });
      expect(real.code, real.stdout.slice(-2000)).toBe(0);
      const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
      expect(Math.abs(requests - report.summary.requests) / report.summary.requests, `peer ${peer}: ${requests} vs ${report.summary.requests}`).toBeLessThanOrEqual(0.05);
      expect(Math.abs(jobs - report.createdJobs.length), `peer ${peer}: ${jobs} vs ${report.createdJobs.length} jobs`).toBeLessThanOrEqual(3);
    }
  } finally {
    await server.close();
  }
});

test('--complete-created refuses a conformance.json this run did not write: one line, non-zero, and the earlier run\'s jobs are left alone', async () => {
  const token = 'complete-created-token';
  const server = await startServer({ quiet: true, accessToken: token });
  const reports = freshDir('stale');
  try {
    const created = await call(server, 'POST', '/jobs', validJob({ jobRef: 'dc-earlier-run-1' }), { 'x-coreos-access': token });
    const jobId = created.json?.data?.id as string;
    expect(jobId, created.text).toBeTruthy();
    // An earlier run's report, of this version, with another run id.
    const stale = reportOf([], { runId: 'dcearlier', target: { baseUrl: server.baseUrl, embedded: false }, startedAt: new Date(Date.now() - 3_600_000).toISOString(), createdJobs: [{ jobId, jobRef: 'dc-earlier-run-1' }] });
    const file = path.join(reports, 'conformance.json');
    fs.writeFileSync(file, JSON.stringify(stale));
    // Playwright with none of the project's reporters (--reporter line): it stops without a report of this run.
    const run = await runCommand(CLI, ['--complete-created', '--grep', 'createJob\\.jobRef\\.type$', '--reporter', 'line'], {
      env: {
        DISPATCH_BASE_URL: server.baseUrl,
        DISPATCH_ACCESS_TOKEN: token,
        DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType.join(','),
        DISPATCH_JOB_WORKFLOW_ID: SEEDED_IDS.jobWorkflow.join(','),
        CONFORMANCE_REPORT_DIR: reports,
      },
    });
    expect(run.code, run.stdout + run.stderr).not.toBe(0);
    expectOneLine(run.stderr, /^dispatch-conformance: --complete-created: .*conformance\.json is not this run's \(it is run dcearlier's, this is run dc\w+\): this run wrote no report, so nothing was completed$/);
    expect(run.stdout).not.toContain('Complete created:');
    const read = await call(server, 'GET', `/jobs/${encodeURIComponent(jobId)}`, undefined, { 'x-coreos-access': token });
    expect(read.json?.data?.status).toBeTruthy();
    expect(read.json?.data?.status).not.toBe('COMPLETED');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(stale);
  } finally {
    await server.close();
  }
});

test('a faulty target fails the run, names the broken constraint, and the seed replays the same minimal case (minimal by construction, not shrunk)', async () => {
  test.setTimeout(240_000);
  const constraint = 'createJob.objectives[].objectiveRef.maxLength';
  const runOnce = async () => {
    const reports = freshDir('reports');
    const run = await runCommand(CLI, ['--fault', `${constraint}:off-by-one`, '--grep', 'objectiveRef\\.maxLength'], {
      env: { CONFORMANCE_SEED: '4242', CONFORMANCE_REPORT_DIR: reports, CONFORMANCE_RUNS: '5' },
      timeoutMs: 180_000,
    });
    const json = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8'));
    return { run, json };
  };
  const first = await runOnce();
  expect(first.run.code).not.toBe(0);
  const out = first.run.stdout + first.run.stderr;
  expect(out).toContain(`✗ ${constraint}`);
  expect(out).toMatch(/X-COREOS-REQUEST-ID \S+/);
  expect(out).toMatch(/curl: curl -sS -X POST/);
  // The replay writes its reports to a folder of its own, leaving the run's report as it is.
  expect(out).toMatch(/replay: CONFORMANCE_SEED=4242 (CONFORMANCE_POSITION=\S+ )?CONFORMANCE_REPORT_DIR=reports\/replay npm run conformance -- --grep/);
  const row = first.json.results.find((r: { rowId: string }) => r.rowId === constraint);
  expect(row.verdict).toBe('violated');
  // The unbroken twin constraint of the other operation still conforms: the verdict is precise.
  expect(first.json.results.find((r: { rowId: string }) => r.rowId === 'updateJobById.objectives[].objectiveRef.maxLength').verdict).toBe('conforms');
  const minimal = row.evidence[0];
  // A boundary plus one is its own minimal case: the first acceptance is the evidence, nothing is shrunk.
  expect(minimal.caseDescription).not.toMatch(/minimal failing case/);
  expect(minimal.caseDescription).toMatch(/37/);
  expect(minimal.exchange.status).toBeGreaterThanOrEqual(200);
  expect(minimal.exchange.status).toBeLessThan(300);
  // The evidence is the plainest body that still fails: the members not under test are plain ASCII
  // (the base body they came from holds emoji, right-to-left text and combining marks).
  const others = JSON.stringify({ ...minimal.exchange.requestBody, objectives: minimal.exchange.requestBody.objectives.map((o: Record<string, unknown>) => ({ ...o, objectiveRef: '' })) });
  expect(others).toMatch(/^[\x20-\x7e]*$/);

  const second = await runOnce();
  const again = second.json.results.find((r: { rowId: string }) => r.rowId === constraint).evidence[0];
  const stripRefs = (b: unknown) => JSON.stringify(b).replace(/"jobRef":"[^"]*"/g, '');
  expect(stripRefs(again.exchange.requestBody)).toBe(stripRefs(minimal.exchange.requestBody));
});

test('a configured token never appears in reports, logs or curl commands', async () => {
  test.setTimeout(240_000);
  const token = 'SeCrEt-token-7d1f0c2a9b';
  const server = await startServer({ port: 0, accessToken: token, faults: ['createJob.jobTypeId.maxLength:off-by-one'], quiet: true });
  const reports = freshDir('reports');
  const run = await runCommand(CLI, ['--grep', 'createJob\\.jobTypeId|401'], {
    env: {
      DISPATCH_BASE_URL: server.baseUrl,
      DISPATCH_ACCESS_TOKEN: token,
      DISPATCH_JOB_TYPE_ID: 'jobtype-conformance',
      DISPATCH_JOB_WORKFLOW_ID: 'workflow-conformance',
      CONFORMANCE_REPORT_DIR: reports,
      CONFORMANCE_RUNS: '3',
    },
    timeoutMs: 180_000,
  });
  await server.close();
  expect(run.code).not.toBe(0); // the fault is found...
  expect(run.stdout + run.stderr).toContain('createJob.jobTypeId.maxLength');
  expect(run.stdout + run.stderr).not.toContain(token); // ...and the token is nowhere
  const files = fs.readdirSync(reports, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  expect(files.length).toBeGreaterThan(3);
  for (const f of files) {
    const text = fs.readFileSync(path.join(f.parentPath, f.name)).toString('latin1');
    expect(text.includes(token), `${f.name} holds the token`).toBe(false);
  }
});

test('run directly by Playwright (as an editor does) with no target, the suite uses one embedded server, in the runner, for all its workers', async () => {
  test.setTimeout(120_000);
  const reports = freshDir('reports');
  const run = await runCommand('node_modules/@playwright/test/cli.js', ['test', '--project=conformance', '--workers=2', '--grep', 'createJob\\.jobTypeId\\.maxLength|createJob answers 401|createJob boundary values'], {
    env: { CONFORMANCE_REPORT_DIR: reports, CONFORMANCE_RUNS: '3' },
  });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toMatch(/^ {2}3 conformance tests: 3 conform$/m);
  const json = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8'));
  expect(json.target.embedded).toBe(true);
  expect(json.results.find((r: { rowId: string }) => r.rowId === 'createJob.jobTypeId.maxLength').verdict).toBe('conforms');
  expect(json.results.find((r: { rowId: string }) => r.rowId === 'check:auth.createJob').verdict).toBe('conforms');
  // Two workers (their request ids carry their process ids), one server: every request went to one origin.
  const har = JSON.parse(fs.readFileSync(path.join(reports, 'exchanges.har'), 'utf8')) as { log: { entries: { request: { url: string; headers: { name: string; value: string }[] } }[] } };
  const workers = new Set(har.log.entries.map((e) => e.request.headers.find((h) => h.name === 'x-coreos-request-id')!.value.split('-')[1]));
  expect(workers.size).toBe(2);
  expect(new Set(har.log.entries.map((e) => new URL(e.request.url).origin)).size).toBe(1);
});

test('a systemic violation (201, which no page documents) fails the run and is named, without failing every constraint test', async () => {
  test.setTimeout(120_000);
  const reports = freshDir('reports');
  const run = await runCommand(CLI, ['--fault', 'wrong-success-status', '--grep', 'createJob boundary values'], { env: { CONFORMANCE_REPORT_DIR: reports } });
  expect(run.code).not.toBe(0);
  expect(run.stdout).toMatch(/^ {2}1 conformance test: 1 found a violation$/m);
  expect(run.stdout).toContain('Conformance: ✗ check:documented-status.createJob: createJob answered 201');
  // Its block names where the rule comes from by its provenance: OS1's reference, not the how-to page.
  expect(run.stdout).toMatch(/Conformance: ✗ check:documented-status\.createJob: .*\n(  .*\n)*  reference: OS1's API reference: a write is answered 200 or 202/);
  expect(run.stdout).not.toMatch(/^  documented: OS1's API reference/m);
  const json = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8'));
  // Its boundary values were accepted; its own test did not run: not failed, and not conforming either.
  const row = json.results.find((r: { rowId: string }) => r.rowId === 'createJob.jobTypeId.maxLength');
  expect(row).toMatchObject({ verdict: 'untested', reasons: [{ code: 'partial' }] });
  expect(row.cases.accept).toBeGreaterThan(0);
});

test('exit codes mean one thing each, listed in --help; an unknown option is refused before the target, with "did you mean"', async () => {
  const help = await runCommand(CLI, ['--help']);
  expect(help.code).toBe(0);
  for (const line of [/^\s+0\s+the target conforms/m, /^\s+1\s+the target fails/m, /^\s+2\s+usage or configuration error/m, /^\s+3\s+the target could not be reached/m, /^\s+130\s+the run was interrupted/m]) expect(help.stdout).toMatch(line);
  const typo = await runCommand(CLI, ['--thorogh'], { env: { DISPATCH_BASE_URL: 'http://127.0.0.1:9/core/api/v2/dispatch-service', DISPATCH_ACCESS_TOKEN: 't' } });
  expect(typo.code).toBe(2);
  expectOneLine(typo.stderr, /^dispatch-conformance: unknown option --thorogh; did you mean --thorough\?/);
  // Refused before anything else: no target line, no plan line.
  expect(typo.stdout).toBe('');
  // Playwright's own options go through.
  const dry = await runCommand(CLI, ['--dry-run', '--grep', 'createJob\\.jobRef\\.type'], {});
  expect(dry.code, dry.stderr).toBe(0);
});

test('the console of a failing run tells each failure once, with no assertion diff or stack trace, and ends with the verdict its exit code gives', async () => {
  test.setTimeout(120_000);
  const reports = freshDir('reports');
  const run = await runCommand(CLI, ['--fault', 'createJob.jobRef.maxLength:off-by-one', '--grep', 'createJob\\.jobRef'], { env: { CONFORMANCE_SEED: '9', CONFORMANCE_REPORT_DIR: reports } });
  expect(run.code).toBe(1);
  const out = run.stdout + run.stderr;
  expect(out.split('✗ createJob.jobRef.maxLength').length - 1).toBe(1);
  expect(out).toContain('X-COREOS-REQUEST-ID');
  expect(out).not.toMatch(/expect\(received\)|^\s+at .+:\d+:\d+\)?$/m);
  expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Conformance ended: FAIL \(exit 1\): 1 violated/);
});

test('a --grep that matches no test is a usage error: one line, exit 2, before the target, and the same for a dry run', async () => {
  for (const args of [['--grep', 'no such conformance test'], ['--dry-run', '--grep', 'no such conformance test']]) {
    const run = await runCommand(CLI, args, { env: { CONFORMANCE_REPORT_DIR: freshDir('no-match') } });
    expect(run.code, args.join(' ')).toBe(2);
    expectOneLine(run.stderr, /^dispatch-conformance: no conformance test matches what was asked \(--grep no such conformance test\): npx playwright test --project=conformance --list shows every title$/);
    // Before the target: no embedded server started, no plan.
    expect(run.stdout).toBe('');
  }
  // Run directly, Playwright's own words are said the same way (the console reporter).
  const direct = await runCommand('node_modules/@playwright/test/cli.js', ['test', '--project=conformance', '--grep', 'no such conformance test'], { env: { CONFORMANCE_REPORT_DIR: freshDir('no-match-direct') } });
  expect(direct.stdout).toContain('Conformance: no conformance test matches what was asked (--grep no such conformance test): npx playwright test --project=conformance --list shows every title');
});
