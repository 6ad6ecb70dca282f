/**
 * One verdict per seed, one finding per cause. Two runs with the same seed against the same faulty
 * reference server, with 1 and with 2 workers, give the same verdict on every row (jobs and packs
 * are the plan's, not whoever asks first); and a createJob that keeps another jobRef than the one
 * written is one root finding with the updateJob rows under it as knock-on effects.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import { embeddedSuite } from '../../src/targets/embedded.ts';
import type { ConformanceReport } from '../../src/results/model.ts';
import { knockOnsOf } from '../../src/reporters/format.ts';
import { renderHtml } from '../../src/reporters/html.ts';
import { runAll } from './helpers/run-steps.ts';
import { JOB_REF_ROOT } from '../../src/suite/record/facts.ts';
import { reportOf } from './helpers/rows.ts';
import { runCommand } from './helpers/cli.ts';

const FAULT = 'createJob:drops-jobRef';

test('the same seed against the same faulty target: the same verdict table with 1 and with 2 workers', async () => {
  test.setTimeout(240_000);
  const table = async (workers: string) => {
    const reports = fs.mkdtempSync(path.join(os.tmpdir(), `dc-seed-${workers}-`));
    // The tests of updateJob and createJob: those the fault reaches (the rest of the run is as in any other).
    const run = await runCommand('src/cli/conformance.ts', ['--fault', FAULT, '--grep', 'updateJob|createJob'], { env: { CONFORMANCE_SEED: '4242', CONFORMANCE_WORKERS: workers, CONFORMANCE_REPORT_DIR: reports }, timeoutMs: 200_000 });
    const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
    fs.rmSync(reports, { recursive: true, force: true });
    expect(run.code).toBe(1);
    return Object.fromEntries(report.results.map((r) => [r.rowId, r.verdict]));
  };
  const one = await table('1');
  const two = await table('2');
  expect(two).toEqual(one);
  expect(one[JOB_REF_ROOT]).toBe('violated');
});

test('a createJob that keeps another jobRef: one root finding, the updateJob rows under it as knock-on effects, none violated', async () => {
  const contract = loadContract();
  const catalogue = buildCatalogue(contract);
  const t = await embeddedSuite({ faults: [FAULT], contract, catalogue, settings: { CONFORMANCE_SEED: '7' } });
  try {
    await runAll(t.ctx, t.recorder, { only: (s) => s.file === 'constraints' || s.file === 'boundaries' });
  } finally {
    await t.close();
  }
  const rows = t.recorder.records();
  const root = rows.find((r) => r.rowId === JOB_REF_ROOT)!;
  expect(root.verdict).toBe('violated');
  expect(root.evidence[0]!.actual).toMatch(/was created with jobRef .* and reads jobRef/);
  const knockOn = knockOnsOf(rows, JOB_REF_ROOT);
  expect(knockOn.length).toBeGreaterThanOrEqual(3);
  expect(knockOn.filter((id) => rows.find((r) => r.rowId === id)!.operationId !== 'updateJob')).toEqual([]);
  // Not independent violations: no updateJob row fails the run.
  expect(rows.filter((r) => r.operationId === 'updateJob' && r.verdict === 'violated').map((r) => r.rowId)).toEqual([]);
  // The HTML report shows them under the root finding.
  const html = renderHtml(reportOf(rows, { target: { baseUrl: 'x', embedded: true }, seed: 7 }));
  expect(html).toMatch(new RegExp(`data-testid="knock-on"><strong>Knock-on:</strong> ${knockOn.length} rows`));
});

test('a createJob that keeps another jobRef, at remote defaults: one violated row, the other writers still judged, nothing untested for the budget', async () => {
  test.setTimeout(180_000);
  const contract = loadContract();
  const catalogue = buildCatalogue(contract);
  const t = await embeddedSuite({ faults: [FAULT], remote: true, contract, catalogue, settings: { CONFORMANCE_SEED: '4242', DISPATCH_CONSISTENCY_MS: '1000' } });
  try {
    await runAll(t.ctx, t.recorder);
  } finally {
    await t.close();
  }
  const rows = t.recorder.records();
  const verdict = (id: string) => rows.find((r) => r.rowId === id)?.verdict;
  expect(t.ctx.jobs.created.length).toBeLessThanOrEqual(60);
  // The root alone fails the run: the concurrent creates, whose jobs read back another jobRef too, are not a race.
  expect(rows.filter((r) => r.verdict === 'violated').map((r) => r.rowId)).toEqual([JOB_REF_ROOT]);
  expect(verdict('check:concurrent-create')).toBe('conforms');
  expect(rows.find((r) => r.rowId === 'check:concurrent-create')!.reasons?.map((x) => x.root)).toEqual([JOB_REF_ROOT]);
  // The model goes on with the jobRef each job reads: every writer that finds its job by id is judged.
  for (const writer of ['updateJobById', 'changeJobStatus', 'changeJobSubStatus', 'changeJobsSubStatus', 'createJobAttributes']) {
    expect(verdict(`check:read-after-write.${writer}`), writer).toBe('conforms');
  }
  for (const writer of ['updateJobById', 'changeJobStatus', 'changeJobSubStatus', 'changeJobsSubStatus']) expect(verdict(`check:frame.${writer}`), writer).toBe('conforms');
  expect(rows.filter((r) => r.reasons?.some((x) => x.code === 'budget' || x.code === 'not-reached')).map((r) => r.rowId)).toEqual([]);
  // The operation's valid body was not sent for the root's cause: its row says so.
  expect(rows.find((r) => r.rowId === 'check:accepts-valid.updateJob')!.reasons?.map((x) => x.code)).toContain('knock-on');
});
