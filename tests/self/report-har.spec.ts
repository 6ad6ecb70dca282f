/**
 * reports/exchanges.har (issue 13): every request the suite sent, in order, as HAR 1.2: it passes a
 * strict HAR 1.2 schema written from the specification (tests/self/fixtures/har), holds one entry
 * per request counted in the summary, tags each entry with the row it served and its
 * X-COREOS-REQUEST-ID, cuts large bodies at a stated size, never holds the token, and the HTML
 * report links each violation to its entries.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, expect } from '@playwright/test';
import { createOracle } from '../../src/contract/ajv.ts';
import { buildHar, mergeHars, type Har, type TestExchange } from '../../src/reporters/har.ts';
import { EXCHANGE_BODY_LIMIT, loggedBody } from '../../src/results/exchanges.ts';
import { factsFor, reportOf, summary } from './helpers/rows.ts';
import type { ConformanceReport } from '../../src/results/model.ts';
import { SEEDED_IDS, startServer } from '../../src/server/index.ts';
import { writeReports } from '../../src/reporters/write.ts';
import { runCommand } from './helpers/cli.ts';
import { launchBrowser } from './helpers/browser.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const schema = JSON.parse(fs.readFileSync(path.join(here, 'fixtures', 'har', 'har-1.2.schema.json'), 'utf8'));
const validateHar = createOracle().compile(schema);
const problems = (har: unknown) => (validateHar(har) ? [] : (validateHar.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));

function exchange(over: Partial<TestExchange> = {}): TestExchange {
  return {
    startedDateTime: '2026-11-28T10:00:00.000Z',
    seq: 1,
    method: 'POST',
    url: 'http://127.0.0.1:4010/core/api/v2/dispatch-service/jobs?x=1',
    requestHeaders: { 'x-coreos-request-id': 'r1', 'x-coreos-access': '***' },
    requestBody: loggedBody('{"a":1}', 7, 'application/json'),
    status: 202,
    responseHeaders: { 'content-type': 'application/json' },
    responseBody: loggedBody('{"data":{"id":"j"}}', 19, 'application/json'),
    waitMs: 3.25,
    receiveMs: 0.5,
    requestId: 'r1',
    servedId: 'createJob.jobRef.maxLength',
    test: 'createJob › createJob.jobRef.maxLength',
    ...over,
  };
}

test('the HAR of a few exchanges is valid HAR 1.2: ordered, timed, tagged, a lost answer as status 0, a large body cut', () => {
  const big = 'x'.repeat(EXCHANGE_BODY_LIMIT + 500);
  const har = buildHar(
    [
      exchange({ startedDateTime: '2026-11-28T10:00:00.010Z', requestId: 'r3', seq: 3, status: 0, responseHeaders: {}, responseBody: undefined, error: 'connection closed by the other side (UND_ERR_SOCKET): the request was written…' }),
      exchange({ requestId: 'r2', seq: 2, requestBody: loggedBody(big, big.length, 'application/json') }),
      exchange(),
    ],
    'dispatch-conformance 0.1.0',
  );
  expect(problems(har)).toEqual([]);
  const e = har.log.entries;
  expect(har.log.creator).toEqual({ name: 'dispatch-conformance', version: '0.1.0' });
  expect(e.map((x) => x._requestId)).toEqual(['r1', 'r2', 'r3']);
  expect(e[0]).toMatchObject({ time: 3.75, timings: { send: 0, wait: 3.25, receive: 0.5 }, _rowId: 'createJob.jobRef.maxLength', request: { queryString: [{ name: 'x', value: '1' }], bodySize: 7 }, response: { status: 202, statusText: 'Accepted' } });
  expect(e[1]!.request.postData!.text).toHaveLength(EXCHANGE_BODY_LIMIT);
  expect(e[1]!.request.postData!.comment).toBe(`cut at ${EXCHANGE_BODY_LIMIT} characters of ${big.length} bytes`);
  expect(e[1]!.request.bodySize).toBe(big.length);
  expect(e[2]!.response).toMatchObject({ status: 0, httpVersion: '', bodySize: -1, content: { size: 0 }, _error: expect.stringContaining('UND_ERR_SOCKET') });
  // The schema can fail: a missing member, a custom field without its underscore, a negative wait.
  const broken = structuredClone(har) as any;
  delete broken.log.entries[0].response.status;
  broken.log.entries[1].constraintId = 'x';
  broken.log.entries[2].timings.wait = -1;
  expect(problems(broken)).toHaveLength(3);
  // Shards merge in time order.
  const merged = mergeHars([buildHar([exchange({ requestId: 'late', startedDateTime: '2026-11-28T11:00:00.000Z' })], 't 1'), har], 't 1');
  expect(merged.log.entries.map((x) => x._requestId)).toEqual(['r1', 'r2', 'r3', 'late']);
  expect(problems(merged)).toEqual([]);
});

test('a failing run writes exchanges.har: valid HAR 1.2, one entry per request counted, tagged, no token, and the HTML links the violation to its entries', async () => {
  const token = 'tok-har-secret-6d1f/+=';
  const server = await startServer({ quiet: true, accessToken: token, faults: ['createJob.jobTypeId.maxLength:off-by-one'] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-har-'));
  try {
    const run = await runCommand('src/cli/conformance.ts', ['--grep', 'createJob\\.jobTypeId|createJob answers 401'], {
      env: {
        DISPATCH_BASE_URL: `${server.baseUrl}`,
        DISPATCH_ACCESS_TOKEN: token,
        DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType.join(','),
        DISPATCH_JOB_WORKFLOW_ID: SEEDED_IDS.jobWorkflow.join(','),
        DISPATCH_RATE_LIMIT: '1000000',
        CONFORMANCE_SEED: '4711',
        CONFORMANCE_REPORT_DIR: dir,
      },
    });
    expect(run.code, run.stdout + run.stderr).not.toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
    const text = fs.readFileSync(path.join(dir, 'exchanges.har'), 'utf8');
    const har = JSON.parse(text) as Har;
    expect(problems(har)).toEqual([]);
    const entries = har.log.entries;
    expect(entries.length).toBeGreaterThan(10);
    expect(entries).toHaveLength(report.summary.requests);
    // in order, each tagged with its request id (the one it sent) and the row it served
    const times = entries.map((e) => Date.parse(e.startedDateTime));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const e of entries) {
      expect(e.request.headers.find((h) => h.name === 'x-coreos-request-id')?.value).toBe(e._requestId);
      expect(e._rowId).toMatch(/^(createJob\.jobTypeId\.|check:auth\.createJob$)/);
      expect(e.time).toBeCloseTo(e.timings.wait + e.timings.receive, 2);
    }
    expect(new Set(entries.map((e) => e._requestId)).size).toBe(entries.length);
    // no secret, in any spelling
    for (const s of [token, encodeURIComponent(token), JSON.stringify(token).slice(1, -1)]) expect(text).not.toContain(s);
    expect(entries.some((e) => e.request.headers.some((h) => h.name === 'x-coreos-access' && h.value === '***'))).toBe(true);
    // the violation's request is in the HAR, and the HTML points at it
    const violated = report.results.find((r) => r.rowId === 'createJob.jobTypeId.maxLength')!;
    expect(violated.verdict).toBe('violated');
    const requestId = violated.evidence[0]!.exchange!.requestId;
    const n = entries.findIndex((e) => e._requestId === requestId) + 1;
    expect(n).toBeGreaterThan(0);
    expect(entries[n - 1]!._rowId).toBe('createJob.jobTypeId.maxLength');
    const html = fs.readFileSync(path.join(dir, 'conformance.html'), 'utf8');
    expect(html).toContain(`data-har-entry="${n}" href="exchanges.har">entry #${n} of exchanges.har</a>`);
    const served = entries.flatMap((e, i) => (e._rowId === 'createJob.jobTypeId.maxLength' ? [i + 1] : []));
    expect(html).toContain(`data-har-entries="${served.join(' ')}"`);
    expect(run.stdout).toMatch(/^Conformance reports: .*exchanges\.har$/m);
    // And a browser takes it as it is: a page parses the file the way a HAR viewer does (JSON,
    // version 1.2, each entry's URL, start time, method and status), and finds the violation's entry.
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const seen = await page.evaluate((harText) => {
        const log = JSON.parse(harText).log;
        const entries = log.entries.map((e: any) => ({ url: new URL(e.request.url).pathname, at: new Date(e.startedDateTime).getTime(), method: e.request.method, status: e.response.status, id: e._requestId }));
        return { version: log.version, count: entries.length, ok: entries.every((e: any) => e.url.startsWith('/') && !Number.isNaN(e.at) && typeof e.status === 'number' && e.method.length > 0), ids: entries.map((e: any) => e.id) };
      }, text);
      expect(seen).toMatchObject({ version: '1.2', count: entries.length, ok: true });
      expect(seen.ids).toContain(requestId);
      // The report opened from disk, as a QA engineer opens it: each request id's link points at the
      // exchanges.har beside it, and names an entry that exists and holds that very request id.
      await page.goto(pathToFileURL(path.join(dir, 'conformance.html')).href);
      const links = await page.locator('a[data-har-entry]').evaluateAll((as) =>
        as.map((a) => ({ href: (a as HTMLAnchorElement).href, entry: Number(a.getAttribute('data-har-entry')), text: a.textContent, requestId: a.closest('p')?.querySelector('code')?.textContent })),
      );
      expect(links.length).toBeGreaterThan(0);
      for (const l of links) {
        expect(l.href).toBe(pathToFileURL(path.join(dir, 'exchanges.har')).href);
        expect(Number.isInteger(l.entry) && l.entry >= 1 && l.entry <= entries.length, `entry #${l.entry} of ${entries.length}`).toBe(true);
        expect(l.text).toBe(`entry #${l.entry} of exchanges.har`);
        expect(entries[l.entry - 1]!._requestId).toBe(l.requestId);
      }
      expect(links.map((l) => l.entry)).toContain(n);
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
});

test('reports written again without the exchanges (--complete-created, a mutation run) keep their links to the exchanges.har in the folder, and never link to another run\'s', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-har-rewrite-'));
  const exchanges = [exchange(), exchange({ requestId: 'r2', seq: 2, servedId: 'createJob.jobRef.minLength' })];
  const report: ConformanceReport = reportOf(
    [
      {
        rowId: 'createJob.jobRef.maxLength',
        operationId: 'createJob',
        category: 'constraint',
        title: 'createJob.jobRef.maxLength',
        verdict: 'violated',
        facts: factsFor('violated'),
        cases: { accept: 0, reject: 1 },
        requests: 1,
        evidence: [{ expected: 'reject (4xx)', exchange: { method: 'POST', url: exchanges[0]!.url, status: 202, responseExcerpt: '{}', requestId: 'r1', curl: 'curl' } }],
      },
    ],
    { summary: summary({ constraints: 1, rows: 1, violated: 1, requests: exchanges.length }) },
  );
  const link = 'data-har-entry="1" href="exchanges.har">entry #1 of exchanges.har</a>';
  const html = () => fs.readFileSync(path.join(dir, 'conformance.html'), 'utf8');
  writeReports(dir, report, { exchanges });
  expect(html()).toContain(link);
  const har = fs.readFileSync(path.join(dir, 'exchanges.har'), 'utf8');
  writeReports(dir, { ...report, completed: [] });
  expect(html()).toContain(link);
  expect(html()).toContain('data-har-entries="1"');
  expect(fs.readFileSync(path.join(dir, 'exchanges.har'), 'utf8')).toBe(har);
  // A report of another run is not linked to the HAR left in the folder, whatever its request count.
  writeReports(dir, { ...report, runId: 'another' });
  expect(html()).not.toContain('exchanges.har');
});
