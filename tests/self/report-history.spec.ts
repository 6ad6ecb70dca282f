/**
 * History: each finished run appends its verdicts to the history file; the next run against the
 * same target says which rows are new, fixed or flaky, and the HTML draws the trend as inline SVG.
 * Driven by real runs of the suite against the reference server, unfaulted and faulty, at one seed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import type { ConformanceReport } from '../../src/results/model.ts';
import { historyOf, type HistoryEntry } from '../../src/results/history.ts';
import { freshDir } from './fixtures/reporters/run-fixture.ts';
import { runCommand } from './helpers/cli.ts';

const CLI = 'src/cli/conformance.ts';
const GREP = 'createJob boundary values are accepted$|createJob\\.jobRef\\.maxLength$';

test('the same unfaulted target at one seed twice: nothing flaky; then a fault: its finding is new; then the fault gone at that seed: the row came back, flaky', async () => {
  test.setTimeout(180_000);
  const dir = freshDir('history');
  const history = path.join(dir, 'kept', 'history.jsonl');
  const run = async (name: string, faults: string[]) => {
    const reports = path.join(dir, name);
    const r = await runCommand(CLI, ['--grep', GREP, ...faults.map((f) => `--fault=${f}`)], { env: { CONFORMANCE_REPORT_DIR: reports, CONFORMANCE_SEED: '4242', CONFORMANCE_HISTORY: history } });
    const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
    return { ...r, report, html: fs.readFileSync(path.join(reports, 'conformance.html'), 'utf8') };
  };
  const first = await run('first', []);
  expect(first.code).toBe(0);
  expect(first.report.history).toMatchObject({ file: history, changes: [] });
  expect(first.stdout).toContain(`Conformance: history: the first run against this target in ${history}`);

  const second = await run('second', []);
  expect(second.code).toBe(0);
  expect(second.report.history!.previous?.runId).toBe(first.report.runId);
  expect(second.report.history!.changes.filter((c) => c.change === 'flaky')).toEqual([]);
  expect(second.stdout).toContain('since the last run');
  expect(second.stdout).toMatch(/0 new, 0 fixed, 0 flaky/);

  const broken = await run('broken', ['createJob.jobRef.maxLength:off-by-one']);
  expect(broken.code).toBe(1);
  const fresh = broken.report.history!.changes.filter((c) => c.change === 'new');
  expect(fresh).toEqual([{ rowId: 'createJob.jobRef.maxLength', change: 'new', was: 'conforms', now: 'violated' }]);
  expect(broken.stdout).toMatch(/Conformance: since the last run \(.*\): 1 new \(createJob\.jobRef\.maxLength\), 0 fixed, 0 flaky/);
  expect(broken.html).toMatch(/<ul data-change="new"><li><a href="#r\d+-row"><code>createJob\.jobRef\.maxLength<\/code><\/a>/);
  // The trend: three runs, the last with one violation, drawn inline with no external asset.
  expect(broken.report.history!.trend.map((t) => t.violated)).toEqual([0, 0, 1]);
  const svg = /<svg data-testid="trend"[\s\S]*?<\/svg>/.exec(broken.html)?.[0] ?? '';
  expect(svg).toContain('<polyline data-series="violated"');
  expect(svg.match(/<circle /g)?.length).toBe(9);
  expect(svg).not.toMatch(/href=|src=|url\(/);

  // The fault gone, at the same seed: the row went back to what it was, which the history cannot tell
  // from a flaky target, and says so (at another seed it would be fixed: the unit test below).
  const again = await run('again', []);
  expect(again.report.history!.changes).toEqual([{ rowId: 'createJob.jobRef.maxLength', change: 'flaky', was: 'violated', now: 'conforms' }]);
  // Four lines, one per run, with no secret.
  const lines = fs.readFileSync(history, 'utf8').trim().split('\n');
  expect(lines).toHaveLength(4);
  expect(lines.map((l) => (JSON.parse(l) as HistoryEntry).runId)).toEqual([first, second, broken, again].map((r) => r.report.runId));
});

test('new, fixed and flaky from the entries alone: one change at a seed is the target changing, a change back is flaky', () => {
  const entry = (runId: string, seed: number, verdict: 'conforms' | 'violated', target = 'https://staging'): HistoryEntry => ({ runId, startedAt: runId, target, seed, headline: 'PASS', violated: 0, deviations: 0, untested: 0, verdicts: { row: verdict } });
  const now = (verdict: 'conforms' | 'violated', seed = 1): ConformanceReport => ({ runId: 'now', startedAt: 'now', seed, target: { baseUrl: 'https://staging', embedded: false }, outcome: { headline: 'PASS' }, summary: { violated: 0, deviations: 0, untested: 0 }, results: [{ rowId: 'row', verdict }] }) as unknown as ConformanceReport;
  expect(historyOf('h', [entry('a', 1, 'conforms')], now('violated')).changes).toEqual([{ rowId: 'row', change: 'new', was: 'conforms', now: 'violated' }]);
  expect(historyOf('h', [entry('a', 2, 'violated')], now('conforms')).changes).toEqual([{ rowId: 'row', change: 'fixed', was: 'violated', now: 'conforms' }]);
  expect(historyOf('h', [entry('a', 1, 'conforms'), entry('b', 1, 'violated')], now('conforms')).changes).toEqual([{ rowId: 'row', change: 'flaky', was: 'violated', now: 'conforms' }]);
  // At another seed the same sequence is two changes of the target, not flakiness.
  expect(historyOf('h', [entry('a', 1, 'conforms'), entry('b', 2, 'violated')], now('conforms', 3)).changes).toEqual([{ rowId: 'row', change: 'fixed', was: 'violated', now: 'conforms' }]);
  // Another target's runs are not compared.
  expect(historyOf('h', [entry('a', 1, 'conforms', 'https://other')], now('violated')).changes).toEqual([]);
});
