/**
 * The failing report as a person sees it, in the project's Chromium: the coverage table and the
 * history's trend render (a real run against a faulty reference server, after an unfaulted one),
 * and axe-core finds no serious or critical accessibility violation (WCAG 2 A and AA rules, colour
 * contrast included) on the whole page, every collapsed part opened.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { test, expect, type Browser } from '@playwright/test';
import { launchBrowser } from './helpers/browser.ts';
import { freshDir } from './fixtures/reporters/run-fixture.ts';
import { runCommand } from './helpers/cli.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

let browser: Browser | undefined;
test.afterAll(async () => {
  await browser?.close();
});

test('a failing report: coverage and trend render, and axe-core finds no serious or critical violation', async () => {
  test.setTimeout(180_000);
  const dir = freshDir('a11y');
  const reports = path.join(dir, 'reports');
  const env = { CONFORMANCE_REPORT_DIR: reports, CONFORMANCE_SEED: '515', CONFORMANCE_HISTORY: path.join(dir, 'history.jsonl'), DISPATCH_MAX_RESPONSE_MS: '60000' };
  const grep = ['--grep', 'createJob boundary values are accepted$|createJob\\.jobRef\\.maxLength$|createJob answers 401'];
  expect((await runCommand('src/cli/conformance.ts', grep, { env })).code).toBe(0);
  const failing = await runCommand('src/cli/conformance.ts', [...grep, '--fault=createJob.jobRef.maxLength:off-by-one', '--fault=wrong-success-status'], { env });
  expect(failing.code).toBe(1);

  browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(pathToFileURL(path.join(reports, 'conformance.html')).href);
  await expect(page.getByTestId('verdict')).toHaveText('FAIL');
  // The coverage table: one row per operation, each criterion a cell.
  await expect(page.getByTestId('coverage').locator('tbody tr')).toHaveCount(9);
  await expect(page.getByTestId('coverage').locator('thead th')).toHaveText(['Operation', 'statuses', 'request-types', 'response-types', 'accept', 'reject', 'parameters', 'members']);
  await expect(page.getByTestId('coverage-totals').locator('tbody tr')).toHaveCount(7);
  // The trend: two runs drawn, the series visible and of a size a person can read.
  const trend = page.getByTestId('trend');
  await trend.scrollIntoViewIfNeeded();
  await expect(trend).toBeVisible();
  const box = await trend.boundingBox();
  expect(box!.width).toBeGreaterThan(300);
  expect(box!.height).toBeGreaterThan(60);
  await expect(trend.locator('polyline')).toHaveCount(3);
  await expect(trend.locator('circle')).toHaveCount(6);
  await expect(page.locator('#history ul[data-change="new"] li')).not.toHaveCount(0);

  // Every collapsed part open (all results, untested rows), so that axe judges the whole report.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
  await page.addScriptTag({ content: fs.readFileSync(AXE, 'utf8') });
  const result = (await page.evaluate(() => (window as unknown as { axe: { run: (o: unknown) => Promise<unknown> } }).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))) as AxeResult;
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.length} elements, e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
  expect(serious).toEqual([]);
});
