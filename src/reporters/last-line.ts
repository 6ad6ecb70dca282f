/**
 * The console's last line is the run's verdict, matching the exit code: Playwright's list reporter
 * ends with "N passed", which says nothing of the run (tests never fail on a verdict). The
 * conformance reporter hands its headline here; this reporter, last in playwright.config.ts,
 * prints it after everything else.
 */
import type { Reporter } from '@playwright/test/reporter';

let line: string | undefined;

/** The line to end the console with (set by the conformance reporter). */
export function setLastLine(text: string): void {
  line = text;
}

export default class LastLineReporter implements Reporter {
  printsToStdio(): boolean {
    return true;
  }

  onEnd(): void {
    if (line !== undefined) process.stdout.write(`${line}\n`);
  }
}
