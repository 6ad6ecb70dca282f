/**
 * Positions as a QA engineer meets them: against a server that validates only the first objective,
 * the run fails on objectiveRef at position 1, the report says where each array constraint was
 * checked, the failure shows a minimal body whose first objective is valid, and the replay command
 * it prints sends that case again and fails the same way. One run of the command line (~10 s of CPU)
 * and two of the engine in process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { embeddedSuite } from '../../src/targets/embedded.ts';
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import { runConstraint } from '../../src/suite/index.ts';
import { runCommand } from './helpers/cli.ts';

const CLI = 'src/cli/conformance.ts';
const CONSTRAINT = 'createJob.objectives[].objectiveRef.maxLength';
const TWIN = 'updateJobById.objectives[].objectiveRef.maxLength';
const createJob = loadContract().operation('createJob');

async function run(env: Record<string, string>) {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'positions-'));
  // The constraints' own tests, and the operations' boundary tests (where position 0's accepted values travel packed).
  const result = await runCommand(CLI, ['--fault', 'createJob.objectives[]:first-item-only', '--grep', 'objectives\\[\\]\\.objectiveRef\\.maxLength|boundary values'], {
    env: { CONFORMANCE_SEED: '4242', CONFORMANCE_REPORT_DIR: reports, ...env },
    timeoutMs: 180_000,
  });
  const json = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8'));
  const html = fs.readFileSync(path.join(reports, 'conformance.html'), 'utf8');
  const row = (id: string) => json.results.find((r: { rowId: string }) => r.rowId === id);
  return { result, out: result.stdout + result.stderr, row, html };
}

/** The env and grep of a replay command such as `CONFORMANCE_SEED=1 CONFORMANCE_POSITION=1 npm run conformance -- --grep '…'`. */
function parseReplay(replay: string): Record<string, string> {
  const m = /^((?:[A-Z_]+=\S+ )+)npm run conformance -- --grep '(.+)'$/.exec(replay);
  expect(m, replay).not.toBeNull();
  return Object.fromEntries(m![1]!.trim().split(' ').map((kv) => kv.split('=') as [string, string]));
}

test('a server that validates only the first objective fails at position 1: the report shows where, the minimal body, and a replay that reproduces it', async () => {
  test.setTimeout(300_000);
  const first = await run({});
  expect(first.result.code).not.toBe(0);
  const row = first.row(CONSTRAINT);
  expect(row.verdict).toBe('violated');
  // Each accepted violation of createJob made a job: the first is the evidence, and the row's other
  // violating cases (the last position) are not sent.
  expect(row.positions.reject).toEqual(['0', '1']);
  // The twin on updateJobById is unaffected, and the report says where it was checked.
  expect(first.row(TWIN).verdict).toBe('conforms');
  expect(first.html).toContain('checked at positions 0, 1 and last');

  // The deterministic case is minimal by construction (not shrunk): two objectives, the first valid, the second too long.
  const minimal = row.evidence[0];
  expect(minimal.caseDescription).not.toMatch(/^minimal failing case/);
  expect(minimal.position).toBe('1');
  const objectives = minimal.exchange.requestBody.objectives as unknown[];
  expect(objectives).toHaveLength(2);
  const validate = loadContract().validatorFor(createJob.requestSchema!);
  expect(validate({ ...minimal.exchange.requestBody, objectives: [objectives[0]] }), 'objectives[0] of the minimal body is valid').toBe(true);
  expect(first.html).toMatch(/data-testid="position">1</);
  expect(first.out).toMatch(/position: 1 \(of the array/);
  // Its replay is the seeded run of the constraint's test (conformance-cli.spec.ts shows it gives the same minimal body).
  expect(parseReplay(minimal.replay)).toEqual({ CONFORMANCE_SEED: '4242', CONFORMANCE_POSITION: '1', CONFORMANCE_REPORT_DIR: 'reports/replay' });
});

test('without random cases, the failing case of a later position replays alone (CONFORMANCE_POSITION)', async () => {
  // In process, as the command line's workers run it: the engine, the config a replay command sets,
  // each run on a fresh faulty server (a replay meets a target that has not seen the first run).
  const constraint = buildCatalogue(loadContract()).find((c) => c.id === CONSTRAINT)!;
  const runOnce = async (env: Record<string, string>) => {
    const { ctx, recorder, close } = await embeddedSuite({ faults: ['createJob.objectives[]:first-item-only'], settings: { CONFORMANCE_SEED: '4242', ...env } });
    try {
      return await runConstraint(ctx, recorder, constraint, { randomRuns: 0 });
    } finally {
      await close();
    }
  };
  const first = await runOnce({});
  expect(first.verdict).toBe('violated');
  // The accepted values travel packed with others, those at later positions too (with the others
  // at that position); the constraint's own test, run alone, judges them from those bodies.
  expect(first.positions).toEqual({ accept: ['0', '1', 'last'], reject: ['0', '1'] });
  // The deterministic case at position 1 (not the shrunk one, which replays its seed).
  const evidence = first.evidence.find((e) => e.position === '1' && e.seed === undefined);
  expect(evidence, JSON.stringify(first.evidence.map((e) => e.position))).toBeDefined();
  expect(evidence!.replay).toMatch(/^CONFORMANCE_SEED=4242 CONFORMANCE_POSITION=1 CONFORMANCE_REPORT_DIR=reports\/replay npm run conformance -- --grep /);
  const again = await runOnce(parseReplay(evidence!.replay!));
  expect(again.verdict).toBe('violated');
  // Only the case at position 1 was sent (a replay of one position sends no packed body).
  expect(again.positions).toEqual({ accept: [], reject: ['1'] });
  expect(again.requests).toBe(1);
  // The replay sends the case alone: the value at position 1 is the one the evidence shows (which
  // may have travelled packed with other violations of the same position, one job for all).
  const at1 = (e: { exchange?: { requestBody?: unknown } }) => (e.exchange!.requestBody as { objectives: { objectiveRef: string }[] }).objectives[1]!.objectiveRef;
  expect(at1(again.evidence[0]!)).toBe(at1(evidence!));
});
