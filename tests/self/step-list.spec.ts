/**
 * Playwright's runner lists the conformance tests from the step list the command line hands over
 * (src/playwright/step-list.ts), without the engine; a worker runs each listed test's own step,
 * matched by file, group and title, and a listed test that names no step fails with the line
 * that says so rather than running another step.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { runCommand } from './helpers/cli.ts';
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import { suiteSteps } from '../../src/suite/run/steps.ts';
import { STEP_LIST_ENV, stepListOf, writeStepList, type ListedStep } from '../../src/playwright/step-list.ts';

const PLAYWRIGHT = 'node_modules/@playwright/test/cli.js';
const contract = loadContract();
const plan = stepListOf(suiteSteps(contract, buildCatalogue(contract)));

function listFile(steps: ListedStep[]): string {
  return writeStepList(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'step-list-')), 'steps.json'), steps);
}

test('the runner lists the tests of the step list it is handed, and only those', async () => {
  const two = [plan.find((s) => s.file === 'operations')!, plan.find((s) => s.file === 'constraints' && s.group)!];
  const run = await runCommand(PLAYWRIGHT, ['test', '--project=conformance', '--list'], { env: { [STEP_LIST_ENV]: listFile(two) } });
  expect(run.code, run.stderr).toBe(0);
  const titles = run.stdout.split('\n').filter((l) => l.startsWith('  [conformance] › ')).map((l) => l.split(' › ').slice(2).join(' › '));
  expect(titles.sort()).toEqual(two.map((s) => (s.group ? `${s.group} › ${s.title}` : s.title)).sort());
  // Without one, the whole plan is listed, made in the runner.
  const whole = await runCommand(PLAYWRIGHT, ['test', '--project=conformance', '--list'], { env: { [STEP_LIST_ENV]: '' } });
  expect(Number(/^Total: (\d+) tests?/m.exec(whole.stdout)?.[1])).toBe(plan.length);
});

test("a worker runs a listed test's own step; a listed test that names no step fails with the line that says so", async () => {
  test.setTimeout(120_000);
  const real = plan.find((s) => s.file === 'operations' && /401/.test(s.title)) ?? plan.find((s) => s.file === 'operations')!;
  const gone: ListedStep = { ...real, title: 'a step no plan holds' };
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'step-list-reports-'));
  const run = await runCommand(PLAYWRIGHT, ['test', '--project=conformance', '--workers=1'], {
    env: { [STEP_LIST_ENV]: listFile([real, gone]), CONFORMANCE_REPORT_DIR: reports, CONFORMANCE_HISTORY: 'off', CONFORMANCE_SEED: '5' },
  });
  expect(run.code).not.toBe(0);
  expect(run.stdout).toContain('no step "a step no plan holds" in tests/conformance/operations.spec.ts: the contract changed since the run listed its tests');
  const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as { results: { rowId: string; requests: number }[] };
  // The real step ran: its rows were judged on requests it sent.
  const owned = report.results.filter((r) => real.owns.some((o) => (o.endsWith('.') ? r.rowId.startsWith(o) : r.rowId === o)));
  expect(owned.length).toBeGreaterThan(0);
  expect(owned.some((r) => r.requests > 0)).toBe(true);
});
