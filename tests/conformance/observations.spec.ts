/**
 * Where the documentation is silent: probe and record what the target does. These never fail on
 * the answer itself; only a 5xx (never acceptable) fails them, and a broken envelope fails the run.
 */
import { loadContract, loadSilentPoints } from '../../src/contract/index.ts';
import { expectConformance, test } from '../../src/suite/fixtures.ts';
import { probeSilentPoint } from '../../src/suite/index.ts';

const contract = loadContract();
for (const point of loadSilentPoints(undefined, contract.operations.map((o) => o.operationId))) {
  test(`observation: ${point.id}`, async ({ suite, recorder }) => {
    await probeSilentPoint(suite, recorder, point);
    expectConformance(recorder, []);
  });
}
