/**
 * The mutation score measures what users run: fault by fault, on one fault from every family, what
 * the mutation runner makes of a fault (detected, by which rows, which other rows broke, its excuse)
 * is what `npm run conformance` with 2 workers gives against the same faulty server, at the same
 * seed and settings; and the command line's exit code is its report's outcome. Each fault costs a
 * whole run twice (about 15 s), so this runs in CI after npm test (npm run test:sweep).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { embeddedRun } from '../../src/targets/embedded.ts';
import { runMutation } from '../../src/mutation/runner.ts';
import { scoreFault } from '../../src/results/fault-outcome.ts';
import type { ConformanceReport } from '../../src/results/model.ts';
import { listFaults } from '../../src/server/index.ts';
import { runCommand } from '../self/helpers/cli.ts';
import { LIGHT, SAMPLE, SEED } from '../self/helpers/mutation-sample.ts';

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
