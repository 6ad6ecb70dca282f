/**
 * Required headers: per operation, each header the spec marks required (or DISPATCH_REQUIRED_HEADERS
 * lists) is left out once on an otherwise valid request, and the request must be refused (4xx).
 * X-COREOS-ACCESS is left out by the 401 test of operations.spec.ts.
 */
import { loadContract } from '../../src/contract/index.ts';
import { CHECKS } from '../../src/results/model.ts';
import { expectConformance, test } from '../../src/suite/fixtures.ts';
import { probeRequiredHeaders } from '../../src/suite/index.ts';

const contract = loadContract();
for (const op of contract.operations) {
  test(`${op.operationId} refuses a request without a required header`, async ({ suite, recorder }) => {
    await probeRequiredHeaders(suite, recorder, op);
    expectConformance(recorder, [`${CHECKS.requiredHeaders}.${op.operationId}`]);
  });
}
