import { test, expect } from '@playwright/test';
import { acceptsNothing, buildCatalogue, loadContract } from '../../src/contract/index.ts';

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

test('acceptsNothing: false and { not: {} } (or { not: true }) accept nothing; anything else may accept something', () => {
  expect([false, { not: {} }, { not: true }].map(acceptsNothing)).toEqual([true, true, true]);
  expect([true, {}, { not: { type: 'string' } }, { not: {}, description: 'x' }, { not: false }, null].map(acceptsNothing)).toEqual([false, false, false, false, false, false]);
});
