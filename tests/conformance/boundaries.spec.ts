/**
 * Per operation: every boundary value is accepted. Boundary values of different members travel
 * together in few valid bodies (one request, and on a create one job, for many); a refused body is
 * unpacked to find the value refused, reported under its own constraint.
 */
import { loadContract } from '../../src/contract/index.ts';
import { CHECKS } from '../../src/results/model.ts';
import { expectConformance, test } from '../../src/suite/fixtures.ts';
import { boundaryTestTitle, runBoundaries } from '../../src/suite/index.ts';

const contract = loadContract();

for (const op of contract.operations.filter((o) => o.requestSchema)) {
  test(boundaryTestTitle(op), async ({ suite, recorder }) => {
    await runBoundaries(suite, recorder, op);
    const mine = suite.catalogue.filter((c) => c.operationId === op.operationId).map((c) => c.id);
    expectConformance(recorder, [...mine, `${CHECKS.acceptsValid}.${op.operationId}`]);
  });
}
