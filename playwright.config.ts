import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { loadConfig } from './src/config/config.ts';

/** The project's own tests: npm test (`self`) and the CI's sweep (`sweep`, npm run test:sweep). */
const ownTests = process.argv.includes('--project=self') || process.argv.includes('--project=sweep');

// The project's own tests keep every temporary file in one folder of their own, which the global
// teardown removes: a test run leaves nothing in the temp folder. Set here, in the runner, before
// its workers start; they and the commands the tests spawn inherit it.
if (ownTests && !process.env.SELF_TEST_TMPDIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dispatch-conformance-tests-'));
  process.env.SELF_TEST_TMPDIR = dir;
  // Only this runner removes it: a suite run a test starts inherits the variable, not the folder.
  process.env.SELF_TEST_TMPDIR_OWNER = String(process.pid);
  process.env.TMPDIR = dir;
}

// The conformance suite run directly (npx playwright test --project=conformance, an editor's test
// explorer; npm run conformance sets both itself): one seed and one run id for the whole run, drawn
// here in the runner before its workers start (they inherit its environment, and find both set),
// so that every worker replays from the seed the report prints and tags what it makes with the
// same run. The seed comes from .env or the environment when given there; a configuration that
// does not load leaves it to the workers, whose fixture reports the one line that says what to fix.
if (!ownTests && !(process.env.CONFORMANCE_SEED && process.env.CONFORMANCE_RUN_ID)) {
  try {
    const config = loadConfig();
    process.env.CONFORMANCE_SEED ??= String(config.seed);
    if (!process.env.CONFORMANCE_RUN_ID) {
      process.env.CONFORMANCE_RUN_ID = config.runId;
      // The runner that drew the id owns the run's folder: its global teardown removes it.
      process.env.CONFORMANCE_RUN_OWNER = String(process.pid);
    }
  } catch {
    // A bad setting: each worker's fixture fails with its one line.
  }
}

/**
 * Three projects share one runner:
 * - `self`: the project's own tests (npm test);
 * - `sweep`: the project's own slow tests, which CI runs after npm test (npm run test:sweep): the
 *   mutation runner held to the command line's verdicts, fault by fault;
 * - `conformance`: the conformance suite against a Dispatch target (npm run conformance, which
 *   checks the configuration and starts the embedded server first).
 */
export default defineConfig({
  timeout: 120_000,
  forbidOnly: true,
  // Run directly with no target, the suite's one embedded server lives in the runner (not in the
  // project's own tests, which start their own servers).
  ...(ownTests ? {} : { globalSetup: './src/playwright/global-setup.ts' }),
  // A run of the suite started directly leaves no run folder behind (src/suite/run/run-dir.ts).
  globalTeardown: './src/playwright/teardown.ts',
  // Most tests wait on loopback I/O, so two workers keep both of this machine's cores busy.
  workers: 2,
  // The conformance reporter comes first: it masks secrets before Playwright's html reporter reads
  // them, and writes reports/ only for the conformance project.
  reporter: [
    // Under --shard, the conformance tests shard by what their tests need of the job cap.
    ['./src/playwright/shard-by-need.ts', { projects: ['conformance'] }],
    ['./src/reporters/conformance-reporter.ts', { outputDir: 'reports', projects: ['conformance'] }],
    ['html', { outputFolder: path.join(process.env.CONFORMANCE_REPORT_DIR || 'reports', 'html'), open: 'never' }],
    // The project's own tests: Playwright's list. A run of the suite: a line per test marked by
    // what its rows came to (a test never fails on a verdict, so list's ✓ and "N passed" misled).
    // --list runs nothing: Playwright's list prints the tests it selects (a replay's --grep, checked).
    ownTests || process.argv.includes('--list') ? ['list'] : ['./src/reporters/console-tests.ts'],
    // Last: the run's verdict as the console's last line, matching the exit code.
    ['./src/reporters/last-line.ts'],
  ],
  outputDir: 'test-results',
  projects: [
    {
      name: 'self',
      testDir: 'tests/self',
      fullyParallel: true,
    },
    {
      name: 'sweep',
      testDir: 'tests/sweep',
      fullyParallel: true,
    },
    {
      name: 'conformance',
      testDir: 'tests/conformance',
      fullyParallel: true,
    },
  ],
});
