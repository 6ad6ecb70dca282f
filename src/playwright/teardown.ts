/**
 * Playwright's global teardown: when the conformance suite is run directly (not through
 * `npm run conformance`, which removes its run's folder itself), the workers shared a run folder
 * keyed by the run id this runner drew (playwright.config.ts); it goes with the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RunDir } from '../suite/run/run-dir.ts';

export default function teardown(): void {
  const runId = process.env.CONFORMANCE_RUN_ID;
  if (runId && process.env.CONFORMANCE_RUN_OWNER === String(process.pid)) new RunDir(runId).remove();
  // The project's own tests' temporary folder (playwright.config.ts), with everything they left in it.
  const selfTests = process.env.SELF_TEST_TMPDIR;
  const owner = process.env.SELF_TEST_TMPDIR_OWNER === String(process.pid);
  if (selfTests && owner && path.basename(selfTests).startsWith('dispatch-conformance-tests-')) fs.rmSync(selfTests, { recursive: true, force: true });
}
