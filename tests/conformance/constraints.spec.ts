/**
 * Every catalogue constraint, both ways: its on-boundary valid cases are accepted, its violating
 * cases rejected (never a 5xx). One test per constraint, named by its id.
 */
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import { expectConformance, test } from '../../src/suite/fixtures.ts';
import { runConstraint } from '../../src/suite/index.ts';

const contract = loadContract();
const catalogue = buildCatalogue(contract);

for (const op of contract.operations) {
  const constraints = catalogue.filter((c) => c.operationId === op.operationId);
  if (constraints.length === 0) continue;
  test.describe(op.operationId, () => {
    for (const constraint of constraints) {
      test(constraint.id, async ({ suite, recorder }) => {
        await runConstraint(suite, recorder, constraint, { randomRuns: suite.config.violationRuns });
        expectConformance(recorder, [constraint.id]);
      });
    }
  });
}
