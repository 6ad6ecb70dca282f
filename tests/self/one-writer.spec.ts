/**
 * The verdict has one writer: the recorder keeps the facts, the gate decides. An assumed rule the
 * target breaks is a deviation (the run passes, `--strict` fails it) whatever path found it; a row
 * conforms only when each side its plan sends was judged (that the mutation runner's verdicts are
 * `npm run conformance`'s is tests/self/mutation.spec.ts's).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import { embeddedSuite } from '../../src/targets/embedded.ts';
import { failsRun, verdictOf } from '../../src/results/gate.ts';
import type { ConformanceReport } from '../../src/results/model.ts';
import { listFaults } from '../../src/server/index.ts';
import { Recorder } from '../../src/suite/record/recorder.ts';
import { runAll } from './helpers/run-steps.ts';
import { RUN_DIR_PREFIX } from '../../src/suite/run/run-dir.ts';
import { runCommand } from './helpers/cli.ts';

const contract = loadContract();
const catalogue = buildCatalogue(contract);
const assumed = catalogue.filter((c) => c.provenance === 'assumed');

test('the catalogue has assumed constraints, each with a fault that breaks it', () => {
  expect(assumed.length).toBeGreaterThan(0);
  for (const c of assumed) expect(listFaults().filter((f) => f.detectedBy === c.id).length, c.id).toBeGreaterThan(0);
});

for (const c of assumed) {
  test(`${c.id} (assumed): each fault on it is a deviation through the engine, failing the run only under --strict`, async () => {
    for (const fault of listFaults().filter((f) => f.detectedBy === c.id)) {
      // The constraint's own step with random violations on: a random failure is shrunk, and the
      // shrunk case must stay a deviation (it once became a violation there).
      const t = await embeddedSuite({ faults: [fault.name], contract, catalogue, settings: { CONFORMANCE_SEED: '7', CONFORMANCE_VIOLATION_RUNS: '5' } });
      try {
        await runAll(t.ctx, t.recorder, { only: (s) => s.file === 'constraints' && s.owns.includes(c.id) });
      } finally {
        await t.close();
      }
      const row = t.recorder.records().find((r) => r.rowId === c.id)!;
      expect(row.verdict, fault.name).toBe('deviation');
      expect(failsRun(row.verdict), fault.name).toBe(false);
      expect(failsRun(verdictOf(row, { strict: true }).verdict), fault.name).toBe(true);
      expect(row.evidence.every((e) => e.provenance === 'assumed'), fault.name).toBe(true);
    }
  });
}

test('the command line: an assumed constraint broken gives exit 0 with one deviation; --strict gives exit 1', async () => {
  test.setTimeout(180_000);
  const fault = 'changeJobStatus.subStatus.maxLength:off-by-one';
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-assumed-'));
  const env = { CONFORMANCE_SEED: '11', CONFORMANCE_REPORT_DIR: reports };
  const plain = await runCommand('src/cli/conformance.ts', ['--fault', fault, '--grep', 'changeJobStatus'], { env, timeoutMs: 150_000 });
  const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
  expect(plain.code, plain.stdout.slice(-2000)).toBe(0);
  expect(report.summary).toMatchObject({ violated: 0, deviations: 1 });
  expect(report.results.find((r) => r.rowId === 'changeJobStatus.subStatus.maxLength')?.verdict).toBe('deviation');
  const strict = await runCommand('src/cli/conformance.ts', ['--fault', fault, '--grep', 'changeJobStatus', '--strict'], { env, timeoutMs: 150_000 });
  expect(strict.code).toBe(1);
  fs.rmSync(reports, { recursive: true, force: true });
});

test('a row judged on one side only is untested with the reason, never conforming', () => {
  const recorder = new Recorder(contract);
  const c = catalogue.find((x) => x.id === 'createJob.jobRef.maxLength')!;
  const row = recorder.constraintRow(c);
  recorder.plan(row, ['accept', 'reject']);
  recorder.pass(row, 'accept');
  expect(recorder.records()[0]).toMatchObject({ verdict: 'untested', reasons: [{ code: 'partial' }] });
  recorder.pass(row, 'reject');
  expect(recorder.records()[0]!.verdict).toBe('conforms');
  recorder.notSent(row, { code: 'budget', text: 'the job budget is spent' });
  expect(recorder.records()[0]!.verdict).toBe('conforms');
  recorder.fail(row, 'reject', { expected: 'reject (4xx)', actual: 'accepted with 202' });
  expect(recorder.records()[0]!.verdict).toBe('violated');
});

test('a run leaves no run folder in the temp folder', async () => {
  const before = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(RUN_DIR_PREFIX));
  const t = await embeddedSuite({ contract, catalogue, settings: { CONFORMANCE_SEED: '3' } });
  await runAll(t.ctx, t.recorder, { only: (s) => s.file === 'boundaries' });
  expect(fs.existsSync(path.join(os.tmpdir(), `${RUN_DIR_PREFIX}${t.ctx.config.runId}`))).toBe(true);
  await t.close();
  const after = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(RUN_DIR_PREFIX) && !before.includes(n));
  expect(after).toEqual([]);
});
