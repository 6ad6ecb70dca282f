/**
 * Trust from outside (issue 26): no false alarm on a stack nobody here wrote, and no PASS that a
 * broken peer token bought.
 *
 * - Express's own JSON body parser in front of the reference behaviour: a correct target built the
 *   way mainstream Node stacks parse JSON passes, its parsing leeway listed as deviations.
 * - The lenient profile (everything RFC 8259 lets a parser take, as mainstream stacks do): 0
 *   violations, each leeway a deviation naming the stacks that take it; --strict fails on them.
 * - A body with no JSON value taken is a violation; the malformed-body verdict does not hang on
 *   the seed.
 * - The peer is preflighted (a token the target refuses is one line and exit 2); a refusal counts
 *   only when the peer's token works on its own job; an acceptance that changed nothing, where the
 *   target takes unknown ids anyway, is that row's knock-on.
 * - One seed and one run id when the suite is run directly with several workers; fail closed on a
 *   job ledger or a .env that cannot be read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { test, expect } from '@playwright/test';
import { embeddedSuite } from '../../src/targets/embedded.ts';
import { loadConfig } from '../../src/config/config.ts';
import { projectRoot } from '../../src/contract/index.ts';
import { CHECKS, type ConformanceReport, type ResultRecord } from '../../src/results/model.ts';
import { startServer, type ProfileName, type RunningServer } from '../../src/server/index.ts';
import { JobBudget, JobLedgerFailed } from '../../src/suite/jobs/job-budget.ts';
import { RunDir } from '../../src/suite/run/run-dir.ts';
import { runAll } from './helpers/run-steps.ts';
import { openSuite } from '../../src/suite/run/open.ts';
import { Recorder } from '../../src/suite/record/recorder.ts';
import { falseAlarmsOf } from '../../src/results/fault-outcome.ts';
import { freshDir } from './fixtures/reporters/run-fixture.ts';
import { runCommand } from './helpers/cli.ts';
import { startExpressTarget } from './targets/express.ts';
import { remoteTargetEnv } from './targets/remote.ts';

const CLI = 'src/cli/conformance.ts';
const readReport = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
const brokenRows = (report: ConformanceReport, verdict: 'violated' | 'deviation') => report.results.filter((r) => r.verdict === verdict).map((r) => r.rowId).sort();
const MALFORMED_ROWS = ['changeJobStatus', 'changeJobSubStatus', 'changeJobsSubStatus', 'createJob', 'createJobAttributes', 'updateJob', 'updateJobById'].map((op) => `${CHECKS.malformedBody}.${op}`);

/** Starts a target, runs `fn` on it, and closes it whatever happens. */
async function withTarget<T>(start: () => Promise<RunningServer>, fn: (server: RunningServer) => Promise<T>): Promise<T> {
  const server = await start();
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

test.describe('a stack nobody here wrote', () => {
  test("Express's own JSON parser in front of the reference behaviour: npm run conformance passes, its leeway listed as deviations", async () => {
    test.setTimeout(180_000);
    const reports = freshDir('express');
    const run = await withTarget(
      () => startExpressTarget({ quiet: true }),
      (server) => runCommand(CLI, [], { env: { ...remoteTargetEnv(server), CONFORMANCE_SEED: '26', CONFORMANCE_REPORT_DIR: reports }, timeoutMs: 170_000 }),
    );
    expect(run.code, run.stdout.slice(-3000) + run.stderr).toBe(0);
    const report = readReport(reports);
    expect(brokenRows(report, 'violated')).toEqual([]);
    expect(report.errors).toEqual([]);
    // What Express's parser takes: a byte-order mark (iconv-lite strips it) and invalid UTF-8
    // (replaced with U+FFFD) on every operation with a body, and its 100 KiB default limit (413).
    expect(brokenRows(report, 'deviation')).toEqual([`${CHECKS.bodySize}.updateJobById`, ...MALFORMED_ROWS].sort());
    const malformed = report.results.find((r) => r.rowId === `${CHECKS.malformedBody}.createJob`)!;
    expect(malformed.evidence.map((e) => e.actual)).toEqual(['accepted with 202 for a byte-order mark', 'accepted with 202 for invalid UTF-8']);
    expect(malformed.evidence.every((e) => e.provenance === 'assumed' && e.notes?.some((n) => n.includes('RFC 8259 section 9')))).toBe(true);
    const size = report.results.find((r) => r.rowId === `${CHECKS.bodySize}.updateJobById`)!;
    expect(size.evidence[0]).toMatchObject({ provenance: 'assumed', exchange: { status: 413 } });
    expect(size.evidence[0]!.actual).toMatch(/rejected with 413 for a valid body of 64 items .*the largest accepted: 200 items/);
  });

  test('a stack that keeps jobRef unique (409 for one its tenant has): npm run conformance passes, and no jobRef goes out twice but the repeated-create probe\'s, on purpose', async () => {
    test.setTimeout(180_000);
    const reports = freshDir('unique-refs');
    const run = await withTarget(
      () => startExpressTarget({ quiet: true, profile: 'os1', uniqueJobRefs: true }),
      (server) => runCommand(CLI, [], { env: { ...remoteTargetEnv(server), CONFORMANCE_SEED: '5555', CONFORMANCE_REPORT_DIR: reports }, timeoutMs: 170_000 }),
    );
    const report = readReport(reports);
    expect(brokenRows(report, 'violated'), run.stdout.slice(-3000)).toEqual([]);
    expect(run.code).toBe(0);
    // The target did refuse a jobRef again: the probe that sends one on purpose met its 409, and took it as the refusal its rule allows.
    const repeated = report.results.find((r) => r.rowId === `${CHECKS.repeatedCreate}.createJob`)!;
    expect(repeated.verdict).toBe('conforms');
    expect(repeated.attempts?.find((a) => a.as === 'existing-jobRef')?.status).toBe(409);
    // Every job the run made has a jobRef of its own: the number-edges packs and the malformed bodies a lenient parser takes included.
    const refs = report.createdJobs.map((j) => j.jobRef).filter((r): r is string => typeof r === 'string' && r !== '');
    expect(refs.length).toBeGreaterThan(20);
    expect(refs.filter((r, i) => refs.indexOf(r) !== i)).toEqual([]);
  });

  test('the lenient profile: 0 violations, each leeway a deviation that names who takes it; --strict fails on them', async () => {
    test.setTimeout(180_000);
    const reports = freshDir('lenient');
    const run = await runCommand(CLI, ['--profile', 'lenient'], { env: { CONFORMANCE_SEED: '26', CONFORMANCE_REPORT_DIR: reports }, timeoutMs: 170_000 });
    expect(run.code, run.stdout.slice(-3000) + run.stderr).toBe(0);
    const report = readReport(reports);
    expect(brokenRows(report, 'violated')).toEqual([]);
    expect(brokenRows(report, 'deviation')).toEqual(MALFORMED_ROWS);
    // Answered 200 for 202, with members of its own, and a bulk answer without data: no finding at all.
    for (const id of ['check:documented-status.changeJobsSubStatus', 'check:success-envelope.changeJobsSubStatus', 'check:success-envelope.createJob', 'check:success-envelope.getJob']) {
      expect(report.results.find((r) => r.rowId === id)?.verdict, id).toBe('conforms');
    }
    const taken = report.results.find((r) => r.rowId === `${CHECKS.malformedBody}.updateJobById`)!;
    expect(taken.evidence.length).toBeGreaterThan(1);
    for (const e of taken.evidence) {
      expect(e.provenance).toBe('assumed');
      expect(e.notes?.join(' ')).toMatch(/RFC 8259 section 9: "a JSON parser MAY accept non-JSON forms or extensions", and mainstream stacks do \((Jackson|Go|Python|Node|RFC|many)/);
    }
    const strict = await runCommand(CLI, ['--profile', 'lenient', '--strict', '--grep', 'rejects a body that is not JSON'], { env: { CONFORMANCE_SEED: '26', CONFORMANCE_REPORT_DIR: freshDir('lenient-strict') }, timeoutMs: 120_000 });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(`Conformance: FAIL (strict): ${MALFORMED_ROWS.length} violated`);
  });

  test('a body with no JSON value that is taken is a violation of the required members; a taken form a deviation beside it', async () => {
    const s = await embeddedSuite({ faults: ['malformed-json-202'], settings: { CONFORMANCE_SEED: '3' } });
    try {
      await runAll(s.ctx, s.recorder, { only: (step) => step.owns.includes(`${CHECKS.malformedBody}.changeJobSubStatus`) });
    } finally {
      await s.close();
    }
    const row = s.recorder.records().find((r) => r.rowId === `${CHECKS.malformedBody}.changeJobSubStatus`)!;
    expect(row.verdict).toBe('violated');
    expect(row.evidence.map((e) => `${e.actual} [${e.provenance}]`)).toEqual([
      'accepted with 202 for truncated JSON [documented]',
      'accepted with 202 for not JSON at all [documented]',
      'accepted with 202 for an empty body [documented]',
    ]);
    expect(row.evidence[0]!.notes).toEqual(['a body with no JSON value carries none of the required members: taking it takes a request without them']);
  });

  for (const [name, start] of [
    ['the lenient profile', () => startServer({ quiet: true, profile: 'lenient' as ProfileName })],
    ["Express's parser", () => startExpressTarget({ quiet: true })],
  ] as const) {
    test(`the malformed-body verdicts on ${name} are the same at 10 seeds`, async () => {
      test.setTimeout(120_000);
      const seen = new Set<string>();
      await withTarget(start, async (server) => {
        for (let seed = 1; seed <= 10; seed++) {
          const ctx = openOn(server, seed);
          try {
            await runAll(ctx.ctx, ctx.recorder, { only: (step) => step.owns.some((id) => id.startsWith(`${CHECKS.malformedBody}.`)) });
          } finally {
            await ctx.close();
          }
          const verdicts = ctx.recorder.records().filter((r) => r.rowId.startsWith(`${CHECKS.malformedBody}.`)).map((r) => `${r.rowId} ${r.verdict} ${r.evidence.map((e) => e.actual).join(', ')}`);
          expect(verdicts).toHaveLength(MALFORMED_ROWS.length);
          seen.add(verdicts.join('\n'));
        }
      });
      expect([...seen]).toHaveLength(1);
      expect([...seen][0]).not.toContain('violated');
    });
  }
});

/** The suite opened in this process on a server of the tests' own, as on a remote target. */
function openOn(server: RunningServer, seed: number, overrides: Record<string, string> = {}) {
  const config = loadConfig({ envFile: '/nonexistent/.env', env: remoteTargetEnv(server, { CONFORMANCE_SEED: String(seed), ...overrides }) });
  const ctx = openSuite({ config, share: 1 });
  return { ctx, recorder: new Recorder(ctx.contract), close: () => ctx.close() };
}

test.describe('the peer, and one finding per cause', () => {
  test('a peer token the target refuses is one line and exit 2, before any test', async () => {
    const run = await withTarget(
      () => startServer({ quiet: true }),
      (server) => runCommand(CLI, [], { env: { ...remoteTargetEnv(server, { DISPATCH_PEER_ACCESS_TOKEN: 'a-rotated-peer-token' }), CONFORMANCE_REPORT_DIR: freshDir('bad-peer') } }),
    );
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^dispatch-conformance: the target refused the peer's token on its own tenant \(401 to GET .*\): a refusal it gets on the run's job says nothing of tenant isolation; check DISPATCH_PEER_ACCESS_TOKEN and DISPATCH_PEER_TENANT_ID$/m);
    expect(run.stderr).not.toContain('a-rotated-peer-token');
    expect(run.stdout).not.toContain('Running');
  });

  /** The tenant-isolation rows of a run of the API1 step alone against `server`. */
  async function isolationRows(server: RunningServer, overrides: Record<string, string> = {}): Promise<ResultRecord[]> {
    const ctx = openOn(server, 26, overrides);
    try {
      await runAll(ctx.ctx, ctx.recorder, { only: (step) => step.owns.includes(CHECKS.tenantBinding) });
    } finally {
      await ctx.close();
    }
    expect(ctx.recorder.errors).toEqual([]);
    return ctx.recorder.records().filter((r) => r.rowId.startsWith(CHECKS.tenantIsolation) || r.rowId === CHECKS.tenantBinding);
  }

  test('run directly with a wrong peer token against a leaking target, no isolation row conforms: each is untested and says why', async () => {
    const rows = await withTarget(() => startServer({ quiet: true, faults: ['read-ignores-tenant'] }), (server) => isolationRows(server, { DISPATCH_PEER_ACCESS_TOKEN: 'a-rotated-peer-token' }));
    expect(rows.length).toBeGreaterThan(6);
    for (const r of rows) {
      expect(r.verdict, r.rowId).toBe('untested');
      expect(r.reasons?.map((x) => x.code), r.rowId).toContain('peer-token');
    }
  });

  test('with a working peer the same leak is caught, and every refusal the peer got is judged against its own job', async () => {
    const leaking = await withTarget(() => startServer({ quiet: true, faults: ['read-ignores-tenant'] }), (server) => isolationRows(server));
    expect(leaking.find((r) => r.rowId === `${CHECKS.tenantIsolation}.getJob`)?.verdict).toBe('violated');
    const correct = await withTarget(() => startServer({ quiet: true }), (server) => isolationRows(server));
    expect(correct.filter((r) => r.verdict !== 'conforms').map((r) => r.rowId)).toEqual([]);
  });

  test('a peer that may not make a job of its own (its tenant\'s job type not configured) proves its token on an id that names nothing, and the rows say so', async () => {
    const rows = await withTarget(() => startServer({ quiet: true }), (server) => isolationRows(server, { DISPATCH_PEER_JOB_TYPE_ID: 'jobtype-conformance', DISPATCH_PEER_JOB_WORKFLOW_ID: 'workflow-conformance' }));
    expect(rows.filter((r) => r.verdict !== 'conforms').map((r) => r.rowId)).toEqual([]);
    for (const r of rows) expect(r.reasons?.find((x) => x.code === 'not-configured')?.text, r.rowId).toMatch(/^the peer's refusals count on its token reading an id that names nothing as 404 \(not on a job of its own: the peer could not create a job of its own \(createJob as tenant conformance-peer answered 400/);
  });

  test('npm run conformance says before any test when the peer could not make a job of its own, and what to set, and its reports say it again', async () => {
    test.setTimeout(120_000);
    const reports = freshDir('peer-note');
    const run = await withTarget(
      () => startServer({ quiet: true }),
      (server) => runCommand(CLI, ['--grep', 'API1'], { env: { ...remoteTargetEnv(server, { CONFORMANCE_SEED: '26' }), DISPATCH_PEER_JOB_TYPE_ID: 'jobtype-conformance', DISPATCH_PEER_JOB_WORKFLOW_ID: 'workflow-conformance', CONFORMANCE_REPORT_DIR: reports } }),
    );
    expect(run.code, run.stdout.slice(-2000)).toBe(0);
    const lines = run.stdout.split('\n');
    const note = lines.findIndex((l) => /^Peer: the peer could not create a job of its own \(createJob as tenant conformance-peer answered 400.*check DISPATCH_PEER_JOB_TYPE_ID \("jobtype-conformance"\).*an id that names nothing/.test(l));
    expect(note, run.stdout.slice(0, 2000)).toBeGreaterThanOrEqual(0);
    expect(note).toBeLessThan(lines.findIndex((l) => l.startsWith('Target ')));
    // And where CI looks: the console's closing lines, summary.md and conformance.json.
    const closing = lines.findIndex((l) => /^Conformance: Peer: the peer could not create a job of its own .*DISPATCH_PEER_JOB_TYPE_ID/.test(l));
    expect(closing).toBeGreaterThan(lines.findIndex((l) => /^Conformance: PASS/.test(l)));
    expect(readReport(reports).peerNote).toMatch(/^the peer could not create a job of its own/);
    expect(fs.readFileSync(path.join(reports, 'summary.md'), 'utf8')).toMatch(/^Peer: the peer could not create a job of its own .*DISPATCH_PEER_JOB_TYPE_ID/m);
  });

  test('without a peer, the console and summary.md say why the isolation rows are untested (no-peer), and the counts add up', async () => {
    test.setTimeout(120_000);
    const reports = freshDir('no-peer-untested');
    const run = await withTarget(
      () => startServer({ quiet: true }),
      (server) => runCommand(CLI, ['--grep', 'API1'], { env: { ...remoteTargetEnv(server, { CONFORMANCE_SEED: '26' }), DISPATCH_PEER_ACCESS_TOKEN: '', DISPATCH_PEER_TENANT_ID: '', DISPATCH_PEER_JOB_TYPE_ID: '', DISPATCH_PEER_JOB_WORKFLOW_ID: '', CONFORMANCE_REPORT_DIR: reports } }),
    );
    expect(run.code, run.stdout.slice(-2000)).toBe(0);
    const report = readReport(reports);
    expect(report.summary.untested).toBeGreaterThan(6);
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('Conformance: ○ '));
    expect(lines.map((l) => Number(/^Conformance: ○ (\d+) untested/.exec(l)?.[1])).reduce((a, b) => a + b, 0)).toBe(report.summary.untested);
    expect(lines.find((l) => l.includes('untested (no-peer): '))).toMatch(/^Conformance: ○ 9 untested \(no-peer\): check:tenant-\S+, .*\(9 in all\); first: check:tenant-\S+: .*set DISPATCH_PEER_ACCESS_TOKEN/);
    const md = fs.readFileSync(path.join(reports, 'summary.md'), 'utf8');
    expect(md).toContain('Untested rows, by why');
    expect(md).toMatch(/^- \d+ untested \(no-peer\): /m);
  });

  test('a peer refused only on the run\'s job by a token that stopped working mid-probe is not counted as a refusal', async () => {
    // The peer's token works for its own job at the start, then the target revokes it: every later refusal is its token's.
    const rows = await withTarget(
      () => startServer({ quiet: true }),
      async (server) => {
        const ctx = openOn(server, 26);
        const send = ctx.ctx.client.send.bind(ctx.ctx.client);
        let peerRequests = 0;
        ctx.ctx.client.send = (op, o = {}) => {
          // After its own job is made and read, the peer's token is swapped for one the target never issued.
          if (o.identity?.tenantId === server.credentials.peerTenantId && ++peerRequests > 2) return send(op, { ...o, identity: { ...o.identity, token: 'revoked-peer-token' } });
          return send(op, o);
        };
        try {
          await runAll(ctx.ctx, ctx.recorder, { only: (step) => step.owns.includes(CHECKS.tenantBinding) });
        } finally {
          await ctx.close();
        }
        return ctx.recorder.records().filter((r) => r.rowId.startsWith(CHECKS.tenantIsolation));
      },
    );
    const jobRows = rows.filter((r) => !r.rowId.endsWith('Attributes'));
    expect(jobRows.length).toBe(6);
    for (const r of jobRows) {
      expect(`${r.rowId} ${r.verdict} ${r.reasons?.map((x) => x.code).join(',')}`).toBe(`${r.rowId} untested peer-token`);
      expect(r.attempts?.map((a) => a.as), r.rowId).toEqual(['peer']);
    }
  });

  test('updateJob answering 202 for an unknown jobRef raises its own row, and no security row', async () => {
    test.setTimeout(120_000);
    const s = await embeddedSuite({ faults: ['updateJob:unknown-jobRef-202'], remote: true, settings: { CONFORMANCE_SEED: '26' } });
    try {
      await runAll(s.ctx, s.recorder);
    } finally {
      await s.close();
    }
    const rows = s.recorder.records();
    expect(falseAlarmsOf(rows, []).map((r) => r.rowId)).toEqual([`${CHECKS.unknownId}.updateJob`]);
    const isolation = rows.find((r) => r.rowId === `${CHECKS.tenantIsolation}.updateJob`)!;
    expect(isolation.verdict).toBe('untested');
    expect(isolation.reasons?.find((x) => x.code === 'knock-on')?.root).toBe(`${CHECKS.unknownId}.updateJob`);
  });

  for (const [fault, verdicts] of [
    ['stale-read', { root: 'violated', probes: 'knock-on' }],
    ['stale-write-back', { root: 'conforms', probes: 'own' }],
  ] as const) {
    test(`${fault}: the state probes tell a stale read from a lost write`, async () => {
      test.setTimeout(120_000);
      const s = await embeddedSuite({ faults: [fault], remote: true, settings: { CONFORMANCE_SEED: '7', DISPATCH_CONSISTENCY_MS: '500' } });
      try {
        await runAll(s.ctx, s.recorder, { only: (step) => step.file === 'concurrency' });
      } finally {
        await s.close();
      }
      const rows = s.recorder.records();
      const row = (id: string) => rows.find((r) => r.rowId === id);
      const writes = row(CHECKS.concurrentWrites)!;
      if (verdicts.probes === 'knock-on') {
        // Reads that show no write at all: one root finding, the probes that needed a read its knock-ons.
        expect(row(`${CHECKS.readAfterWrite}.changeJobSubStatus`)?.verdict).toBe(verdicts.root);
        expect(row(`${CHECKS.readAfterWrite}.changeJobSubStatus`)?.evidence[0]?.actual).toMatch(/does not show within DISPATCH_CONSISTENCY_MS \(500 ms\) either .*reads show no acknowledged write/);
        for (const r of [writes, row(CHECKS.roundTrip)!]) {
          expect(r.verdict, r.rowId).toBe('untested');
          expect(r.reasons?.find((x) => x.code === 'knock-on')?.root, r.rowId).toBe(`${CHECKS.readAfterWrite}.changeJobSubStatus`);
        }
      } else {
        expect(row(`${CHECKS.readAfterWrite}.changeJobSubStatus`)).toBeUndefined();
        expect(writes.verdict).toBe('violated');
        expect(writes.evidence[0]?.actual).toMatch(/and again after a further window, while a sub-status change sent alone shows: a write was lost/);
      }
    });
  }
});

test.describe('one run, and fail closed', () => {
  test('run directly with 2 workers and no seed given: one seed and one run id for every test', async () => {
    test.setTimeout(120_000);
    const reports = freshDir('direct');
    const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
    const run = await runCommand(path.relative(projectRoot, cli), ['test', '--project=conformance', '--workers=2', '--grep', 'random valid bodies|answers 401'], { env: { CONFORMANCE_REPORT_DIR: reports } });
    expect(run.code, run.stdout.slice(-2000)).toBe(0);
    const report = readReport(reports);
    expect(report.errors).toEqual([]);
    const har = JSON.parse(fs.readFileSync(path.join(reports, 'exchanges.har'), 'utf8')) as { log: { _runId: string; entries: { _requestId: string; _test?: string }[] } };
    expect(har.log._runId).toBe(report.runId);
    // Both workers' requests carry the one run id (request ids are <run id>-<pid>-<n>), from at least two processes.
    expect(new Set(har.log.entries.map((e) => e._requestId.split('-')[0]))).toEqual(new Set([report.runId]));
    expect(new Set(har.log.entries.map((e) => e._requestId.split('-')[1])).size).toBe(2);
  });

  test('a job ledger that cannot be read or written stops job creation: one error, then every reservation refused with why', () => {
    const dir = new RunDir(`ledger-${process.pid}-${Date.now()}`);
    try {
      // The ledger's path taken by a folder: it can be neither appended to nor read.
      fs.mkdirSync(dir.file('jobs-1of1'), { recursive: true });
      const budget = new JobBudget(60, dir);
      expect(() => budget.take()).toThrow(JobLedgerFailed);
      expect(() => budget.take()).not.toThrow();
      expect(budget.take()).toBeUndefined();
      expect(budget.takeViolation()).toBeUndefined();
      expect(budget.reason()).toMatchObject({ code: 'budget', text: expect.stringMatching(/^the job ledger .*jobs-1of1 cannot be read or written \(EISDIR\): no job is created, so the cap \(DISPATCH_MAX_JOBS 60\) holds/) });
    } finally {
      dir.remove();
    }
  });

  test('a .env that is there but cannot be read is one line and exit 2, not ignored', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-env-'));
    fs.mkdirSync(path.join(cwd, '.env'));
    expect(() => loadConfig({ envFile: path.join(cwd, '.env'), env: {} })).toThrow(/\.env cannot be read \(EISDIR\): make it a readable file, or remove it/);
    const run = await runCommand(CLI, ['--dry-run'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^dispatch-conformance: .*\.env cannot be read \(EISDIR\): make it a readable file, or remove it to use the environment alone$/);
  });
});
