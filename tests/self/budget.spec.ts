/**
 * Hard budgets whatever the target does: against the reference server made lenient (a writing
 * operation that accepts every missing member, or every wrong type), a default remote run fails,
 * creates at most DISPATCH_MAX_JOBS (60) jobs and 1,400 requests, and leaves no row untested for a
 * budget reason: accepted violations spend only the violation phase's share, and packs of them
 * cost one job for many rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import { embeddedSuite } from '../../src/targets/embedded.ts';
import { CHECKS, type ConformanceReport } from '../../src/results/model.ts';
import { listFaults, SEEDED_IDS, startServer } from '../../src/server/index.ts';
import { runAll } from './helpers/run-steps.ts';
import { runCommand } from './helpers/cli.ts';

const contract = loadContract();
const catalogue = buildCatalogue(contract);
const lenient = listFaults().filter((f) => f.family === 'lenient');
const SEED = '4242';

test('the reference server has lenient faults on each of the seven writing operations', () => {
  expect(lenient.length).toBeGreaterThanOrEqual(12);
  expect(new Set(lenient.map((f) => f.detectedBy)).size).toBe(7);
});

for (const fault of lenient) {
  test(`${fault.name}: caught within 60 jobs and 1,400 requests, no row untested for the budget`, async () => {
    const t = await embeddedSuite({ faults: [fault.name], remote: true, contract, catalogue, settings: { CONFORMANCE_SEED: SEED, DISPATCH_CONSISTENCY_MS: '1000' } });
    try {
      await runAll(t.ctx, t.recorder);
    } finally {
      await t.close();
    }
    const rows = t.recorder.records();
    expect(t.ctx.config.maxJobs).toBe(60);
    expect(t.ctx.jobs.created.length).toBeLessThanOrEqual(60);
    expect(t.ctx.client.requests).toBeLessThanOrEqual(1400);
    expect(rows.filter((r) => r.verdict === 'violated' && r.rowId.startsWith(`${fault.detectedBy}.`)).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.reasons?.some((x) => x.code === 'budget')).map((r) => r.rowId)).toEqual([]);
  });
}

test('a target lenient on every writing operation at once (all 14 faults): caught within 60 jobs and 1,400 requests, every check and constraint row judged that an unfaulted run judges', async () => {
  test.setTimeout(180_000);
  const run = async (faults: string[]) => {
    const t = await embeddedSuite({ faults, remote: true, contract, catalogue, settings: { CONFORMANCE_SEED: SEED, DISPATCH_CONSISTENCY_MS: '1000' } });
    try {
      await runAll(t.ctx, t.recorder);
    } finally {
      await t.close();
    }
    return { rows: t.recorder.records(), jobs: t.ctx.jobs.created.length, requests: t.ctx.client.requests };
  };
  const all = await run(lenient.map((f) => f.name));
  const clean = await run([]);
  expect(all.jobs).toBeLessThanOrEqual(60);
  expect(all.requests).toBeLessThanOrEqual(1400);
  // Each fault is caught on its own rows.
  for (const f of lenient) expect(all.rows.some((r) => r.verdict === 'violated' && r.rowId.startsWith(`${f.detectedBy}.`)), f.name).toBe(true);
  expect(all.rows.filter((r) => r.reasons?.some((x) => x.code === 'budget')).map((r) => `${r.rowId} ${r.verdict} ${r.reasons?.map((x) => x.text).join(' | ')}`)).toEqual([]);
  // Nothing an unfaulted run judges is left untested (the 401, header and body-format checks of the
  // completing operations included), but a row whose finding is another's, violated here (a knock-on:
  // the peer's updateJob taken because updateJob takes any unknown jobRef).
  const violated = new Set(all.rows.filter((r) => r.verdict === 'violated').map((r) => r.rowId));
  const knockOn = (r: (typeof all.rows)[number]) => r.reasons?.some((x) => x.code === 'knock-on' && x.root !== undefined && violated.has(x.root));
  const untested = (rows: typeof all.rows) => rows.filter((r) => r.verdict === 'untested' && !knockOn(r)).map((r) => r.rowId).sort();
  expect(untested(all.rows)).toEqual(untested(clean.rows));
  expect(all.rows.filter(knockOn).map((r) => r.rowId)).toEqual([`${CHECKS.tenantIsolation}.updateJob`]);
});

test('as users run it (npm run conformance, 2 workers): createJob accepting every wrong type stays within the budgets', async () => {
  test.setTimeout(180_000);
  const server = await startServer({ quiet: true, accessToken: 'tok-budget', faults: ['createJob:accepts-wrong-types'] });
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-budget-'));
  try {
    const run = await runCommand('src/cli/conformance.ts', [], {
      env: {
        DISPATCH_BASE_URL: server.baseUrl,
        DISPATCH_ACCESS_TOKEN: 'tok-budget',
        DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType.join(','),
        DISPATCH_JOB_WORKFLOW_ID: SEEDED_IDS.jobWorkflow.join(','),
        DISPATCH_RATE_LIMIT: '1000000',
        CONFORMANCE_SEED: SEED,
        CONFORMANCE_REPORT_DIR: reports,
      },
      timeoutMs: 170_000,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/kept for violations the target accepts/);
    const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
    expect(report.createdJobs.length).toBeLessThanOrEqual(60);
    expect(report.summary.requests).toBeLessThanOrEqual(1400);
    // Every createJob row is judged: the violations spend only their share. (With 2 workers on a
    // loaded machine, a late probe's create may still find the cap reached: the cap holds first.)
    expect(report.results.filter((r) => r.operationId === 'createJob' && r.category === 'constraint' && r.reasons?.some((x) => x.code === 'budget')).map((r) => r.rowId)).toEqual([]);
    // Several type rows are violated on one packed request, one job for all of them.
    expect(report.results.filter((r) => r.verdict === 'violated' && r.evidence.some((e) => /accepted in one body with \d+ other/.test(e.caseDescription ?? ''))).length).toBeGreaterThan(2);
  } finally {
    await server.close();
    fs.rmSync(reports, { recursive: true, force: true });
  }
});

// A probe that sends one request in several forms (without credentials, with each altered token,
// as each malformed text) on createJob: each form the target takes makes a job, so each holds a
// job of the ledger. Sharing one, a refused form gave it back and a taken one after it made a job
// the cap did not count.
for (const fault of ['any-token', 'token-prefix-match', 'lenient-json']) {
  test(`${fault}: every job the run made holds a job of the ledger, so the cap counts it`, async () => {
    const t = await embeddedSuite({ faults: [fault], remote: true, contract, catalogue, settings: { CONFORMANCE_SEED: SEED, DISPATCH_CONSISTENCY_MS: '1000' } });
    try {
      await runAll(t.ctx, t.recorder);
      expect(t.ctx.jobs.created.length).toBeLessThan(t.ctx.jobs.budget.cap);
      expect(t.ctx.jobs.budget.used()).toBe(t.ctx.jobs.created.length);
    } finally {
      await t.close();
    }
  });
}

test('npm run conformance: the preflight job counts against DISPATCH_MAX_JOBS with the workers\' jobs', async () => {
  test.setTimeout(120_000);
  const server = await startServer({ quiet: true, accessToken: 'tok-cap' });
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-cap-'));
  try {
    const run = await runCommand('src/cli/conformance.ts', ['--grep', 'createJob'], {
      env: {
        DISPATCH_BASE_URL: server.baseUrl,
        DISPATCH_ACCESS_TOKEN: 'tok-cap',
        DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType.join(','),
        DISPATCH_JOB_WORKFLOW_ID: SEEDED_IDS.jobWorkflow.join(','),
        DISPATCH_RATE_LIMIT: '1000000',
        DISPATCH_MAX_JOBS: '6',
        CONFORMANCE_SEED: SEED,
        CONFORMANCE_REPORT_DIR: reports,
      },
      timeoutMs: 110_000,
    });
    const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
    expect(report.createdJobs.map((j) => j.jobRef).some((r) => r.endsWith('-preflight')), run.stdout.slice(-500)).toBe(true);
    // The run wants more than 6 (some rows are left untested for the budget): the cap is what stops it.
    expect(report.results.some((r) => r.reasons?.some((x) => x.code === 'budget'))).toBe(true);
    expect(report.createdJobs.length).toBe(6);
  } finally {
    await server.close();
    fs.rmSync(reports, { recursive: true, force: true });
  }
});
