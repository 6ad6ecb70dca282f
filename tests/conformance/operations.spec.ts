/**
 * Per operation: random valid bodies are accepted; unknown ids get 404; missing or wrong
 * credentials get 401; a body that is not JSON gets 400 (or 415). Every exchange also goes through
 * the response checks (no 5xx, documented status, envelopes); those rows fail the run, and a 5xx
 * also fails the test that met it.
 */
import { loadContract } from '../../src/contract/index.ts';
import { CHECKS } from '../../src/results/model.ts';
import { expectConformance, test } from '../../src/suite/fixtures.ts';
import { probeAuth, probeMalformed, probeUnknownId, runValidBodies } from '../../src/suite/index.ts';

const contract = loadContract();
const namesAnEntity = (id: string) => contract.operation(id).pathParams.length > 0 || id === 'updateJob';

for (const op of contract.operations) {
  test.describe(op.operationId, () => {
    if (op.requestSchema) {
      test(`${op.operationId} random valid bodies are accepted`, async ({ suite, recorder }) => {
        await runValidBodies(suite, recorder, op, suite.plan().validRuns(op));
        expectConformance(recorder, [`${CHECKS.acceptsValid}.${op.operationId}`]);
      });
      test(`${op.operationId} rejects a body that is not JSON`, async ({ suite, recorder }) => {
        await probeMalformed(suite, recorder, op);
        expectConformance(recorder, [`${CHECKS.malformedBody}.${op.operationId}`]);
      });
    }
    if (namesAnEntity(op.operationId)) {
      test(`${op.operationId} answers 404 for an unknown id`, async ({ suite, recorder }) => {
        await probeUnknownId(suite, recorder, op);
        expectConformance(recorder, [`${CHECKS.unknownId}.${op.operationId}`]);
      });
    }
    test(`${op.operationId} answers 401 without valid credentials`, async ({ suite, recorder }) => {
      await probeAuth(suite, recorder, op);
      expectConformance(recorder, [`${CHECKS.auth}.${op.operationId}`]);
    });
  });
}
