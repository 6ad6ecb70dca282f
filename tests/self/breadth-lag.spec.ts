/**
 * The breadth probes of issue 29 (methods, path parameters, refused and repeated writes, number
 * edges, the token's lifecycle) on a target whose reads lag its writes by 300 ms, as OS1's
 * asynchronous writes may: the unfaulted server conforms on every row they judge, none untested.
 * Their reads of what a request left behind compare reads of jobs only refused requests reach, and
 * their reads of what a write made poll within DISPATCH_CONSISTENCY_MS.
 */
import { test, expect } from '@playwright/test';
import { CHECKS } from '../../src/results/model.ts';
import { runSteps } from './helpers/steps.ts';

const breadth = (step: { file: string; owns: string[] }) => step.file === 'http' || step.file === 'writes' || step.owns.includes(CHECKS.tokenExpiry);

test('with reads lagging 300 ms the unfaulted server conforms on every breadth row, each judged', async () => {
  test.setTimeout(120_000);
  const run = await runSteps({ lagMs: 300, seed: 5, only: breadth });
  expect(run.errors).toEqual([]);
  expect(run.broken).toEqual([]);
  const prefixes = [CHECKS.unsupportedMethod, CHECKS.pathParameters, CHECKS.refusedWrite, CHECKS.repeatedCreate, CHECKS.repeatedUpdate, CHECKS.duplicateItems, CHECKS.numberEdges, CHECKS.tokenExpiry];
  const rows = run.records.filter((r) => prefixes.some((p) => r.rowId === p || r.rowId.startsWith(`${p}.`)));
  expect(rows.length).toBe(6 + 6 + 6 + 1 + 1 + 4 + 3 + 1);
  expect(rows.filter((r) => r.verdict !== 'conforms').map((r) => `${r.rowId} ${r.verdict}`)).toEqual([]);
});
