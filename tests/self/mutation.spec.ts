/**
 * The suite keeps its power, and the mutation score measures what users run. On a sample of one
 * fault from every family of the reference server's faults:
 * - in every profile, the mutation runner detects each and names it, and the unfaulted server
 *   gets no violation and no deviation but those its profile makes by design (no false alarm);
 * - fault by fault, what the mutation runner makes of a fault (detected, by which rows, which
 *   others broke) is what `npm run conformance` with 2 workers gives against the same faulty
 *   server, at the same seed and settings.
 * The whole sweep (every fault, every profile) is `npm run mutation`, which .ci/run runs too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { embeddedRun } from '../../src/targets/embedded.ts';
import { runMutation } from '../../src/mutation/runner.ts';
import { scoreFault } from '../../src/results/fault-outcome.ts';
import type { ConformanceReport } from '../../src/results/model.ts';
import { listFaults, PROFILE_NAMES } from '../../src/server/index.ts';
import { runCommand } from './helpers/cli.ts';

const SEED = 20261128;
/**
 * A lighter plan, set through the settings a user sets (README, "The mutation sweep"): fewer
 * random bodies and model runs. The probes send what they always send.
 */
const LIGHT: Record<string, string> = {
  CONFORMANCE_RUNS: '3',
  CONFORMANCE_VIOLATION_RUNS: '1',
  CONFORMANCE_MODEL_RUNS: '2',
  CONFORMANCE_MODEL_COMMANDS: '4',
  DISPATCH_CONSISTENCY_MS: '500',
};
/** One fault of every family (the test below holds that it covers them all). */
const SAMPLE: Record<string, string> = {
  constraint: 'createJob.jobRef.maxLength:off-by-one',
  items: 'createJob.objectives[]:first-item-only',
  referential: 'createJob.jobTypeId:unchecked-reference',
  robustness: 'malformed-json-500',
  state: 'bulk-first-item-only',
  envelope: 'error-without-code',
  status: 'invalid-body-404',
  auth: 'any-token',
  security: 'read-ignores-tenant',
  headers: 'optional-header:X-COREOS-TID',
  lenient: 'updateJob:accepts-missing-members',
  methods: 'patch-as-put',
  paths: 'path-id-too-long-500',
  tokens: 'expired-token-accepted',
  answers: 'json-as-text-plain',
};

test('the sample has one fault of every family, each one that counts in every profile', () => {
  for (const profile of PROFILE_NAMES) {
    const faults = listFaults(profile);
    expect(Object.keys(SAMPLE).sort(), profile).toEqual([...new Set(faults.map((f) => f.family))].sort());
    for (const [family, name] of Object.entries(SAMPLE)) {
      expect(faults.find((f) => f.name === name), `${profile}: ${name}`).toMatchObject({ family });
      expect(faults.find((f) => f.name === name)?.equivalent, `${profile}: ${name}`).toBeUndefined();
    }
  }
});

for (const profile of PROFILE_NAMES) {
  test(`[${profile}] the unfaulted reference server gets no violation and no deviation beyond the profile's own (no false alarm)`, async () => {
    const report = await runMutation({ target: embeddedRun, mode: 'full', seed: SEED, profile, settings: LIGHT, faults: [], baseline: true });
    expect(report.falseAlarms).toEqual([]);
    expect(report.baselineRequests).toBeGreaterThan(500);
  });
}

for (const profile of PROFILE_NAMES.filter((p) => p !== 'contract')) {
  test(`[${profile}] one fault of every family is detected and named`, async () => {
    test.setTimeout(300_000);
    const report = await runMutation({ target: embeddedRun, mode: 'fast', seed: SEED, profile, settings: LIGHT, faults: Object.values(SAMPLE), baseline: false });
    expect(report.faults.map((f) => f.name).sort()).toEqual(Object.values(SAMPLE).sort());
    const missed = report.faults.filter((f) => !f.detected).map((f) => `${f.name} (expected ${f.detectedBy}; saw ${f.alsoViolated.join(', ') || 'nothing'})`);
    expect(missed, 'faults the suite did not catch').toEqual([]);
  });
}

// The contract profile: each sample fault once through the mutation runner (the whole run) and
// once through the command line, and the two agree row for row on what broke.
for (const [family, name] of Object.entries(SAMPLE)) {
  test(`[contract] ${family}: the mutation runner detects ${name}, and its result is npm run conformance's with 2 workers`, async () => {
    test.setTimeout(180_000);
    const fault = listFaults().find((f) => f.name === name)!;
    const mutation = await runMutation({ target: embeddedRun, mode: 'full', seed: SEED, settings: LIGHT, faults: [name], baseline: false });
    const [runner] = mutation.faults;
    expect(runner, name).toMatchObject({ name, detected: true });

    const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-mutation-cli-'));
    const cli = await runCommand('src/cli/conformance.ts', ['--fault', name], { env: { ...LIGHT, CONFORMANCE_SEED: String(SEED), CONFORMANCE_WORKERS: '2', CONFORMANCE_REPORT_DIR: reports }, timeoutMs: 150_000 });
    const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
    fs.rmSync(reports, { recursive: true, force: true });
    expect(cli.code, cli.stdout.slice(-1500)).toBe(report.outcome.exitCode);

    const { requests: _r, durationMs: _d, ...fromCli } = scoreFault(fault, report.results, { requests: 0, durationMs: 0 });
    const { requests: _r2, durationMs: _d2, ...fromRunner } = runner!;
    expect({ ...fromRunner, caughtBy: fromRunner.caughtBy.sort(), alsoViolated: fromRunner.alsoViolated.sort() }).toEqual({ ...fromCli, caughtBy: fromCli.caughtBy.sort(), alsoViolated: fromCli.alsoViolated.sort() });
  });
}
