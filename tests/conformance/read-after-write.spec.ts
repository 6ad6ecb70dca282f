/** Reads reflect writes (model-based, shrinking to the shortest failing sequence). */
import { expectConformance, test } from '../../src/suite/fixtures.ts';
import { runReadAfterWrite } from '../../src/suite/index.ts';
import { CHECKS } from '../../src/results/model.ts';

test('read-after-write: reads reflect writes within DISPATCH_CONSISTENCY_MS', async ({ suite, recorder }) => {
  await runReadAfterWrite(suite, recorder, { numRuns: suite.config.modelRuns, maxCommands: suite.config.modelCommands });
  expectConformance(recorder, [`${CHECKS.readAfterWrite}.`]);
});
