import { test, expect } from '@playwright/test';
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';

test('the contract loads and has the nine operations of dispatch-contract.md', () => {
  const contract = loadContract();
  const ops = contract.operations.map((o) => `${o.operationId} ${o.method} ${o.path}`).sort();
  expect(ops).toEqual(
    [
      'changeJobStatus POST /jobs/{jobId}/status',
      'changeJobSubStatus POST /jobs/{jobId}/sub-status',
      'changeJobsSubStatus POST /jobs/sub-status',
      'createJob POST /jobs',
      'createJobAttributes POST /job-types/{jobTypeId}/attributes',
      'getJob GET /jobs/{jobId}',
      'getJobAttributes GET /job-types/{jobTypeId}/attributes',
      'updateJob PUT /jobs',
      'updateJobById PUT /jobs/{jobId}',
    ].sort(),
  );
  expect(buildCatalogue(contract).length).toBeGreaterThan(100);
});
