/**
 * conformance.html in a real browser (helpers/browser.ts finds one; npm ci brings it): it renders
 * from file:// with nothing fetched, its counts equal the JSON's, the violation filter works, each
 * violation shows what a QA engineer acts on, hostile text stays text, and the optional mutation
 * section appears when reports/mutation.json exists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, expect, type Browser, type Page } from '@playwright/test';
import type { ConformanceReport } from '../../src/results/model.ts';
import { launchBrowser } from './helpers/browser.ts';
import { freshDir, readReport, runCliScript, sharedFixtureRun, VIOLATED_IDS, type ChildRun } from './fixtures/reporters/run-fixture.ts';

test.describe('conformance.html', () => {
  let run: ChildRun;
  let report: ConformanceReport;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];
  const dialogs: string[] = [];

  test.beforeAll(async () => {
    run = await sharedFixtureRun();
    report = readReport(run.reports);
    browser = await launchBrowser();
  });

  test.afterAll(async () => {
    await browser?.close();
  });

  test.beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requested.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(path.join(run.reports, 'conformance.html')).href);
  });

  test.afterEach(async () => {
    await page.close();
  });

  test('renders standalone: the verdict at a glance, nothing fetched, no script from the data runs', async ({}, testInfo) => {
    await expect(page.getByTestId('verdict')).toHaveText('FAIL');
    await expect(page).toHaveTitle('Dispatch conformance: FAIL');
    await expect(page.locator('h1')).toHaveText('Dispatch Jobs API conformance');
    const shot = await page.screenshot({ fullPage: true });
    await testInfo.attach('conformance.html', { body: shot, contentType: 'image/png' });
    expect(requested.filter((u) => !u.startsWith('file:'))).toEqual([]);
    expect(dialogs).toEqual([]);
    // The body's <script> is shown as text, emoji and right-to-left text intact.
    await expect(page.locator('#violations').getByText('<script>alert("xss")</script> 🚚📦 שלום עולם').first()).toBeVisible();
  });

  test('its counts equal the JSON summary', async () => {
    for (const [key, value] of Object.entries(report.summary)) {
      await expect(page.locator(`[data-count="${key}"] .n`), key).toHaveText(String(value));
    }
    await expect(page.locator('#violations article.finding')).toHaveCount(report.summary.violated);
    await expect(page.locator('#results tbody tr')).toHaveCount(report.results.length);
  });

  test('the matrix has operations as columns and a verdict in each cell; the filter shows only violations', async () => {
    const columns = await page.locator('.matrix thead th.col').allTextContents();
    expect(columns).toEqual(expect.arrayContaining(['createJob', 'updateJob', 'updateJobById', 'changeJobStatus', 'changeJobSubStatus', 'changeJobsSubStatus', 'createJobAttributes']));
    const rows = page.locator('.matrix tbody tr:not(.group)');
    const all = await rows.count();
    expect(all).toBeGreaterThan(40);
    await expect(page.locator('.matrix td.cell.v-violated')).toHaveCount(2);
    await expect(page.locator('.matrix td.cell.v-violated').first()).toHaveAttribute('title', /: violated$/);

    await page.getByLabel('Show only violations').check();
    const visible = page.locator('.matrix tbody tr:visible');
    await expect(visible).toHaveCount(2);
    expect((await visible.locator('th').allTextContents()).sort()).toEqual(['objectives[].objectiveRef · maxLength', 'status · enum']);
    const resultRows = page.locator('#results tbody tr:visible');
    await expect(resultRows).toHaveCount(2);
    expect((await resultRows.locator('code').allTextContents()).sort()).toEqual([...VIOLATED_IDS].sort());

    await page.getByLabel('Show only violations').uncheck();
    await expect(rows.filter({ visible: true })).toHaveCount(all);
  });

  test('each violation shows the documentation sentence, the failing request, the response, the request id, curl and replay', async () => {
    const row = report.results.find((r) => r.rowId === 'createJob.objectives[].objectiveRef.maxLength')!;
    const card = page.locator('#violations article.finding', { hasText: row.rowId });
    await expect(card.locator('blockquote')).toHaveText(row.source!);
    await expect(card.locator('.where .prov')).toHaveText('documented');
    await expect(card.locator('pre.req')).toContainText('POST http://127.0.0.1:4010/core/api/v2/dispatch-service/jobs');
    await expect(card.locator('pre.req')).toContainText('"jobWorkflowId": "workflow-conformance"');
    await expect(card.locator('pre.res')).toContainText('{"data":{"id":"job:1b2c"}');
    await expect(card.locator('.rid code')).toHaveText('req-objref-0001');
    await expect(card.locator('pre.curl')).toContainText("curl -X POST 'http://127.0.0.1:4010/core/api/v2/dispatch-service/jobs'");
    await expect(card.locator('pre.curl')).toContainText("X-COREOS-ACCESS: ***'");
    await expect(card.locator('pre.replay')).toContainText('CONFORMANCE_SEED=4242');
    await expect(card.locator('.ea .actual')).toHaveText('accepted with 202');
    // A matrix cell links to its violation.
    await page.locator('.matrix td.cell.v-violated a').first().click();
    await expect(page.locator('#violations article.finding:target')).toHaveCount(1);
  });

  test('observations and run metadata are listed', async () => {
    await expect(page.locator('#observations tbody tr')).toHaveCount(1);
    await expect(page.locator('#observations')).toContainText('createJob with an empty objectives array');
    await expect(page.locator('#observations')).toContainText('req-obs-0004');
    await expect(page.locator('#run')).toContainText('dispatch-conformance 0.1.0');
    await expect(page.locator('#run')).toContainText('4242');
    await expect(page.locator('#mutation')).toHaveCount(0);
  });

  test('with a baseline and reports/mutation.json, the merged report passes and shows the mutation section', async ({}, testInfo) => {
    const out = freshDir('html-merged');
    // The mutation run names the run it is shown with: the merge of this one report keeps its id.
    const runId = JSON.parse(fs.readFileSync(path.join(run.reports, 'conformance.json'), 'utf8')).runId;
    fs.writeFileSync(
      path.join(out, 'mutation.json'),
      JSON.stringify({ runId, profiles: [{ profile: 'contract', score: 0.75, detected: 3, total: 4, faults: [
        { name: 'accept-long-objectiveRef', detected: true, caughtBy: ['createJob.objectives[].objectiveRef.maxLength'], requests: 12 },
        { name: 'drop-error-envelope', detected: true, caughtBy: ['check:error-envelope'], requests: 3 },
        { name: 'lag-reads-<3s>', detected: true, requests: 40 },
        { name: 'accept-empty-subStatus', detected: false },
      ] }] }),
    );
    const baseline = path.join(out, 'baseline.json');
    fs.writeFileSync(baseline, JSON.stringify({ baselined: VIOLATED_IDS.map((id) => ({ id, reason: `accepted: ${id}` })) }));
    const res = await runCliScript('merge.ts', [run.reports, '--out', out, '--baseline', baseline]);
    expect(res.exitCode, res.stderr).toBe(0);
    await page.goto(pathToFileURL(path.join(out, 'conformance.html')).href);
    await expect(page.getByTestId('verdict')).toHaveText('PASS');
    await expect(page.locator('#deviations article.finding')).toHaveCount(2);
    await expect(page.locator('#mutation h2')).toContainText('75%');
    await expect(page.locator('#mutation tbody tr')).toHaveCount(4);
    await expect(page.locator('#mutation tbody tr', { hasText: 'lag-reads-<3s>' })).toContainText('detected');
    await expect(page.locator('#mutation tbody tr', { hasText: 'accept-empty-subStatus' })).toContainText('missed');
    await testInfo.attach('conformance-pass.html', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
    // A mutation.json of another run is never shown.
    const other = JSON.parse(fs.readFileSync(path.join(out, 'mutation.json'), 'utf8'));
    fs.writeFileSync(path.join(out, 'mutation.json'), JSON.stringify({ ...other, runId: 'another-run' }));
    const again = await runCliScript('merge.ts', [run.reports, '--out', out, '--baseline', baseline]);
    expect(again.exitCode, again.stderr).toBe(0);
    await page.goto(pathToFileURL(path.join(out, 'conformance.html')).href);
    await expect(page.locator('#mutation')).toHaveCount(0);
  });
});
