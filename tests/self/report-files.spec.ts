/**
 * The conformance reporter, by a real run of the fixture suite (a small target that breaks two
 * rules): what conformance.json, junit.xml and summary.md say, and when the run fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import type { ResultRecord } from '../../src/results/model.ts';
import { NOT_REACHED } from '../../src/results/merge.ts';
import { factsFor, reportOf, summary } from './helpers/rows.ts';
import { readReport, runFixture, sharedFixtureRun, VIOLATED_IDS, type ChildRun } from './fixtures/reporters/run-fixture.ts';

test.describe('a run of the small target', () => {
  let run: ChildRun;
  const row = (id: string): ResultRecord => {
    const r = readReport(run.reports).results.find((x) => x.rowId === id);
    if (!r) throw new Error(`no row ${id}`);
    return r;
  };

  test.beforeAll(async () => {
    run = await sharedFixtureRun();
  });

  test('fails the run and writes the four report files and Playwright\'s html report', () => {
    expect(run.exitCode, run.stdout + run.stderr).not.toBe(0);
    for (const f of ['conformance.json', 'conformance.html', 'junit.xml', 'summary.md', 'html/index.html']) {
      expect(fs.existsSync(path.join(run.reports, f)), f).toBe(true);
    }
    expect(run.stdout).toContain('Conformance: FAIL: 2 violated');
  });

  test('conformance.json has every catalogue constraint, the checks and the observation, with the summary adding up', () => {
    const report = readReport(run.reports);
    const catalogue = buildCatalogue(loadContract());
    const ids = report.results.map((r) => r.rowId);
    expect(ids.slice(0, catalogue.length)).toEqual(catalogue.map((c) => c.id));
    expect(ids.slice(catalogue.length)).toEqual(['check:auth.createJob', 'check:no-5xx', 'observation:empty-objectives']);
    expect(report.summary).toEqual({
      constraints: catalogue.length,
      rows: catalogue.length + 3,
      conforms: 5,
      violated: 2,
      // catalogue: 3 conform (jobTypeId min/max, updateJob.jobRef.maxLength), 2 violated, the rest untested
      untested: catalogue.length - 3 - 2,
      observations: 1,
      deviations: 0,
      baselined: 0,
      fixed: 0,
      // the requests given as run facts (2 + 1); rows overlap, so their own counts are not added
      requests: 3,
      errors: 0,
      retries: 1,
      transportRetries: 0,
    });
    const s = report.summary;
    expect(s.conforms + s.violated + s.deviations + s.untested + s.observations + s.baselined).toBe(s.rows);
    expect(report.results.filter((r) => r.verdict === 'violated').map((r) => r.rowId).sort()).toEqual([...VIOLATED_IDS].sort());
    expect(report).toMatchObject({ version: 2, tool: expect.stringMatching(/^dispatch-conformance /), seed: 4242, runs: 100, target: { embedded: false } });
    expect(report.target.baseUrl).toBe('http://127.0.0.1:4010/core/api/v2/dispatch-service?access_token=***');
    expect(report.createdJobs).toEqual([{ jobId: 'job:1b2c', jobRef: 'conformance-run-a' }]);
    expect(Date.parse(report.startedAt)).toBeGreaterThan(Date.parse('2020-01-01'));
    expect(report.durationMs).toBeGreaterThan(0);
  });

  test('records of one constraint from several tests merge: violated wins, cases and requests add up', () => {
    const objRef = row('createJob.objectives[].objectiveRef.maxLength');
    expect(objRef.verdict).toBe('violated');
    expect(objRef.cases).toEqual({ accept: 3, reject: 2 });
    expect(objRef.requests).toBe(5);
    const typeMin = row('createJob.jobTypeId.minLength');
    expect(typeMin).toMatchObject({ verdict: 'conforms', cases: { accept: 4, reject: 6 }, requests: 10 });
  });

  test('catalogue rows carry path, keyword, limit and documentation sentence; unreported ones are untested', () => {
    expect(row('createJob.objectives[].objectiveRef.maxLength')).toMatchObject({
      operationId: 'createJob',
      category: 'constraint',
      path: 'objectives[].objectiveRef',
      keyword: 'maxLength',
      limit: 36,
      source: expect.stringContaining('maxLength: 36'),
    });
    const silent = row('changeJobSubStatus.subStatus.maxLength');
    // an untested row says why, even when no test reported it
    expect(silent).toMatchObject({ verdict: 'untested', cases: { accept: 0, reject: 0 }, requests: 0, evidence: [], reasons: [{ code: 'not-reached', text: NOT_REACHED }], keyword: 'maxLength', limit: 64 });
    expect(row('createJob.jobRef.maxLength')).toMatchObject({ verdict: 'untested', reasons: [{ code: 'requests', text: 'not run: DISPATCH_MAX_REQUESTS reached' }] });
    expect(row('observation:empty-objectives')).toMatchObject({ verdict: 'observation', category: 'observation', title: 'createJob with an empty objectives array' });
  });

  test('a violation carries its evidence: expected, request, response, request id, curl, seed and replay', () => {
    const status = row('updateJob.status.enum');
    expect(status.evidence).toHaveLength(2);
    const e = status.evidence.find((x) => x.exchange?.requestId === 'req-status-0002');
    expect(e).toMatchObject({
      expected: 'reject (4xx)',
      actual: 'accepted with 202',
      seed: 4242,
      path: '3',
      replay: expect.stringContaining('CONFORMANCE_SEED=4242'),
      exchange: { method: 'PUT', url: expect.stringMatching(/\/jobs$/), requestBody: { jobRef: 'conformance-run-a', status: 'CANCELLED' }, status: 202, responseExcerpt: '{"data":{"id":"job:1b2c"}}' },
    });
    expect(e!.exchange!.curl).toMatch(/^curl -X PUT /);
    expect(e!.exchange!.curl).toContain("X-COREOS-ACCESS: ***'");
    // Only the violating records give evidence: the conforming objectiveRef test attached none.
    expect(row('createJob.objectives[].objectiveRef.maxLength').evidence).toHaveLength(1);
  });

  test('junit.xml: a testcase per row, failures for violations, skipped for untested', () => {
    const xml = fs.readFileSync(path.join(run.reports, 'junit.xml'), 'utf8');
    const report = readReport(run.reports);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(report.results.length);
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml.match(/<skipped /g)).toHaveLength(report.summary.untested);
    expect(xml).toContain(`<testsuites name="dispatch-conformance" tests="${report.results.length}" failures="2" skipped="${report.summary.untested}"`);
    expect(xml).toContain('name="createJob.objectives[].objectiveRef.maxLength"');
    // Each testcase carries its row's time (its share of its tests' time), each testsuite the sum of its rows'.
    for (const r of report.results) {
      const time = xml.match(new RegExp(`<testcase classname="[^"]*" name="${r.rowId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" time="([0-9.]+)"`))?.[1];
      expect(time, r.rowId).toBe(((r.durationMs ?? 0) / 1000).toFixed(3));
    }
    expect(report.results.reduce((t, r) => t + (r.durationMs ?? 0), 0)).toBeGreaterThan(0);
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="\d+" failures="\d+" skipped="\d+" errors="0" time="([0-9.]+)"/g)];
    expect(suites.length).toBeGreaterThan(1);
    for (const [, op, time] of suites) {
      const ms = report.results.filter((r) => (r.operationId || 'run') === op).reduce((t, r) => t + (r.durationMs ?? 0), 0);
      expect(time, op).toBe((ms / 1000).toFixed(3));
    }
    // Hostile text is escaped, never raw markup.
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert("xss")&lt;/script&gt;');
  });

  test('summary.md: verdict, counts and a table of the violations', () => {
    const md = fs.readFileSync(path.join(run.reports, 'summary.md'), 'utf8');
    expect(md).toContain('## Dispatch conformance: ❌ FAIL');
    expect(md).toContain('| 131 | 5 | 2 | 0 | 0 | 0 | 123 | 1 | 0 | 1 |');
    expect(md).toContain('### Violations (2)');
    for (const id of VIOLATED_IDS) expect(md).toContain(`| \`${id}\` |`);
    expect(md).toContain('`req-status-0002`');
    expect(md).not.toContain('<script>');
  });
});

test('the reporter fails the run on a violation even when every test passed', async () => {
  const run = await sharedFixtureRun();
  expect(run.stdout).toMatch(/8 passed/);
  expect(run.exitCode, run.stdout).toBe(1);
  expect(readReport(run.reports).summary.violated).toBe(2);
});

test('a test that crashed without attaching records is an error, and its constraints stay in the report', async () => {
  const run = await runFixture('crash', { FIXTURE_CRASH: '1', DISPATCH_ACCESS_TOKEN: 'crash-token-123456' });
  expect(run.exitCode).not.toBe(0);
  const report = readReport(run.reports);
  expect(report.summary.errors).toBe(1);
  expect(report.errors).toHaveLength(1);
  expect(report.errors[0]!.test).toContain('crashes before attaching anything');
  expect(report.errors[0]!.message).toContain('failed: Error: target unreachable (token ***)');
  expect(report.summary.violated).toBe(2);
});

test('a run with no test of the projects the reporter reads leaves the reports alone (npm test does not overwrite them)', async () => {
  const run = await runFixture('other-project', { FIXTURE_READ_PROJECT: 'conformance-elsewhere' });
  expect(run.stdout).toMatch(/8 passed/);
  expect(fs.existsSync(path.join(run.reports, 'conformance.json'))).toBe(false);
  expect(fs.existsSync(path.join(run.reports, 'html', 'index.html'))).toBe(true);
  // The violations were not read, so they cannot fail the run.
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
});

test('listing the tests writes no report', async () => {
  const run = await runFixture('list', {}, ['--list']);
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
  expect(run.stdout).toContain('Total: 8 tests');
  expect(fs.existsSync(path.join(run.reports, 'conformance.json'))).toBe(false);
});

test('deviations past the listed number end with how many more there are, in the console and in summary.md, as violations do', async () => {
  const run = await runFixture('deviations', { FIXTURE_DEVIATIONS: '55' });
  expect(readReport(run.reports).summary.deviations, run.stdout + run.stderr).toBe(55);
  expect(run.stdout.match(/^Conformance: ≈ check:fixture-convention-\d+ deviates/gm)).toHaveLength(20);
  expect(run.stdout).toContain('Conformance: … and 35 more deviations (reports/conformance.html)');
  const md = fs.readFileSync(path.join(run.reports, 'summary.md'), 'utf8');
  const section = md.slice(md.indexOf('### Deviations from assumed conventions (55'));
  expect(section.match(/^\| `check:fixture-convention-\d+` \|/gm)).toHaveLength(50);
  expect(section).toContain('| … 5 more in conformance.html | | | | | |');
});

test('the console line and summary.md say how many jobs the run created and how it authenticated', async () => {
  const { renderMarkdown } = await import('../../src/reporters/markdown.ts');
  const md = renderMarkdown(reportOf([], { target: { baseUrl: 'https://x.example/core/api/v2/dispatch-service', embedded: false }, summary: summary({ requests: 12 }), createdJobs: [{ jobId: 'j1', jobRef: 'r1' }, { jobId: 'j2', jobRef: 'r2' }], auth: 'client credentials' }));
  expect(md).toContain('12 requests · 2 jobs created · client credentials');
  expect(md).toContain('`conformance.html`, beside this file');
});

test('the HTML calls a request minimal only where fast-check shrank it', async () => {
  const { renderHtml } = await import('../../src/reporters/html.ts');
  const exchange = { method: 'POST', url: 'https://x.example/jobs', status: 202, responseExcerpt: '{}', requestId: 'r1', curl: 'curl …' };
  const row = (evidence: object) => ({ rowId: 'createJob.jobRef.maxLength', operationId: 'createJob', category: 'constraint' as const, title: 't', verdict: 'violated' as const, facts: factsFor('violated'), cases: { accept: 0, reject: 1 }, requests: 1, evidence: [{ expected: 'reject (4xx)', exchange, ...evidence }] });
  const html = (evidence: object) => renderHtml(reportOf([row(evidence)], { target: { baseUrl: 'x', embedded: false } }));
  expect(html({})).toContain('<h4>Failing request</h4>');
  expect(html({})).not.toContain('Minimal failing request');
  expect(html({ seed: 42, path: '0:1' })).toContain('<h4>Minimal failing request (shrunk)</h4>');
});
