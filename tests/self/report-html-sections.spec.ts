/** Parts of the HTML report: the Mutation section, and the list of jobs created for cleanup. */
import { test, expect } from '@playwright/test';
import { renderHtml } from '../../src/reporters/html.ts';
import type { ConformanceReport } from '../../src/results/model.ts';
import { factsFor, reportOf } from './helpers/rows.ts';
import { scoreOf } from '../../src/results/fault-outcome.ts';

const report: ConformanceReport = reportOf([], { tool: 'dispatch-conformance', target: { baseUrl: 'http://127.0.0.1:1/x', embedded: true }, startedAt: '2026-11-28T00:00:00.000Z' });

test('equivalent, untestable and contested faults are shown with their reason, not as misses; each profile apart', () => {
  const faults = [
    { name: 'a:ignore', detected: true, caughtBy: ['createJob.a.type'], requests: 7 },
    { name: 'b:ignore', detected: false },
    { name: 'c:strict-by-one', detected: false, excuse: { code: 'unsendable' as const, text: 'not sent, no existing job of 64 characters' } },
    { name: 'd:off-by-one', detected: false, excuse: { code: 'equivalent' as const, text: 'the pattern decides it' } },
    { name: 'e:ignore', detected: false, excuse: { code: 'other-reading' as const, text: 'accepted (202), as another page has it' } },
  ];
  const html = renderHtml(report, { profiles: [{ profile: 'contract', ...scoreOf(faults), faults, falseAlarms: [] }, { profile: 'os1', ...scoreOf(faults.slice(0, 1)), faults: faults.slice(0, 1), falseAlarms: [] }] });
  const section = html.slice(html.indexOf('<section id="mutation">'));
  expect(section).toContain('contract 50% · os1 100%');
  const contract = section.slice(section.indexOf('data-profile="contract"'), section.indexOf('data-profile="os1"'));
  expect(contract).toContain('1 of 2 detectable faults detected (3 no request can reveal');
  expect(contract.match(/✗ missed/g)).toHaveLength(1);
  expect(contract).toContain('– untestable</td><td class="u">not sent, no existing job of 64 characters');
  expect(contract).toContain('– equivalent</td><td class="u">the pattern decides it');
  expect(contract).toContain('– contested</td><td class="u">accepted (202), as another page has it');
  expect(section.slice(section.indexOf('data-profile="os1"'))).toContain('1 of 1 detectable faults detected');
});

test('the jobs a run created are listed for cleanup, escaped', () => {
  const html = renderHtml({ ...report, createdJobs: [{ jobId: 'job:1', jobRef: 'dc-run-<b>1</b>' }, { jobId: 'job:2', jobRef: 'dc-run-2' }] });
  const list = html.slice(html.indexOf('<details id="created-jobs">'));
  expect(list).toContain('2 jobs created on the target (for cleanup)');
  expect(list).toContain('<code>job:2</code></td><td><code>dc-run-2</code>');
  expect(list).toContain('dc-run-&lt;b&gt;1&lt;/b&gt;');
  expect(renderHtml(report)).not.toContain('id="created-jobs"');
});

test('a violation, a deviation and a conformance side by side, each with a row of this run; deviations have their own section', () => {
  const row = (rowId: string, verdict: 'violated' | 'deviation' | 'conforms', provenance: 'documented' | 'reference' | 'assumed', actual?: string) => ({
    rowId,
    operationId: 'createJob',
    category: 'check' as const,
    title: rowId,
    source: `source of ${rowId}`,
    provenance,
    verdict,
    facts: factsFor(verdict, provenance),
    cases: { accept: 1, reject: 0 },
    requests: 1,
    evidence: actual ? [{ expected: 'x', actual, provenance }] : [],
  });
  const html = renderHtml({
    ...report,
    summary: { ...report.summary, rows: 3, violated: 1, deviations: 1, conforms: 1 },
    results: [row('check:auth.createJob', 'violated', 'reference', 'answered 200 without a token'), row('check:success-envelope.createJob', 'deviation', 'assumed', 'data has no id'), row('check:no-5xx.createJob', 'conforms', 'reference')],
  });
  const guide = html.slice(html.indexOf('<section id="verdicts"'), html.indexOf('</section>', html.indexOf('<section id="verdicts"')));
  const columns = ['violated', 'deviation', 'conforms'].map((v) => guide.slice(guide.indexOf(`data-guide="${v}"`)));
  expect(columns[0]).toContain('check:auth.createJob');
  expect(columns[0]).toContain('answered 200 without a token');
  expect(columns[1]).toContain('check:success-envelope.createJob');
  expect(columns[1]).toContain('<span class="prov p-assumed"');
  expect(columns[2]).toContain('check:no-5xx.createJob');
  const assumed = html.slice(html.indexOf('<section id="assumed">'), html.indexOf('</section>', html.indexOf('<section id="assumed">')));
  expect(assumed).toContain('Deviations from assumed conventions <span class="count">1</span>');
  expect(assumed).toContain('data-verdict="deviation"');
  expect(assumed).not.toContain('check:auth.createJob');
  expect(html).toContain('1 documented or reference rule is violated; 1 deviation from assumed conventions (reported, not failing)');
  expect(html).toContain('data-count="deviations"><span class="n">1</span>');
});

test('the rows nothing judged have their own section, grouped by why, each linking to its row', () => {
  const untested = (rowId: string, code: 'no-peer' | 'not-configured' | 'not-reached', text: string) => ({
    rowId,
    operationId: 'getJob',
    category: 'check' as const,
    title: rowId,
    source: 's',
    provenance: 'security' as const,
    verdict: 'untested' as const,
    facts: factsFor('untested'),
    cases: { accept: 0, reject: 0 },
    requests: 0,
    evidence: [],
    reasons: [{ code, text }],
  });
  const results = [
    untested('check:tenant-isolation.getJob', 'no-peer', 'no second identity: set DISPATCH_PEER_ACCESS_TOKEN'),
    untested('check:tenant-isolation.updateJob', 'no-peer', 'no second identity: set DISPATCH_PEER_ACCESS_TOKEN'),
    untested('check:token-expiry', 'not-configured', 'a static token has no lifetime to outlive'),
  ];
  const html = renderHtml({ ...report, summary: { ...report.summary, rows: 3, untested: 3 }, results });
  const section = html.slice(html.indexOf('<section id="untested">'), html.indexOf('</section>', html.indexOf('<section id="untested">')));
  expect(section).toContain('Untested <span class="count">3</span>');
  // The largest group first; each row once, with its reason and a link to its line in All results.
  expect(section.indexOf('data-reason="no-peer"')).toBeLessThan(section.indexOf('data-reason="not-configured"'));
  expect(section).toContain('<code>no-peer</code> <span class="count">2</span>');
  expect(section.match(/<li>/g)).toHaveLength(3);
  expect(section).toContain('a static token has no lifetime to outlive');
  const anchor = /<a href="#(r\d+)-row"><code>check:token-expiry<\/code>/.exec(section)?.[1];
  expect(html).toContain(`<tr id="${anchor}-row"`);
  expect(html).toContain('<a href="#untested">Untested (3)</a>');
  expect(renderHtml(report)).toContain('<p class="empty">Every row was judged.</p>');
});
