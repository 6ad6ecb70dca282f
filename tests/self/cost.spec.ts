/**
 * Cheap on staging: jobs are a budget shared by workers and shards, boundary values travel packed
 * in few bodies, a remote target gets what detection needs by default, and `--complete-created`
 * leaves every job the run made COMPLETED.
 */
import { embeddedSuite } from '../../src/targets/embedded.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { loadConfig } from '../../src/config/config.ts';
import { buildCatalogue, getAtPointer, loadContract } from '../../src/contract/index.ts';
import { boundaries, boundaryPacks, codePoints } from '../../src/generate/index.ts';
import { positionName } from '../../src/generate/case.ts';
import { PEER_SEEDED_IDS, SEEDED_IDS, startServer } from '../../src/server/index.ts';
import { openSuite } from '../../src/suite/index.ts';
import { JobBudget, shardShare } from '../../src/suite/jobs/job-budget.ts';
import { RunDir } from '../../src/suite/run/run-dir.ts';
import { runAll } from './helpers/run-steps.ts';
import { call } from './helpers/reference.ts';
import { runCommand } from './helpers/cli.ts';

const contract = loadContract();
const catalogue = buildCatalogue(contract);
const refs = { jobType: [...SEEDED_IDS.jobType], jobWorkflow: [...SEEDED_IDS.jobWorkflow], job: ['{existing-jobId}'], jobRef: ['{existing-jobRef}'] };

test.describe('jobs are a budget', () => {
  test('workers sharing a budget never go past its cap together; violations spend only their share; a reservation that made no job is given back', () => {
    const dir = new RunDir(`test-budget-${process.pid}`);
    const a = new JobBudget(5, dir, '1of1', () => 2);
    const b = new JobBudget(5, dir, '1of1', () => 2);
    // Violations: two of the share's two, the third refused even though the cap has room.
    const v = [b.takeViolation(), a.takeViolation(), b.takeViolation()];
    expect(v.map(Boolean)).toEqual([true, true, false]);
    const granted = Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).take()).filter(Boolean).length;
    expect(granted).toBe(3);
    expect(a.available()).toBe(false);
    expect(a.used()).toBe(5);
    // A violating create the target refused made no job: its reservation goes back, for anyone.
    b.release(v[0]!);
    expect(a.used()).toBe(4);
    expect(a.take()).toBeDefined();
    expect(b.take()).toBeUndefined();
    expect(new JobBudget(Number.POSITIVE_INFINITY, dir, 'free').take()).toBeDefined();
    dir.remove();
    expect(fs.existsSync(dir.path)).toBe(false);
  });

  test('shards split a cap so that their parts add up to it, never more', () => {
    for (const total of [0, 1, 2, 59, 60, 61]) {
      for (const n of [1, 2, 3, 7]) {
        const parts = Array.from({ length: n }, (_, i) => shardShare(total, { current: i + 1, total: n }));
        expect(parts.reduce((x, y) => x + y, 0), `${total} over ${n}`).toBe(total);
      }
    }
    expect(shardShare(Number.POSITIVE_INFINITY, { current: 1, total: 3 })).toBe(Number.POSITIVE_INFINITY);
  });

  test('a shard takes its share of the job cap, and the plan shares the budget out so the checks come first', () => {
    const env = { DISPATCH_BASE_URL: 'http://127.0.0.1:9/x', DISPATCH_ACCESS_TOKEN: 't', DISPATCH_JOB_TYPE_ID: refs.jobType.join(','), DISPATCH_JOB_WORKFLOW_ID: refs.jobWorkflow.join(',') };
    const config = loadConfig({ envFile: '/nonexistent/.env', env });
    expect(config).toMatchObject({ maxJobs: 60, runs: 5, violationRuns: 0, modelRuns: 4, thorough: false });
    expect(loadConfig({ envFile: '/nonexistent/.env', env: { ...env, CONFORMANCE_THOROUGH: 'true' } })).toMatchObject({ maxJobs: 0, runs: 100, violationRuns: 5, modelRuns: 25 });
    const shard = openSuite({ config, contract, catalogue, shard: { current: 1, total: 3 }, budgetKey: `k${process.pid}` });
    expect(shard.jobs.budget.cap).toBe(20);
    void shard.close();
    new RunDir(`k${process.pid}`).remove();
    const whole = openSuite({ config, contract, catalogue, budgetKey: `k${process.pid}` });
    const plan = whole.plan();
    void whole.close();
    new RunDir(`k${process.pid}`).remove();
    const set = plan.jobs.workers + plan.jobs.boundaries + plan.jobs.readAfterWrite + plan.jobs.observations + plan.jobs.security + plan.jobs.breadth + plan.jobs.randomBodies;
    expect(set).toBeLessThanOrEqual(60);
    expect(plan.jobs.boundaries).toBeGreaterThan(0);
    expect(plan.validRuns(contract.operation('createJob'))).toBeLessThanOrEqual(config.runs);
    expect(plan.validRuns(contract.operation('updateJobById'))).toBe(config.runs);
  });
});

