/**
 * Sharding: the fixture suite run as two shards, merged with `npm run merge-reports`, gives the same
 * conformance.json, conformance.html, junit.xml and summary.md as one run, timing fields aside (the
 * run's start and duration, each row's time).
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import type { ConformanceReport } from '../../src/results/model.ts';
import { formatDuration } from '../../src/reporters/format.ts';
import { freshDir, readReport, runCliScript, runFixture, sharedFixtureRun, type ChildRun } from './fixtures/reporters/run-fixture.ts';

/** A report file's text with the run's start time and duration replaced by placeholders. */
function untimed(dir: string, file: string): string {
  const report = readReport(dir);
  let text = fs.readFileSync(path.join(dir, file), 'utf8');
  if (file === 'conformance.json') {
    // The run id names the run (the merge names its shards'), like its time.
    const { startedAt: _s, durationMs: _d, runId: _r, results, history, ...rest } = JSON.parse(text) as ConformanceReport;
    // The history file is in each run's own report folder, and its trend names the run by id and time.
    const named = history ? { history: { ...history, file: '<history>', trend: history.trend.map(({ runId: _i, startedAt: _t, ...t }) => t) } } : {};
    // A row's time is its share of its tests' time: timing, like the run's.
    return JSON.stringify({ ...rest, ...named, results: results.map(({ durationMs: _t, ...row }) => row) }, null, 2);
  }
  text = text.split(report.startedAt).join('<started>');
  if (report.history) text = text.split(report.history.file).join('<history>');
  // Only where the reports print it: a bare "1.5 s" also occurs in the CSS ("14px/1.5 system-ui").
  const d = formatDuration(report.durationMs);
  text = text.split(` · ${d} · `).join(' · <duration> · ').split(`>${d}<`).join('><duration><');
  return text.replace(/ time="[0-9.]+"/g, ' time="<seconds>"');
}

test.describe('two shards merged', () => {
  let single: ChildRun;
  let shards: ChildRun[];

  test.beforeAll(async () => {
    single = await sharedFixtureRun();
    shards = [await runFixture('shard1', {}, ['--shard=1/2']), await runFixture('shard2', {}, ['--shard=2/2'])];
  });

  test('each shard holds part of the run', () => {
    const [a, b] = shards.map((s) => readReport(s.reports));
    expect(a!.summary.violated + b!.summary.violated).toBeGreaterThan(0);
    // The run facts (target, seed) come from one test only: one shard lacks them.
    expect([a!.seed, b!.seed].sort()).toEqual([0, 4242]);
    expect(readReport(single.reports).summary.requests).toBe(a!.summary.requests + b!.summary.requests);
  });

  for (const order of [
    [0, 1],
    [1, 0],
  ] as const) {
    test(`merging shards ${order.map((i) => i + 1).join(' and ')} gives the single run's reports`, async () => {
      const out = freshDir('merged');
      const res = await runCliScript('merge.ts', [...order.map((i) => shards[i]!.reports), '--out', out]);
      expect(res.stderr).toBe('');
      expect(res.stdout).toContain('merge-reports: 2 shards: FAIL (exit 1): 2 violated');
      expect(res.exitCode).toBe(1);
      for (const file of ['conformance.json', 'conformance.html', 'junit.xml', 'summary.md']) {
        expect(untimed(out, file), file).toBe(untimed(single.reports, file));
      }
      // The merged run spans both shards.
      const merged = readReport(out);
      const starts = shards.map((s) => Date.parse(readReport(s.reports).startedAt));
      expect(Date.parse(merged.startedAt)).toBe(Math.min(...starts));
      expect(merged.durationMs).toBeGreaterThanOrEqual(Math.max(...shards.map((s) => readReport(s.reports).durationMs)));
      // A row's time is the sum of its shards' times for it.
      const shardRows = shards.map((s) => new Map(readReport(s.reports).results.map((r) => [r.rowId, r.durationMs ?? 0])));
      for (const r of merged.results) expect(r.durationMs ?? 0, r.rowId).toBe(shardRows.reduce((t, m) => t + (m.get(r.rowId) ?? 0), 0));
      expect(merged.results.some((r) => (r.durationMs ?? 0) > 0)).toBe(true);
    });
  }

  test('a baseline given to the merge applies to the merged run', async () => {
    const out = freshDir('merged-baseline');
    const baseline = path.join(out, 'baseline.json');
    fs.writeFileSync(baseline, JSON.stringify({ baselined: [{ id: 'updateJob.status.enum', reason: 'r1' }, { id: 'createJob.objectives[].objectiveRef.maxLength', reason: 'r2' }] }));
    const res = await runCliScript('merge.ts', [shards[0]!.reports, shards[1]!.reports, '--out', out], { CONFORMANCE_BASELINE: baseline });
    expect(res.exitCode, res.stdout + res.stderr).toBe(0);
    expect(readReport(out).summary).toMatchObject({ violated: 0, baselined: 2 });
  });
});

