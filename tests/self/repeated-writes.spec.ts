/**
 * Repeated and duplicate writes (issue 29, family 4): the same create twice, or an existing jobRef
 * again, makes a new job or is refused and never changes the earlier job; the same update by id
 * twice leaves the job as one does; two equal items in an array are refused or taken, never a
 * 5xx. The unfaulted server conforms on every row, in every profile, within the jobs the plan
 * counts for them; each fault of the family is caught on its row.
 */
import { test, expect } from '@playwright/test';
import { loadContract } from '../../src/contract/index.ts';
import { CHECKS } from '../../src/results/model.ts';
import { PROFILE_NAMES } from '../../src/server/index.ts';
import { BREADTH_JOBS } from '../../src/suite/probes/breadth-jobs.ts';
import { operationsWithArrays, withDuplicates } from '../../src/suite/probes/repeated-writes.ts';
import { expectCaughtByMutation, runSteps, triedOn } from './helpers/steps.ts';

const contract = loadContract();
const ROWS = [`${CHECKS.repeatedCreate}.createJob`, `${CHECKS.repeatedUpdate}.updateJobById`, ...['createJobAttributes', 'createJob', 'updateJobById', 'changeJobsSubStatus'].map((op) => `${CHECKS.duplicateItems}.${op}`)];
const mine = (step: { owns: string[] }) => step.owns.some((id) => ROWS.includes(id));
const FAULTS: [string, string][] = [
  ['create-dedups-equal-bodies', `${CHECKS.repeatedCreate}.createJob`],
  ['create-upserts-by-jobRef', `${CHECKS.repeatedCreate}.createJob`],
  ['update-appends-known-objectives', `${CHECKS.repeatedUpdate}.updateJobById`],
  ['duplicate-items-500', CHECKS.duplicateItems],
];

test('the operations with arrays get their arrays each holding two equal items, whatever else the body holds', () => {
  expect(operationsWithArrays(contract.operations).map((o) => o.operationId).sort()).toEqual(['changeJobsSubStatus', 'createJob', 'createJobAttributes', 'updateJobById']);
  const op = contract.operation('createJob');
  const body = { jobTypeId: 't', objectives: [{ objectiveRef: 'a' }, { objectiveRef: 'b' }], assets: [{ documentType: 'x' }], scheduledFor: { startDateTime: 1 } };
  expect(withDuplicates(op, body)).toEqual({ ...body, objectives: [{ objectiveRef: 'a' }, { objectiveRef: 'a' }], assets: [{ documentType: 'x' }, { documentType: 'x' }] });
});

for (const profile of PROFILE_NAMES) {
  test(`[${profile}] the unfaulted server conforms on every repeated and duplicate write, within the jobs the plan counts`, async () => {
    const run = await runSteps({ profile, remote: true, only: mine });
    expect(run.errors).toEqual([]);
    expect(run.broken).toEqual([]);
    for (const id of ROWS) expect(run.row(id)?.verdict, id).toBe('conforms');
    const attempts = triedOn(run.row(ROWS[0]!));
    expect(attempts.map((a) => a.as).sort()).toEqual(['existing-jobRef', 'same-body-first', 'same-body-second']);
    expect(attempts.every((a) => a.status >= 200 && a.status < 300)).toBe(true);
    // The probes' own creates, and the worker's shared job for the updates.
    expect(run.jobs).toBeLessThanOrEqual(Object.values(BREADTH_JOBS).reduce((a, b) => a + b, 0) + 1);
  });

  test(`[${profile}] each repeated-write fault is caught on its row, and counted by the mutation run`, async () => {
    for (const [fault, row] of FAULTS) {
      const run = await runSteps({ profile, faults: [fault], only: mine });
      expect(run.errors).toEqual([]);
      const caught = run.records.filter((r) => r.verdict === 'violated' && (r.rowId === row || r.rowId.startsWith(`${row}.`)));
      expect(caught.length, `${fault}: ${run.broken.join('\n')}`).toBeGreaterThan(0);
    }
    await expectCaughtByMutation(FAULTS.map(([f]) => f), profile);
  });
}
