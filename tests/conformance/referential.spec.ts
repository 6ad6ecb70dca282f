/**
 * Referential ids both ways: for every body member that names a configured entity (a job type, a
 * job workflow, and locations and contacts when their pools are configured), a well-formed id that
 * names nothing is rejected. One test per member and operation.
 */
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import { expectConformance, test } from '../../src/suite/fixtures.ts';
import { probeUnknownReference, referentialMembers, referentialRowId } from '../../src/suite/index.ts';

const contract = loadContract();
for (const m of referentialMembers(buildCatalogue(contract))) {
  test(`${m.operationId} rejects an unknown ${m.kind} id in ${m.path}`, async ({ suite, recorder }) => {
    await probeUnknownReference(suite, recorder, m);
    expectConformance(recorder, [referentialRowId(m)]);
  });
}
