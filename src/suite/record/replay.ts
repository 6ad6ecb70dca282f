/** The command that runs a test of the suite again, as its evidence shows it. */
import { shellQuote } from '../../shared/text.ts';

/** Replays write their reports to a folder of their own, so the run's report is not overwritten. */
export const REPLAY_DIR = 'CONFORMANCE_REPORT_DIR=reports/replay';

/**
 * The command that runs this constraint's test again with the same seed; for a case inside an
 * array, at the position it failed at only (CONFORMANCE_POSITION), so the replay sends that case.
 */
export function replayCommand(seed: number, testName: string, position?: string): string {
  const at = position !== undefined ? ` CONFORMANCE_POSITION=${position}` : '';
  // The title whole (Playwright matches --grep against the title path, the test's title last), as a
  // regular expression with its specials escaped, in single quotes for the shell.
  const pattern = `${testName.replace(/[.*+?^${}()|[\]\\]/g, (m) => '\\' + m)}$`;
  return `CONFORMANCE_SEED=${seed}${at} ${REPLAY_DIR} npm run conformance -- --grep ${shellQuote(pattern)}`;
}
