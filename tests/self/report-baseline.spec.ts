/**
 * CI gating with a baseline (CONFORMANCE_BASELINE): baselined violations do not fail the run, a new
 * violation does, a fixed one is flagged; `npm run baseline` writes a baseline from the last run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { parseBaseline, TODO_REASON } from '../../src/results/baseline.ts';
import { freshDir, readReport, runCliScript, runFixture, sharedFixtureRun, VIOLATED_IDS } from './fixtures/reporters/run-fixture.ts';

function writeBaseline(entries: { id: string; reason: string }[]): string {
  const file = path.join(freshDir('baseline'), 'baseline.json');
  fs.writeFileSync(file, JSON.stringify({ baselined: entries }));
  return file;
}

const [OBJREF, STATUS] = VIOLATED_IDS as [string, string];

test('baselined violations do not fail the run', async () => {
  const baseline = writeBaseline([
    { id: OBJREF, reason: 'Dispatch team: objectiveRef limit is 64 in practice (JIRA DSP-123)' },
    { id: STATUS, reason: 'CANCELLED accepted until the v3 migration' },
  ]);
  const run = await runFixture('known', { CONFORMANCE_BASELINE: baseline });
  // Tests never fail on a verdict: the run's outcome is the reporter's.
  expect(run.stdout).toMatch(/8 passed/);
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
  const report = readReport(run.reports);
  expect(report.summary).toMatchObject({ violated: 0, baselined: 2, fixed: 0 });
  expect(report.results.find((r) => r.rowId === OBJREF)).toMatchObject({ verdict: 'baselined', baselineReason: 'Dispatch team: objectiveRef limit is 64 in practice (JIRA DSP-123)' });
  const md = fs.readFileSync(path.join(run.reports, 'summary.md'), 'utf8');
  expect(md).toContain('## Dispatch conformance: ✅ PASS');
  expect(md).toContain('CANCELLED accepted until the v3 migration');
  const xml = fs.readFileSync(path.join(run.reports, 'junit.xml'), 'utf8');
  expect(xml.match(/<failure /g)).toBeNull();
});

test('a violation that is not in the baseline fails the run', async () => {
  const baseline = writeBaseline([{ id: OBJREF, reason: 'accepted' }]);
  const run = await runFixture('new-violation', { CONFORMANCE_BASELINE: baseline });
  expect(run.stdout).toMatch(/8 passed/);
  expect(run.exitCode).toBe(1);
  const report = readReport(run.reports);
  expect(report.summary).toMatchObject({ violated: 1, baselined: 1 });
  expect(report.results.filter((r) => r.verdict === 'violated').map((r) => r.rowId)).toEqual([STATUS]);
});

test('a baselined row that now conforms is flagged so the baseline can be pruned', async () => {
  const baseline = writeBaseline([
    { id: OBJREF, reason: 'was too long' },
    { id: STATUS, reason: 'CANCELLED accepted' },
    { id: 'createJob.no.such.constraint', reason: 'stale' },
  ]);
  const run = await runFixture('fixed', { CONFORMANCE_BASELINE: baseline, FIXTURE_FIXED: '1' });
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
  const report = readReport(run.reports);
  expect(report.summary).toMatchObject({ violated: 0, baselined: 1, fixed: 1 });
  expect(report.results.find((r) => r.rowId === OBJREF)).toMatchObject({ verdict: 'conforms', baselineReason: 'was too long' });
  expect(run.stdout).toContain(`baselined ${OBJREF} now conforms: remove it from the baseline`);
  expect(run.stdout).toContain('baseline entry createJob.no.such.constraint matches no constraint or check of this run');
  expect(fs.readFileSync(path.join(run.reports, 'summary.md'), 'utf8')).toContain(`### Fixed (1 baselined rows conform now): remove them from the baseline\n\n- \`${OBJREF}\` now conforms`);
  expect(fs.readFileSync(path.join(run.reports, 'conformance.html'), 'utf8')).toMatch(/data-testid="fixed-deviations"[\s\S]*createJob\.objectives\[\]\.objectiveRef\.maxLength/);
});

test('an unusable baseline fails the run with one clear line', async () => {
  const file = path.join(freshDir('bad-baseline'), 'baseline.json');
  fs.writeFileSync(file, JSON.stringify({ baselined: [{ id: OBJREF }] }));
  const run = await runFixture('bad-baseline', { CONFORMANCE_BASELINE: file, FIXTURE_FIXED: '1' });
  expect(run.exitCode).toBe(1);
  expect(run.stdout).toContain(`Conformance: baseline ${file}: baselined[0] (${OBJREF}) needs a "reason" saying why the violation is accepted`);
  expect(readReport(run.reports).errors).toEqual([{ kind: 'baseline', message: expect.stringContaining('needs a "reason"') }]);
});

test('npm run baseline writes every violation of the last run, keeping given reasons', async () => {
  const run = await sharedFixtureRun();
  expect(run.exitCode).toBe(1);
  const dir = freshDir('baseline-cli');
  const target = path.join(dir, 'conformance-baseline.json');
  fs.writeFileSync(target, JSON.stringify({ baselined: [{ id: STATUS, reason: 'kept from before' }, { id: 'createJob.jobTypeId.minLength', reason: 'fixed since' }] }));
  const res = await runCliScript('baseline.ts', [], { CONFORMANCE_REPORT_DIR: run.reports }, dir);
  expect(res.exitCode, res.stderr).toBe(0);
  expect(res.stdout).toContain('baseline: 2 accepted violations written to conformance-baseline.json, 1 now conforming removed; 1 need a reason');
  expect(JSON.parse(fs.readFileSync(target, 'utf8'))).toEqual({
    baselined: [
      { id: STATUS, reason: 'kept from before' },
      { id: OBJREF, reason: TODO_REASON },
    ],
  });
  // The written baseline makes the same run pass.
  const again = await runFixture('with-written-baseline', { CONFORMANCE_BASELINE: target });
  expect(again.exitCode, again.stdout).toBe(0);
  expect(readReport(again.reports).summary).toMatchObject({ violated: 0, baselined: 2 });
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
  expect(run.stdout).toMatch(/1 failed/);
  expect(run.exitCode).toBe(1);
  expect(readReport(run.reports).summary).toMatchObject({ violated: 0, baselined: 2, errors: 1 });
});

test('npm run baseline refuses the report of a run that did not finish (interrupted or stopped), and writes nothing', async () => {
  const run = await sharedFixtureRun();
  const report = readReport(run.reports);
  for (const headline of ['INTERRUPTED', 'STOPPED'] as const) {
    const dir = freshDir(`baseline-${headline}`);
    const reports = path.join(dir, 'reports');
    fs.mkdirSync(reports);
    fs.writeFileSync(path.join(reports, 'conformance.json'), JSON.stringify({ ...report, outcome: { ...report.outcome, headline, exitCode: headline === 'STOPPED' ? 3 : 130 } }));
    const res = await runCliScript('baseline.ts', ['out.json'], { CONFORMANCE_REPORT_DIR: reports }, dir);
    expect(res.exitCode, res.stdout).toBe(2);
    expect(res.stderr.trim()).toMatch(new RegExp(`is of a run that did not finish \\(${headline}\\): run the suite to the end, then npm run baseline$`));
    expect(fs.existsSync(path.join(dir, 'out.json'))).toBe(false);
  }
});

test('a baseline entry past its expiry date excuses nothing: its row fails the run, and every report lists it with its owner', async () => {
  const baseline = path.join(freshDir('expiring'), 'baseline.json');
  fs.writeFileSync(
    baseline,
    JSON.stringify({
      baselined: [
        { id: OBJREF, reason: 'limit is 64 in practice', owner: 'team-dispatch', expires: '2020-01-31' },
        { id: STATUS, reason: 'CANCELLED until v3', owner: 'qa', expires: '2999-12-31' },
      ],
    }),
  );
  const run = await runFixture('expiring', { CONFORMANCE_BASELINE: baseline });
  expect(run.exitCode, run.stdout + run.stderr).toBe(1);
  const report = readReport(run.reports);
  expect(report.results.find((r) => r.rowId === OBJREF)?.verdict).toBe('violated');
  expect(report.results.find((r) => r.rowId === STATUS)).toMatchObject({ verdict: 'baselined', baselineReason: 'CANCELLED until v3' });
  expect(report.expiredBaseline).toEqual([{ id: OBJREF, reason: 'limit is 64 in practice', owner: 'team-dispatch', expires: '2020-01-31' }]);
  const line = `baseline entry ${OBJREF} expired on 2020-01-31 (owner team-dispatch): it no longer excuses its row; its row is violated now`;
  expect(run.stdout).toContain(`Conformance: ${line}`);
  expect(fs.readFileSync(path.join(run.reports, 'summary.md'), 'utf8')).toContain('### Expired baseline entries (1)');
  expect(fs.readFileSync(path.join(run.reports, 'conformance.html'), 'utf8')).toMatch(/data-testid="expired-baseline"[\s\S]*expired on 2020-01-31 \(owner team-dispatch\)/);

  // npm run baseline keeps each entry's owner and expiry (an expired one stays expired until a person gives it a date).
  const dir = freshDir('expiring-cli');
  const target = path.join(dir, 'conformance-baseline.json');
  fs.copyFileSync(baseline, target);
  const res = await runCliScript('baseline.ts', [], { CONFORMANCE_REPORT_DIR: run.reports }, dir);
  expect(res.exitCode, res.stderr).toBe(0);
  expect(JSON.parse(fs.readFileSync(target, 'utf8')).baselined).toEqual(
    expect.arrayContaining([
      { id: OBJREF, reason: 'limit is 64 in practice', owner: 'team-dispatch', expires: '2020-01-31' },
      { id: STATUS, reason: 'CANCELLED until v3', owner: 'qa', expires: '2999-12-31' },
    ]),
  );
});

test('an expiry that is not a date, or an empty owner, is one clear line naming the entry', () => {
  expect(() => parseBaseline(JSON.stringify({ baselined: [{ id: OBJREF, reason: 'r', expires: '2027-02-30' }] }), 'b.json')).toThrow(`baseline b.json: baselined[0] (${OBJREF}) "expires" must be a date YYYY-MM-DD (the last day it excuses its row), not "2027-02-30"`);
  expect(() => parseBaseline(JSON.stringify({ baselined: [{ id: OBJREF, reason: 'r', owner: ' ' }] }), 'b.json')).toThrow(`baseline b.json: baselined[0] (${OBJREF}) has an "owner" that is not a name; give one, or leave it out`);
  expect(parseBaseline(JSON.stringify({ baselined: [{ id: OBJREF, reason: 'r', expires: '2028-02-29' }] }), 'b.json').baselined[0]!.expires).toBe('2028-02-29');
});
