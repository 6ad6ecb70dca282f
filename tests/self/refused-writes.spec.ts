/**
 * A refused write leaves no trace (issue 29, family 3; EvoMaster's category): every writing
 * operation that names a job or a job type gets bodies whose last member breaks a constraint, the
 * members before it valid; after the 4xx, what it named reads back as before. The unfaulted server
 * conforms on every such operation, in every profile; a server that carries refused writes out, or
 * applies a refused bulk's valid items, is caught on the rows of what it changed.
 */
import { test, expect } from '@playwright/test';
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import { violations } from '../../src/generate/index.ts';
import { CHECKS } from '../../src/results/model.ts';
import { PROFILE_NAMES, SEEDED_IDS } from '../../src/server/index.ts';
import { traceCases } from '../../src/suite/probes/refused-writes.ts';
import { expectCaughtByMutation, runSteps, triedOn } from './helpers/steps.ts';

const contract = loadContract();
const catalogue = buildCatalogue(contract);
const WRITES = ['createJobAttributes', 'updateJob', 'updateJobById', 'changeJobStatus', 'changeJobSubStatus', 'changeJobsSubStatus'];
const refusedSteps = (step: { owns: string[] }) => step.owns.some((id) => id.startsWith(`${CHECKS.refusedWrite}.`));
const rowOf = (op: string) => `${CHECKS.refusedWrite}.${op}`;

test('each writing operation that names a job or a job type is tried with bodies whose broken member comes after valid ones', () => {
  const refs = { jobType: [...SEEDED_IDS.jobType], jobWorkflow: [...SEEDED_IDS.jobWorkflow], job: ['{existing-jobId}'], jobRef: ['{existing-jobRef}'] };
  for (const id of WRITES) {
    const op = contract.operation(id);
    const cases = traceCases(violations(contract, op, catalogue, { refs }));
    expect(cases.length, id).toBeGreaterThan(0);
    for (const c of cases) {
      expect(c.expect).toBe('reject');
      expect(c.referential, c.description).toBeUndefined();
      expect(['required', 'type'].includes(c.keyword!) && !c.position, c.description).toBe(false);
      // Inside an array: the last of three items, the two before it valid.
      if (c.position) expect(c.position, c.description).toEqual({ index: 2, items: 3 });
    }
  }
});

test('with reads lagging 300 ms the unfaulted server still conforms: the open job, which only refused requests reach, reads the same before and after', async () => {
  const run = await runSteps({ lagMs: 300, only: refusedSteps });
  expect(run.errors).toEqual([]);
  expect(run.broken).toEqual([]);
  for (const id of WRITES) expect(run.row(rowOf(id))!.verdict, id).toBe('conforms');
});

for (const profile of PROFILE_NAMES) {
  test(`[${profile}] the unfaulted server refuses each such body and leaves what it named as it was`, async () => {
    const run = await runSteps({ profile, only: refusedSteps });
    expect(run.errors).toEqual([]);
    expect(run.broken).toEqual([]);
    for (const id of WRITES) {
      const row = run.row(rowOf(id))!;
      expect(row.verdict, id).toBe('conforms');
      expect(triedOn(row).every((a) => a.status === 400), JSON.stringify(triedOn(row))).toBe(true);
    }
  });

  test(`[${profile}] a server that carries refused writes out is caught on every row; one that applies a refused bulk's valid items on the bulk's alone`, async () => {
    const applied = await runSteps({ profile, faults: ['refused-write-applied'], only: refusedSteps });
    for (const id of WRITES) {
      const row = applied.row(rowOf(id))!;
      expect(row.verdict, id).toBe('violated');
      expect(row.evidence[0]!.actual, id).toMatch(/^refused with 400 \(.*\), yet (.* before |the job type holds attribute trace)/);
    }
    const bulk = await runSteps({ profile, faults: ['bulk-applies-valid-items'], only: refusedSteps });
    expect(bulk.broken.map((b) => b.split(' ')[0])).toEqual([rowOf('changeJobsSubStatus')]);
    await expectCaughtByMutation(['refused-write-applied', 'bulk-applies-valid-items'], profile);
  });
}
