/**
 * Coverage: per operation, the documented statuses seen, the content types exchanged, each
 * constraint's sides judged, the path parameters and body members exercised; one table in the JSON,
 * the HTML and summary.md; CONFORMANCE_MIN_COVERAGE fails the run with one line per criterion that
 * fell short.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import type { ConformanceReport } from '../../src/results/model.ts';
import { coverageOf, parseCoverageThresholds, type OperationPlan } from '../../src/results/coverage.ts';
import { loadCoveragePlan } from '../../src/reporters/catalogue.ts';
import { freshDir } from './fixtures/reporters/run-fixture.ts';
import { runCommand } from './helpers/cli.ts';

const CLI = 'src/cli/conformance.ts';

test('a run of a few tests: the table says what they covered and missed, and a threshold they miss fails the run by name', async () => {
  test.setTimeout(120_000);
  const reports = freshDir('coverage');
  const run = await runCommand(CLI, ['--grep', 'createJob boundary values are accepted$|createJob\\.jobRef\\.maxLength$'], {
    env: { CONFORMANCE_REPORT_DIR: reports, CONFORMANCE_MIN_COVERAGE: 'members=20,reject=50' },
  });
  expect(run.code, run.stdout.split('\n').filter((l) => l.startsWith('Conformance')).join('\n')).toBe(1);
  const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
  // Nothing is violated: the coverage threshold alone fails the run, and the gate says so.
  expect(report.summary.violated).toBe(0);
  expect(report.outcome).toMatchObject({ headline: 'FAIL', exitCode: 1, coverageShortfalls: 1 });
  const create = report.coverage!.operations.find((o) => o.operationId === 'createJob')!;
  expect(create.criteria.statuses.covered).toContain('200|202');
  expect(create.criteria.statuses.covered).toContain('400');
  expect(create.criteria.statuses.missing).toContain('401');
  expect(create.criteria['request-types']).toEqual({ covered: ['application/json'], missing: [] });
  expect(create.criteria.reject.covered).toEqual(['createJob.jobRef.maxLength']);
  expect(create.criteria.accept.covered).toContain('createJob.jobRef.maxLength');
  expect(create.criteria.members.covered).toEqual(expect.arrayContaining(['jobRef', 'objectives[].timeslot.from', 'assets[].documentUrl']));
  expect(create.criteria.members.missing).toEqual([]);
  const reject = report.coverage!.totals.find((t) => t.criterion === 'reject')!;
  expect(report.coverage!.shortfalls).toEqual([reject]);
  expect(reject).toMatchObject({ covered: 1, total: 128, min: 50 });
  expect(report.coverage!.totals.find((t) => t.criterion === 'members')!.percent).toBeGreaterThanOrEqual(20);
  expect(run.stdout).toContain('Conformance: ✗ coverage of reject (constraints judged refusing) is 0.7%, below CONFORMANCE_MIN_COVERAGE reject=50: 1 of 128; not covered: createJobAttributes.');
  expect(run.stdout).toMatch(/Conformance ended: FAIL \(exit 1\): 0 violated, .* 1 coverage criterion below CONFORMANCE_MIN_COVERAGE/);
  expect(fs.readFileSync(path.join(reports, 'summary.md'), 'utf8')).toMatch(/\| reject \(constraints judged refusing\) \| 1\/128 \| 0\.7% \| 50% ❌ below \|/);
  const html = fs.readFileSync(path.join(reports, 'conformance.html'), 'utf8');
  expect(html).toMatch(/data-testid="coverage-totals"[\s\S]*<tr class="short"><td>reject<\/td>/);
  expect(html).toMatch(/data-testid="coverage"[\s\S]*<code>createJob<\/code>/);
});

test('a coverage threshold that cannot be read is one line, exit 2, before anything is sent', async () => {
  const run = await runCommand(CLI, [], { env: { CONFORMANCE_REPORT_DIR: freshDir('coverage-bad'), CONFORMANCE_MIN_COVERAGE: 'branches=50' } });
  expect(run.code).toBe(2);
  expect(run.stderr.trim()).toMatch(/CONFORMANCE_MIN_COVERAGE .*"branches" is not a coverage criterion \(criteria: statuses, request-types, response-types, accept, reject, parameters, members\)$/);
  expect(() => parseCoverageThresholds('statuses=120')).toThrow('statuses=120: a percentage is at most 100');
  expect(parseCoverageThresholds(' statuses = 60 , reject=100% ')).toEqual([{ criterion: 'statuses', min: 60 }, { criterion: 'reject', min: 100 }]);
});

test('a method the path does not support is not its operation; 200 and 202 are one item; a status the spec lacks is shown, not counted', () => {
  const plan = loadCoveragePlan().filter((p): p is OperationPlan => p.operationId === 'getJob');
  const url = 'http://127.0.0.1/x/jobs/job%3A1';
  const c = coverageOf(plan, [
    { operationId: 'getJob', method: 'GET', url, status: 200, ms: 1, responseType: 'application/json' },
    { operationId: 'getJob', method: 'PATCH', url, status: 405, ms: 1 },
    { operationId: 'getJob', method: 'GET', url, status: 418, ms: 1 },
  ], []);
  const getJob = c.operations[0]!.criteria;
  expect(getJob.statuses).toEqual({ covered: ['200'], missing: ['400', '401', '403', '404'], undocumented: ['418'] });
  expect(getJob.parameters).toEqual({ covered: ['jobId'], missing: [] });
  const write = loadCoveragePlan().find((p) => p.operationId === 'updateJobById')!;
  expect(write.statuses[0]).toBe('200|202');
  expect(coverageOf([write], [{ operationId: 'updateJobById', method: 'PUT', url, status: 202, ms: 1, requestType: 'application/json', requestBody: '{"objectives":[{"location":"a"}]}' }], []).operations[0]!.criteria.members.covered).toEqual(['objectives', 'objectives[].location']);
});
