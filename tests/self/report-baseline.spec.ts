/**
 * CI gating with a baseline (CONFORMANCE_BASELINE): known deviations do not fail the run, a new
 * violation does, a fixed one is flagged; `npm run baseline` writes a baseline from the last run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { TODO_REASON } from '../../src/reporters/baseline.ts';
import { freshDir, readReport, runCliScript, runFixture, sharedFixtureRun, VIOLATED_IDS } from './fixtures/reporters/run-fixture.ts';

function writeBaseline(entries: { id: string; reason: string }[]): string {
  const file = path.join(freshDir('baseline'), 'baseline.json');
  fs.writeFileSync(file, JSON.stringify({ knownDeviations: entries }));
  return file;
}

const [OBJREF, STATUS] = VIOLATED_IDS as [string, string];

test('known deviations do not fail the run, even though their tests failed', async () => {
  const baseline = writeBaseline([
    { id: OBJREF, reason: 'Dispatch team: objectiveRef limit is 64 in practice (JIRA DSP-123)' },
    { id: STATUS, reason: 'CANCELLED accepted until the v3 migration' },
  ]);
  const run = await runFixture('known', { CONFORMANCE_BASELINE: baseline });
  expect(run.stdout).toMatch(/2 failed/);
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
  const report = readReport(run.reports);
  expect(report.summary).toMatchObject({ violated: 0, knownDeviations: 2, fixedDeviations: 0 });
  expect(report.results.find((r) => r.rowId === OBJREF)).toMatchObject({ verdict: 'known-deviation', baselineReason: 'Dispatch team: objectiveRef limit is 64 in practice (JIRA DSP-123)' });
  const md = fs.readFileSync(path.join(run.reports, 'summary.md'), 'utf8');
  expect(md).toContain('## Dispatch conformance: ✅ PASS');
  expect(md).toContain('CANCELLED accepted until the v3 migration');
  const xml = fs.readFileSync(path.join(run.reports, 'junit.xml'), 'utf8');
  expect(xml.match(/<failure /g)).toBeNull();
});

test('a violation that is not in the baseline fails the run', async () => {
  const baseline = writeBaseline([{ id: OBJREF, reason: 'accepted' }]);
  const run = await runFixture('new-violation', { CONFORMANCE_BASELINE: baseline, FIXTURE_PASSING: '1' });
  expect(run.stdout).toMatch(/8 passed/);
  expect(run.exitCode).toBe(1);
  const report = readReport(run.reports);
  expect(report.summary).toMatchObject({ violated: 1, knownDeviations: 1 });
  expect(report.results.filter((r) => r.verdict === 'violated').map((r) => r.rowId)).toEqual([STATUS]);
});

test('a known deviation that now conforms is flagged so the baseline can be pruned', async () => {
  const baseline = writeBaseline([
    { id: OBJREF, reason: 'was too long' },
    { id: STATUS, reason: 'CANCELLED accepted' },
    { id: 'createJob.no.such.constraint', reason: 'stale' },
  ]);
  const run = await runFixture('fixed', { CONFORMANCE_BASELINE: baseline, FIXTURE_FIXED: '1' });
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
  const report = readReport(run.reports);
  expect(report.summary).toMatchObject({ violated: 0, knownDeviations: 1, fixedDeviations: 1 });
  expect(report.results.find((r) => r.rowId === OBJREF)).toMatchObject({ verdict: 'conforms', baselineReason: 'was too long' });
  expect(run.stdout).toContain(`known deviation ${OBJREF} now conforms: remove it from the baseline`);
  expect(run.stdout).toContain('baseline entry createJob.no.such.constraint matches no constraint or check of this run');
  expect(fs.readFileSync(path.join(run.reports, 'summary.md'), 'utf8')).toContain(`### Fixed deviations (1): remove them from the baseline\n\n- \`${OBJREF}\` now conforms`);
  expect(fs.readFileSync(path.join(run.reports, 'conformance.html'), 'utf8')).toMatch(/data-testid="fixed-deviations"[\s\S]*createJob\.objectives\[\]\.objectiveRef\.maxLength/);
});

test('an unusable baseline fails the run with one clear line', async () => {
  const file = path.join(freshDir('bad-baseline'), 'baseline.json');
  fs.writeFileSync(file, JSON.stringify({ knownDeviations: [{ id: OBJREF }] }));
  const run = await runFixture('bad-baseline', { CONFORMANCE_BASELINE: file, FIXTURE_PASSING: '1', FIXTURE_FIXED: '1' });
  expect(run.exitCode).toBe(1);
  expect(run.stdout).toContain(`Conformance: baseline ${file}: knownDeviations[0] (${OBJREF}) needs a "reason" saying why the deviation is accepted`);
  expect(readReport(run.reports).errors).toEqual([{ test: '(baseline)', message: expect.stringContaining('needs a "reason"') }]);
});

test('npm run baseline writes every violation of the last run, keeping given reasons', async () => {
  const run = await sharedFixtureRun({ FIXTURE_PASSING: '1' });
  expect(run.exitCode).toBe(1);
  const dir = freshDir('baseline-cli');
  const target = path.join(dir, 'conformance-baseline.json');
  fs.writeFileSync(target, JSON.stringify({ knownDeviations: [{ id: STATUS, reason: 'kept from before' }, { id: 'createJob.jobTypeId.minLength', reason: 'fixed since' }] }));
  const res = await runCliScript('baseline.ts', [], { CONFORMANCE_REPORT_DIR: run.reports }, dir);
  expect(res.exitCode, res.stderr).toBe(0);
  expect(res.stdout).toContain('baseline: 2 known deviations written to conformance-baseline.json, 1 now conforming removed; 1 need a reason');
  expect(JSON.parse(fs.readFileSync(target, 'utf8'))).toEqual({
    knownDeviations: [
      { id: STATUS, reason: 'kept from before' },
      { id: OBJREF, reason: TODO_REASON },
    ],
  });
  // The written baseline makes the same run pass.
  const again = await runFixture('with-written-baseline', { CONFORMANCE_BASELINE: target, FIXTURE_PASSING: '1' });
  expect(again.exitCode, again.stdout).toBe(0);
  expect(readReport(again.reports).summary).toMatchObject({ violated: 0, knownDeviations: 2 });
});

test('npm run baseline says what to do when there is no report', async () => {
  const dir = freshDir('no-report');
  const res = await runCliScript('baseline.ts', ['out.json'], { CONFORMANCE_REPORT_DIR: path.join(dir, 'reports') }, dir);
  expect(res.exitCode).toBe(2);
  expect(res.stderr.trim()).toBe(`dispatch-conformance: no report at ${path.join(dir, 'reports', 'conformance.json')}: run the suite first (npm run conformance)`);
  expect(fs.existsSync(path.join(dir, 'out.json'))).toBe(false);
});

test('a baseline does not excuse a test that failed for another reason', async () => {
  const baseline = writeBaseline(VIOLATED_IDS.map((id) => ({ id, reason: 'accepted' })));
  const run = await runFixture('known-and-crash', { CONFORMANCE_BASELINE: baseline, FIXTURE_CRASH: '1' });
  expect(run.stdout).toMatch(/3 failed/);
  expect(run.exitCode).toBe(1);
  expect(run.stdout).not.toContain('the run passes');
  expect(readReport(run.reports).summary).toMatchObject({ violated: 0, knownDeviations: 2, errors: 1 });
});