test.describe('boundary values travel packed', () => {
  for (const op of contract.operations.filter((o) => o.requestSchema)) {
    test(`${op.operationId}: every boundary case is packed or alone, once; each packed body is valid and holds each of its values`, () => {
      const all = boundaries(contract, op, catalogue, { refs });
      const { packs, alone } = boundaryPacks(contract, op, catalogue, { refs });
      expect(packs.reduce((n, p) => n + p.cases.length, 0) + alone.length).toBe(all.length);
      const validate = contract.validatorFor(op.requestSchema!);
      for (const p of packs) {
        expect(validate(p.body), p.description).toBe(true);
        for (const r of op.readings) expect(contract.validatorFor(r.schema)(p.body), `${p.description} under ${r.id}`).toBe(true);
        expect(p.cases.length).toBeGreaterThan(1);
        // Each value as its case has it, in arrays of its case's lengths (a case at the last of
        // three items is at the last of three there too).
        // (A case that a member is present or of its type holds for any value the valid body has there.)
        for (const c of p.cases.filter((x) => !/\.(required|type)$/.test(x.constraintId ?? ''))) {
          expect(getAtPointer(p.body, c.instancePointer), c.description).toEqual(getAtPointer(c.body, c.instancePointer));
          const tokens = c.instancePointer.split('/').slice(1);
          for (let i = 1; i <= tokens.length; i++) {
            const at = '/' + tokens.slice(0, i).join('/');
            const mine = getAtPointer(c.body, at);
            if (Array.isArray(mine)) expect((getAtPointer(p.body, at) as unknown[]).length, `${c.description}: ${at}`).toBe(mine.length);
          }
        }
      }
      // Fewer bodies than cases, far fewer where there are many: the point of packing.
      expect(packs.length + alone.length).toBeLessThan(all.length >= 20 ? all.length / 2 : all.length);
    });
  }

  test('cases at later array positions pack with the others at that position: only the claimed one-character jobRefs of createJob go alone', () => {
    const { packs, alone } = boundaryPacks(contract, contract.operation('createJob'), catalogue, { refs });
    expect(packs.flatMap((p) => p.cases).filter((c) => c.position !== undefined && positionName(c.position) !== '0').length).toBeGreaterThanOrEqual(12);
    expect(alone.map((c) => c.constraintId)).toEqual(['createJob.jobRef.minLength', 'createJob.jobRef.minLength', 'createJob.jobRef.minLength']);
  });

  test("each packed body is sent once per run, by whichever test needs it first; a constraint's test run alone judges its packed values", async () => {
    test.setTimeout(120_000);
    const run = async (only: (step: { file: string; owns: string[] }) => boolean) => {
      const s = await embeddedSuite({ contract, catalogue, settings: { CONFORMANCE_SEED: '4242' } });
      // What the run did once for all its tests (a packed body sent), and how often it was asked for.
      const made: string[] = [];
      const asked: string[] = [];
      const shared = s.ctx.runDir.shared.bind(s.ctx.runDir);
      s.ctx.runDir.shared = (name, make, waitMs, fallback) => {
        asked.push(name);
        return shared(name, () => (made.push(name), make()), waitMs, fallback);
      };
      try {
        await runAll(s.ctx, s.recorder, { only });
        return { packs: s.ctx.cases(contract.operation('createJob')).packs, made: made.filter((n) => n.startsWith('boundary-createJob-')), asked: asked.filter((n) => n.startsWith('boundary-createJob-')), rows: s.recorder.records() };
      } finally {
        await s.close();
      }
    };
    // The boundary test and every createJob constraint's test: each pack asked for by several, sent once.
    const all = await run((step) => (step.file === 'boundaries' || step.file === 'constraints') && step.owns.some((id) => id.startsWith('createJob.')));
    expect(new Set(all.made).size).toBe(all.packs.length);
    expect(all.made).toHaveLength(all.packs.length);
    expect(all.asked.length).toBeGreaterThan(all.packs.length);
    expect(all.rows.find((r) => r.rowId === 'check:accepts-valid.createJob')!.cases.accept).toBe(all.packs.length);
    // One constraint's test alone: its values in packs are judged from them, so it conforms.
    const id = 'createJob.objectives[].objectiveRef.maxLength';
    const alone = await run((step) => step.owns.includes(id) && step.file === 'constraints');
    const row = alone.rows.find((r) => r.rowId === id)!;
    expect(row.verdict).toBe('conforms');
    expect(row.positions?.accept).toEqual(['0', '1', 'last']);
    expect(alone.made).toHaveLength(alone.packs.filter((p) => p.cases.some((c) => c.constraintId === id)).length);
  });

  test('the base body sits inside every limit, so a refused packed body is traced to the right value', () => {
    const op = contract.operation('createJob');
    const { packs } = boundaryPacks(contract, op, catalogue, { refs });
    const base = packs.flatMap((p) => p.cases).find((c) => c.constraintId === 'createJob.jobTypeId.type')!.body as Record<string, any>;
    expect(base.jobWorkflowId).toBe(refs.jobWorkflow[0]);
    expect(base.jobTypeId).toBe(refs.jobType[0]);
    for (const o of base.objectives) {
      expect(codePoints(o.objectiveRef)).toBeGreaterThan(4);
      expect(codePoints(o.objectiveRef)).toBeLessThan(36);
      expect(o.timeslot.from).toBeGreaterThan(1);
    }
  });
});

