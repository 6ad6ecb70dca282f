/** Parts of the HTML report: the Mutation section, and the list of jobs created for cleanup. */
import { test, expect } from '@playwright/test';
import { renderHtml } from '../../src/reporters/html.ts';
import type { ConformanceReport } from '../../src/results/model.ts';

const report: ConformanceReport = {
  version: 1,
  tool: 'dispatch-conformance',
  target: { baseUrl: 'http://127.0.0.1:1/x', embedded: true },
  startedAt: '2026-11-28T00:00:00.000Z',
  durationMs: 1000,
  seed: 1,
  runs: 1,
  summary: { constraints: 0, rows: 0, conforms: 0, violated: 0, untested: 0, observations: 0, knownDeviations: 0, fixedDeviations: 0, requests: 0, errors: 0, retries: 0, transportRetries: 0 },
  results: [],
  createdJobs: [],
  errors: [],
};

test('equivalent and untestable faults are shown with their reason, not as misses', () => {
  const html = renderHtml(report, {
    score: 0.5,
    faults: [
      { name: 'a:ignore', detected: true, caughtBy: ['createJob.a.type'], requests: 7 },
      { name: 'b:ignore', detected: false },
      { name: 'c:strict-by-one', detected: false, untestable: 'not sent, no existing job of 64 characters' },
      { name: 'd:off-by-one', detected: false, equivalent: 'the pattern decides it' },
    ],
  });
  const section = html.slice(html.indexOf('<section id="mutation">'));
  expect(section).toContain('1 of 2 detectable faults detected (2 no request can reveal');
  expect(section.match(/✗ missed/g)).toHaveLength(1);
  expect(section).toContain('– untestable</td><td class="u">not sent, no existing job of 64 characters');
  expect(section).toContain('– equivalent</td><td class="u">the pattern decides it');
});

test('the jobs a run created are listed for cleanup, escaped', () => {
  const html = renderHtml({ ...report, createdJobs: [{ jobId: 'job:1', jobRef: 'dc-run-<b>1</b>' }, { jobId: 'job:2', jobRef: 'dc-run-2' }] });
  const list = html.slice(html.indexOf('<details id="created-jobs">'));
  expect(list).toContain('2 jobs created on the target (for cleanup)');
  expect(list).toContain('<code>job:2</code></td><td><code>dc-run-2</code>');
  expect(list).toContain('dc-run-&lt;b&gt;1&lt;/b&gt;');
  expect(renderHtml(report)).not.toContain('id="created-jobs"');
});
