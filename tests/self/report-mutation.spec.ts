/** The HTML report's Mutation section: detected, missed, and faults no request can reveal told apart. */
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
  summary: { constraints: 0, conforms: 0, violated: 0, untested: 0, observations: 0, knownDeviations: 0, fixedDeviations: 0, requests: 0, errors: 0, retries: 0 },
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
