/**
 * `npm run mutation` as a user runs it: a bad flag is one line and exit 2 before anything runs; a
 * run of a few faults writes reports/mutation.json (version 3: one report per profile, the score
 * fault-outcome.ts makes) and exits by sweepOutcome (0: every counted fault caught, no false alarm).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { runCommand } from './helpers/cli.ts';
import { LIGHT, REMOTE_SWEEP, SEED } from './helpers/mutation-sample.ts';

const BAD: [string[], RegExp][] = [
  [['--fault', 'createJob.jobRef.maxLength:off-by-two'], /unknown fault "createJob\.jobRef\.maxLength:off-by-two" \(list them with: npm run serve -- --list-faults\)/],
  [['--family', 'stat'], /--family takes one of constraint, .*state.*, not "stat"/],
  [['--seeds', '0'], /--seeds takes a whole number from 1 to 100, not "0"/],
  [['--jobs', '99'], /--jobs takes a whole number from 1 to 16, not "99"/],
  [['--plan', 'staging'], /--plan takes remote or local, not "staging"/],
];

for (const [args, line] of BAD) {
  test(`npm run mutation -- ${args.join(' ')}: one line that says what to fix, exit 2`, async () => {
    const run = await runCommand('src/cli/mutation.ts', args, { timeoutMs: 30_000 });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(line);
    expect(run.stdout).toBe('');
  });
}

test('a run of one family in one profile writes mutation.json with its score and exits 0 when every fault is caught', async () => {
  test.setTimeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-mutation-cli-'));
  const run = await runCommand('src/cli/mutation.ts', ['--fast', '--profile', 'os1', '--family', 'status'], { env: { ...LIGHT, CONFORMANCE_SEED: String(SEED), CONFORMANCE_REPORT_DIR: dir }, timeoutMs: 170_000 });
  const file = JSON.parse(fs.readFileSync(path.join(dir, 'mutation.json'), 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(file).toMatchObject({ version: 3, seed: SEED, mode: 'fast', profiles: [{ profile: 'os1', score: 1, detected: 2, total: 2, falseAlarms: [] }] });
  expect(file.profiles[0].faults.map((f: { name: string }) => f.name).sort()).toEqual(['invalid-body-404', 'invalid-jobref-404']);
  expect(run.stdout).toMatch(/^\[os1\] mutation score 100\.0% \(2\/2 detected; .*false alarms on the unfaulted server: 0$/m);
});

test('the plan settings in the environment reach every run: a token wait lets the remote plan catch an expired token, and the first line names the settings', async () => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-mutation-cli-'));
  // A remote target's run waits for no token (CONFORMANCE_TOKEN_WAIT_S 0): only the setting, passed on, lets the row be judged.
  const env = { ...LIGHT, ...REMOTE_SWEEP, CONFORMANCE_SEED: String(SEED), CONFORMANCE_REPORT_DIR: dir };
  const run = await runCommand('src/cli/mutation.ts', ['--fast', '--profile', 'contract', '--plan', 'remote', '--fault', 'expired-token-accepted'], { env, timeoutMs: 110_000 });
  const file = JSON.parse(fs.readFileSync(path.join(dir, 'mutation.json'), 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.stdout.split('\n')[0]).toContain('CONFORMANCE_TOKEN_WAIT_S=3');
  expect(file.profiles[0].faults).toMatchObject([{ name: 'expired-token-accepted', detected: true, caughtBy: ['check:token-expiry'] }]);
});
