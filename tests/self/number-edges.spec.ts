/**
 * Numbers at their edges (issue 29, family 5): every numeric member the schemas give an operation
 * gets -0, fractions, exponent forms, 2^53 ± 1, 1e308, 5e-324 and 1e309 as text; the schemas (the
 * contract's validator) say which are valid, which invalid, and which lie past what binary64 holds
 * exactly. The unfaulted server conforms in every profile; a server that refuses exponent forms or
 * drops a number's fraction is caught; an integer member refusing 1E2 alone is only a deviation.
 */
import { test, expect } from '@playwright/test';
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import { CHECKS } from '../../src/results/model.ts';
import { PROFILE_NAMES } from '../../src/server/index.ts';
import { asText, classify, NUMBER_EDGES, numericMembers } from '../../src/suite/probes/number-edges.ts';
import { expectCaughtByMutation, runSteps, triedOn } from './helpers/steps.ts';

const contract = loadContract();
const catalogue = buildCatalogue(contract);
const OPS = ['createJobAttributes', 'createJob', 'updateJobById'];
const edgeSteps = (step: { owns: string[] }) => step.owns.some((id) => id.startsWith(`${CHECKS.numberEdges}.`));

test('the numeric members come from the schemas, and the schemas say what each edge value is for each', () => {
  expect(contract.operations.filter((o) => numericMembers({ catalogue }, o).length).map((o) => o.operationId).sort()).toEqual([...OPS].sort());
  const op = contract.operation('updateJobById');
  const members = numericMembers({ catalogue }, op);
  expect(members.map((m) => `${m.path} ${m.integer ? 'integer' : 'number'} ${m.pointer}`).sort()).toEqual([
    'objectives[].timeslot.from integer /objectives/0/timeslot/from',
    'objectives[].timeslot.to integer /objectives/0/timeslot/to',
    'scheduledFor.startDateTime number /scheduledFor/startDateTime',
  ]);
  const base = { scheduledFor: { startDateTime: 1 }, objectives: [{ objectiveRef: 'obj-1', location: 'l', contact: 'c', timeslot: { from: 10, to: 20 } }], assets: [{ documentType: 'POD', documentUrl: 'https://x.invalid/a' }] };
  const of = (path: string) => Object.fromEntries(NUMBER_EDGES.map((t) => [t, classify({ contract }, op, base, members.find((m) => m.path === path)!, t)]));
  // A number without a range takes every finite binary64 value; past 2^53 + 1 or 1e308 it is not exact.
  expect(of('scheduledFor.startDateTime')).toEqual({ '-0': 'valid', '0.5': 'valid', '1E2': 'valid', '100.0': 'valid', '9007199254740991': 'valid', '9007199254740992': 'valid', '9007199254740993': 'inexact', '1e308': 'valid', '5e-324': 'valid', '1e309': 'inexact' });
  // An integer of at least 1: 1.5-like values and -0 (zero) are violations; beyond 2^53 the silent point.
  expect(of('objectives[].timeslot.from')).toEqual({ '-0': 'invalid', '0.5': 'invalid', '1E2': 'valid', '100.0': 'valid', '9007199254740991': 'valid', '9007199254740992': 'valid', '9007199254740993': 'inexact', '1e308': 'inexact', '5e-324': 'invalid', '1e309': 'inexact' });
  // The text sent keeps each form as written.
  expect(asText(base, [['/scheduledFor/startDateTime', '1E2'], ['/objectives/0/timeslot/to', '-0']])).toContain('"startDateTime":1E2');
  expect(asText(base, [['/objectives/0/timeslot/to', '-0']])).toContain('"to":-0}');
});