test.describe('a remote target by default', () => {
  test('at most 60 jobs and 1,400 requests (under 1,300 today), untested only the location and contact references it has no pools of; --complete-created leaves every job COMPLETED, read back from the target', async () => {
    test.setTimeout(180_000);
    const server = await startServer({ quiet: true, accessToken: 'remote-token' });
    const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-'));
    try {
      const run = await runCommand('src/cli/conformance.ts', ['--complete-created'], {
        env: {
          DISPATCH_BASE_URL: server.baseUrl,
          DISPATCH_ACCESS_TOKEN: 'remote-token',
          // A second tenant, so the security probes run as they would on staging with one.
          DISPATCH_PEER_ACCESS_TOKEN: server.credentials.peerAccessToken,
          DISPATCH_PEER_TENANT_ID: server.credentials.peerTenantId,
          DISPATCH_JOB_TYPES_BY_TENANT: 'true',
          // The peer's tenant's own job type and workflow, for the job it makes to prove its token.
          DISPATCH_PEER_JOB_TYPE_ID: PEER_SEEDED_IDS.jobType[0]!,
          DISPATCH_PEER_JOB_WORKFLOW_ID: PEER_SEEDED_IDS.jobWorkflow[0]!,
          DISPATCH_JOB_TYPE_ID: refs.jobType.join(','),
          DISPATCH_JOB_WORKFLOW_ID: refs.jobWorkflow.join(','),
          DISPATCH_RATE_LIMIT: '1000000',
          CONFORMANCE_REPORT_DIR: reports,
          CONFORMANCE_SEED: '21',
        },
        timeoutMs: 170_000,
      });
      expect(run.code, run.stdout.slice(-2000) + run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Plan \(remote: what detection needs; --thorough for more\): 5 random valid bodies per operation .* at most 60 jobs/);
      const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8'));
      expect(report.summary).toMatchObject({ violated: 0, errors: 0 });
      // Untested only where the target is taken not to check ids the suite has no pool of.
      const untested = report.results.filter((r: { verdict: string }) => r.verdict === 'untested');
      // And the expiry of a token, which a static token does not have (check:token-expiry, not-configured).
      expect(untested.map((r: { rowId: string }) => r.rowId).sort()).toEqual(['changeJobsSubStatus.jobs[].jobId.maxLength', 'changeJobsSubStatus.jobs[].jobId.minLength', 'check:token-expiry', 'check:unknown-reference.objectives[].contact.createJob', 'check:unknown-reference.objectives[].contact.updateJobById', 'check:unknown-reference.objectives[].location.createJob', 'check:unknown-reference.objectives[].location.updateJobById']);
      // The bound, and a tighter one against regressions (757-763 with bench:cost's seeds, 751 with this one, on 2026-11-28;
      // about 1,000 with the security probes and the state probes of issue 19, which add about 110: 49 malformed bodies, 60 state requests;
      // 1,233 with the breadth probes of issue 29, which add about 235: methods 48, path parameters 77, refused writes 20,
      // repeated writes 20, number edges 45, altered tokens 27).
      expect(report.summary.requests).toBeLessThanOrEqual(1400);
      expect(report.summary.requests).toBeLessThanOrEqual(1300);
      expect(report.createdJobs.length).toBeGreaterThan(10);
      expect(report.createdJobs.length).toBeLessThanOrEqual(60);
      // Every job the run made, read back from the target itself.
      expect(report.completed).toHaveLength(report.createdJobs.length);
      // The peer's job of its own is the peer's tenant's: completed, and read, as the peer.
      expect((report.createdJobs as { tenantId?: string }[]).filter((j) => j.tenantId === server.credentials.peerTenantId)).toHaveLength(1);
      for (const job of report.createdJobs as { jobId: string; tenantId?: string }[]) {
        const as: Record<string, string> = job.tenantId === server.credentials.peerTenantId ? { 'x-coreos-access': server.credentials.peerAccessToken, 'x-coreos-tid': job.tenantId! } : { 'x-coreos-access': 'remote-token' };
        const read = await call(server, 'GET', `/jobs/${encodeURIComponent(job.jobId)}`, undefined, as);
        expect(read.json?.data?.status, job.jobId).toBe('COMPLETED');
      }
      expect(run.stdout).toContain(`Complete created: ${report.createdJobs.length} of ${report.createdJobs.length} jobs the run created read back COMPLETED`);
      expect(fs.readFileSync(path.join(reports, 'conformance.html'), 'utf8')).toContain('--complete-created left');
    } finally {
      await server.close();
    }
  });
});

test('the plan line lists each part the checks may take, never a sum that reads as more than the cap; a shard says its part comes by need', async () => {
  const { describePlan } = await import('../../src/cli/plan.ts');
  const env = { DISPATCH_BASE_URL: 'http://127.0.0.1:9/x', DISPATCH_ACCESS_TOKEN: 't', DISPATCH_JOB_TYPE_ID: refs.jobType.join(','), DISPATCH_JOB_WORKFLOW_ID: refs.jobWorkflow.join(',') };
  const config = loadConfig({ envFile: '/nonexistent/.env', env });
  const whole = describePlan(config, contract, catalogue, undefined);
  expect(whole).toMatch(/at most 60 jobs, the checks first \(each at most: \d+ for the workers, \d+ boundary bodies, .*\), \d+ kept for violations the target accepts, \d+ for random bodies/);
  expect(whole).not.toMatch(/up to \d+/);
  const shard = describePlan(config, contract, catalogue, { current: 1, total: 3 });
  expect(shard).toMatch(/this shard's part of DISPATCH_MAX_JOBS 60, by what its tests need, is said when its tests are chosen/);
  expect(shard).toMatch(/ · shard 1\/3: its share of the rate limit and requests$/);
  new RunDir(config.runId).remove();
});
