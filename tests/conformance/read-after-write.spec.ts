/** Reads reflect writes (model-based, shrinking to the shortest failing sequence). */
import { expectConformance, test } from '../../src/suite/fixtures.ts';
import { runReadAfterWrite } from '../../src/suite/index.ts';
import { CHECKS } from '../../src/results/model.ts';

test('read-after-write: reads reflect writes within DISPATCH_CONSISTENCY_MS', async ({ suite, recorder }) => {
  await runReadAfterWrite(suite, recorder, {
    numRuns: Number(process.env.CONFORMANCE_MODEL_RUNS ?? 25),
    maxCommands: Number(process.env.CONFORMANCE_MODEL_COMMANDS ?? 8),
  });
  expectConformance(recorder, [`${CHECKS.readAfterWrite}.`]);
});