for (const profile of PROFILE_NAMES) {
  test(`[${profile}] the unfaulted server takes every valid edge, reads it back the same, refuses the invalid ones, and conforms`, async () => {
    const run = await runSteps({ profile, only: edgeSteps });
    expect(run.errors).toEqual([]);
    expect(run.broken).toEqual([]);
    for (const id of OPS) {
      const row = run.row(`${CHECKS.numberEdges}.${id}`)!;
      expect(row.verdict, id).toBe('conforms');
      expect(row.cases.accept, id).toBeGreaterThan(1);
    }
    const update = run.row(`${CHECKS.numberEdges}.updateJobById`)!;
    expect(update.cases.reject).toBe(3);
    const statusOf = (as: string) => triedOn(update).find((a) => a.as === as)?.status;
    expect(statusOf('5e-324@scheduledFor.startDateTime')).toBeGreaterThanOrEqual(200);
    expect(statusOf('5e-324@scheduledFor.startDateTime')).toBeLessThan(300);
    expect(statusOf('5e-324@objectives[].timeslot.from')).toBe(400);
  });

  test(`[${profile}] a server that refuses exponent forms, or drops startDateTime's fraction, is caught`, async () => {
    const exponent = await runSteps({ profile, faults: ['number-exponent-refused'], only: edgeSteps });
    expect(exponent.row(`${CHECKS.numberEdges}.createJobAttributes`)!.verdict).toBe('violated');
    expect(exponent.row(`${CHECKS.numberEdges}.createJobAttributes`)!.evidence[0]!.actual).toMatch(/^rejected with 400 for 1E2 in attributes\[\]\.validation\.range\.m(in|ax)$/);
    const truncated = await runSteps({ profile, faults: ['start-date-time-truncated'], only: edgeSteps });
    expect(truncated.row(`${CHECKS.numberEdges}.updateJobById`)!.evidence[0]!.actual).toBe('0.5 in scheduledFor.startDateTime reads back as 0');
    await expectCaughtByMutation(['number-exponent-refused', 'start-date-time-truncated', 'int64-refuses-float-forms'], profile);
  });

  test(`[${profile}] a server whose int64 decoding refuses 1E2 and 100.0 (as Go's does) only deviates: each refused value is sent alone, and createJob's bodies hold no such form`, async () => {
    const run = await runSteps({ profile, faults: ['int64-refuses-float-forms'], only: edgeSteps });
    expect(run.errors).toEqual([]);
    expect(run.broken.map((b) => b.split(':')[0] + ':' + b.split(':')[1]).sort()).toEqual([`${CHECKS.numberEdges}.updateJobById deviation`]);
    const update = run.row(`${CHECKS.numberEdges}.updateJobById`)!;
    expect(update.evidence.map((e) => e.actual)).toEqual(expect.arrayContaining([expect.stringMatching(/^rejected with 400 for (1E2|100\.0) in objectives\[\]\.timeslot\.(from|to)$/)]));
    expect(triedOn(update).find((a) => a.as === 'alone:1E2@scheduledFor.startDateTime')?.status).toBeGreaterThanOrEqual(200);
    expect(triedOn(update).find((a) => a.as === 'alone:1E2@scheduledFor.startDateTime')?.status).toBeLessThan(300);
    expect(run.row(`${CHECKS.numberEdges}.createJob`)!.verdict).toBe('conforms');
  });
}

test('a server that drops every update shows none of the values written: that is read-after-write\'s finding, and the number-edges row its knock-on, not a number read back wrong', async () => {
  const run = await runSteps({ faults: ['lost-update'], only: edgeSteps, settings: { DISPATCH_CONSISTENCY_MS: '300' } });
  expect(run.errors).toEqual([]);
  const update = run.row(`${CHECKS.numberEdges}.updateJobById`)!;
  expect(update.verdict).not.toBe('violated');
  const knockOn = update.reasons?.find((x) => x.code === 'knock-on');
  expect(knockOn?.root, JSON.stringify(update.reasons)).toMatch(/^check:read-after-write\./);
  // The root is recorded once, on its own row.
  expect(run.row(knockOn!.root!)!.verdict).toBe('violated');
  // A number read back wrong on a server that keeps its writes stays this row's own finding (start-date-time-truncated, above).
});
