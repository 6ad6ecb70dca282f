/**
 * Playwright's global setup for the conformance suite run directly (npx playwright test
 * --project=conformance, an editor's test runner) with no target configured: one embedded
 * reference server in the runner for all its workers, as `npm run conformance` starts one for
 * its run; so the workers share one server's state (the jobs one makes, the other may read), and
 * none starts a server of its own. The settings that point the suite at it go into the runner's
 * environment, which the workers inherit; the teardown it returns closes it. With a target
 * configured (the command line's server included), it does nothing; a configuration that does
 * not load is left to each worker's fixture, which says the one line to fix.
 */
import { loadConfig } from '../config/config.ts';

export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  try {
    if (loadConfig().baseUrl) return undefined;
  } catch {
    return undefined;
  }
  const { startEmbedded } = await import('../targets/embedded.ts');
  const embedded = await startEmbedded();
  Object.assign(process.env, embedded.env);
  return async () => {
    await embedded.server.close();
  };
}
