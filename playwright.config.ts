import { defineConfig } from '@playwright/test';

/**
 * Two projects share one runner:
 * - `self`: the project's own tests (npm test);
 * - `conformance`: the conformance suite against a Dispatch target (npm run conformance, which
 *   checks the configuration and starts the embedded server first).
 */
export default defineConfig({
  timeout: 120_000,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: 'test-results',
  projects: [
    {
      name: 'self',
      testDir: 'tests/self',
      fullyParallel: true,
    },
    {
      name: 'conformance',
      testDir: 'tests/conformance',
      fullyParallel: true,
    },
  ],
});