test.describe('a merge checks the shard set', () => {
  let shards: ChildRun[];
  test.beforeAll(async () => {
    shards = [await runFixture('set1', {}, ['--shard=1/2']), await runFixture('set2', {}, ['--shard=2/2'])];
  });

  /** A copy of a shard's report folder with its conformance.json edited. */
  const edited = (from: ChildRun, name: string, edit: (r: ConformanceReport) => void) => {
    const dir = freshDir(name);
    const report = readReport(from.reports);
    edit(report);
    fs.writeFileSync(path.join(dir, 'conformance.json'), JSON.stringify(report));
    return dir;
  };

  test('each shard says which shard of how many it is', () => {
    expect(shards.map((s) => readReport(s.reports).shard)).toEqual([{ current: 1, total: 2 }, { current: 2, total: 2 }]);
  });

  test('a missing shard fails the merge with one line naming it', async () => {
    const res = await runCliScript('merge.ts', [shards[0]!.reports, '--out', freshDir('m-missing')]);
    expect(res.exitCode).toBe(2);
    expect(res.stderr.trim()).toBe('dispatch-conformance: shard 2/2 missing: a merge needs every shard of the run');
  });

  test('a shard given twice fails the merge with one line naming it', async () => {
    const res = await runCliScript('merge.ts', [shards[0]!.reports, shards[0]!.reports, shards[1]!.reports, '--out', freshDir('m-twice')]);
    expect(res.exitCode).toBe(2);
    expect(res.stderr.trim()).toMatch(/^dispatch-conformance: shard 1\/2 is given twice: /);
  });

  test('a shard of another run (another seed, another shard count) fails the merge with one line naming it', async () => {
    const one = edited(shards[0]!, 'm-seed-1', (r) => (r.seed = 111));
    const two = edited(shards[1]!, 'm-seed-2', (r) => (r.seed = 222));
    const foreign = await runCliScript('merge.ts', [one, two, '--out', freshDir('m-foreign-out')]);
    expect(foreign.exitCode).toBe(2);
    expect(foreign.stderr.trim()).toBe(`dispatch-conformance: ${two} is from another run: seed 222, where the others have seed 111`);
    const three = edited(shards[1]!, 'm-three', (r) => (r.shard = { current: 2, total: 3 }));
    const res = await runCliScript('merge.ts', [shards[0]!.reports, three, '--out', freshDir('m-three-out')]);
    expect(res.exitCode).toBe(2);
    expect(res.stderr.trim()).toMatch(/is shard 2\/3 of another run: .* is of 2 shards$/);
  });
});

test('merge-reports names a missing shard report in one line', async () => {
  const dir = freshDir('merge-missing');
  const res = await runCliScript('merge.ts', [path.join(dir, 'nope'), '--out', path.join(dir, 'out')]);
  expect(res.exitCode).toBe(2);
  expect(res.stderr.trim()).toBe(`dispatch-conformance: no shard report at ${path.join(dir, 'nope', 'conformance.json')}`);
});
