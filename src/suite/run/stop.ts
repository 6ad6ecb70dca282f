/**
 * Stopping a conformance run early, keeping what was judged: once the target is unreachable,
 * nothing more can be judged, and each remaining test would only fail the same way. Under
 * `npm run conformance` (DISPATCH_CONFORMANCE_RUN=1) the worker asks the Playwright runner, its
 * parent, to stop as Ctrl-C does: the tests not yet run are not run, and the reporter still writes
 * every report. Run another way (an editor, plain `npx playwright test`), the parent may not be
 * Playwright's runner: then each remaining test fails at once, sending nothing.
 */
let asked = false;

export function stopRun(env: NodeJS.ProcessEnv = process.env): void {
  if (asked || env.DISPATCH_CONFORMANCE_RUN !== '1' || process.platform === 'win32') return;
  asked = true;
  try {
    process.kill(process.ppid, 'SIGINT');
  } catch {
    // The runner is gone already: nothing to stop.
  }
}
