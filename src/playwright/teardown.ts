/**
 * Playwright's global teardown: when the conformance suite is run directly (not through
 * `npm run conformance`, which removes its run's folder itself), the workers shared a run folder
 * keyed by this runner's pid (see fixtures.ts); it goes with the run.
 */
import { RunDir } from '../suite/run-dir.ts';

export default function teardown(): void {
  new RunDir(`pw${process.pid}`).remove();
}
