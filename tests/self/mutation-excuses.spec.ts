/**
 * Why a fault nothing caught is excused (untestable, contested) is read from the rows the fault
 * names, found as its violations are: by exact id, by an array's prefix (`createJob.objectives[]`)
 * or by a check row's prefix (`check:unknown-reference.jobTypeId` names the row of createJob).
 * What a fault came to (detected, excused, missed) is one rule, src/results/fault-outcome.ts.
 */
import { test, expect } from '@playwright/test';
import { counts, excuseIn, faultLabel, scoreFault, scoreOf, sweepOutcome } from '../../src/results/fault-outcome.ts';
import type { Reason, ResultRecord } from '../../src/results/model.ts';
import { listFaults } from '../../src/server/index.ts';
import { factsFor } from './helpers/rows.ts';

const row = (rowId: string, accept: number, reasons: Reason[] = []): ResultRecord => ({
  rowId,
  operationId: rowId.split('.').at(-1)!,
  category: rowId.startsWith('check:') ? 'check' : 'constraint',
  title: rowId,
  verdict: accept > 0 ? 'conforms' : 'untested',
  facts: factsFor(accept > 0 ? 'conforms' : 'untested'),
  cases: { accept, reject: 0 },
  requests: accept,
  evidence: [],
  reasons,
});
const detectedBy = (name: string) => listFaults().find((f) => f.name === name)!.detectedBy;

test('a referential fault is untestable when its check row says the probe was not sent', () => {
  const by = detectedBy('createJob.jobTypeId:unchecked-reference');
  const notSent: Reason = { code: 'no-pool', text: 'no DISPATCH_JOB_TYPE_ID is configured' };
  const records = [row('check:unknown-reference.jobTypeId.createJob', 0, [notSent]), row('check:unknown-reference.jobWorkflowId.createJob', 0, [{ code: 'no-pool', text: 'another member' }])];
  expect(excuseIn(by, records)).toEqual({ code: 'unsendable', text: notSent.text });
  // A row of another member says nothing about this one.
  expect(excuseIn(by, records.slice(1))).toBeUndefined();
});

test("an array fault reads every row of its items: contested on any, untestable only when none sent an accepting case", () => {
  const by = detectedBy('createJob.objectives[]:first-item-only');
  expect(by).toBe('createJob.objectives[]');
  const contested: Reason = { code: 'other-reading', text: 'accepted (202), the reference lists objectives as optional' };
  const notSent: Reason = { code: 'setup', text: 'no job could be created' };
  const items = [row('createJob.objectives[].objectiveRef.maxLength', 0, [notSent]), row('createJob.objectives[].location.minLength', 0, [contested])];
  expect(excuseIn(by, items)).toEqual({ code: 'unsendable', text: notSent.text });
  expect(excuseIn(by, [...items, row('createJob.objectives[].objectiveRef.minLength', 2)])).toEqual({ code: 'other-reading', text: contested.text });
  // The sentence is for people: a reason's code decides, whatever its words.
  expect(excuseIn(by, [row('createJob.objectives[].objectiveRef.maxLength', 0, [{ code: 'budget', text: 'not sent, as another page has it' }])])).toBeUndefined();
  // The array's own constraints (createJob.objectives.minItems) are not its items'.
  expect(excuseIn(by, [row('createJob.objectives.minItems', 0, [notSent])])).toBeUndefined();
});

test("a constraint fault reads its own row; a status fault, whose finding sits on other rows, names none", () => {
  const notSent: Reason = { code: 'unsendable', text: 'a jobId of 64 characters: no job has one' };
  expect(excuseIn('updateJobById.jobId.maxLength', [row('updateJobById.jobId.maxLength', 0, [notSent])])).toEqual({ code: 'unsendable', text: notSent.text });
  expect(excuseIn('updateJobById.jobId.maxLength', [row('updateJobById.jobId.maxLength', 1, [notSent])])).toBeUndefined();
  expect(excuseIn(detectedBy('invalid-body-404'), [row('updateJobById.objectives[].objectiveRef.maxLength', 0, [notSent])])).toBeUndefined();
});

test('one rule says what a fault came to, by its excuse\'s code: detected first, then equivalent, untestable, contested, else missed; and what counts in the score', () => {
  const equivalent = { code: 'equivalent' as const, text: 'no request can see it' };
  const untestable = { code: 'unsendable' as const, text: 'not sent' };
  const contested = { code: 'other-reading' as const, text: 'as another page has it' };
  expect(faultLabel({ detected: true, excuse: equivalent })).toBe('detected');
  expect(faultLabel({ detected: false, excuse: equivalent })).toBe('equivalent');
  expect(faultLabel({ detected: false, excuse: untestable })).toBe('untestable');
  expect(faultLabel({ detected: false, excuse: contested })).toBe('contested');
  expect(faultLabel({ detected: false })).toBe('missed');
  // An equivalent mutant never counts; an excused fault only when it was detected after all; a miss always.
  expect([counts({ detected: true, excuse: equivalent }), counts({ detected: false, excuse: untestable }), counts({ detected: true }), counts({ detected: false })]).toEqual([false, false, true, true]);
  expect(scoreOf([{ detected: true }, { detected: false }, { detected: false, excuse: contested }, { detected: false, excuse: equivalent }])).toEqual({ score: 0.5, detected: 1, total: 2, equivalent: 1, untestable: 0, contested: 1 });
  expect(scoreOf([])).toMatchObject({ score: 1, total: 0 });
});

test('an excuse holds only where the fault allows it: any other fault its rows leave unrevealed is missed', () => {
  const notSent: Reason = { code: 'unsendable', text: 'a jobId of 64 characters: no job has one' };
  const fault = listFaults().find((f) => f.name === 'changeJobsSubStatus.jobs[].jobId.maxLength:strict-by-one')!;
  expect(fault.excusable).toBe('unsendable');
  const rows = [row(fault.detectedBy, 0, [notSent])];
  const run = { requests: 0, durationMs: 0 };
  expect(faultLabel(scoreFault(fault, rows, run))).toBe('untestable');
  // The same rows, for a fault the registry does not excuse: missed, not untestable.
  expect(faultLabel(scoreFault({ ...fault, excusable: undefined }, rows, run))).toBe('missed');
  // Nor does a fault allowed one excuse get another.
  expect(faultLabel(scoreFault({ ...fault, excusable: 'other-reading' }, rows, run))).toBe('missed');
  // Exactly the four README names may be excused.
  expect(listFaults().filter((f) => f.excusable).map((f) => f.name).sort()).toEqual(['changeJobsSubStatus.jobs[].jobId.maxLength:strict-by-one', 'changeJobsSubStatus.jobs[].jobId.minLength:strict-by-one', 'createJob.jobRef.minLength:strict-by-one', 'createJob.objectives.required:ignore']);
});

test('a sweep fails on a missed fault or a false alarm, and on nothing else', () => {
  const result = (name: string, detected: boolean, excuse?: Reason) => ({ name, description: name, detectedBy: name, detected, ...(excuse ? { excuse } : {}), caughtBy: [], alsoViolated: [], requests: 0, durationMs: 0 });
  const caught = result('a', true);
  const excused = result('b', false, { code: 'unsendable', text: 'not sent' });
  const missed = result('c', false);
  expect(sweepOutcome({ faults: [caught, excused], falseAlarms: [] })).toEqual({ missed: [], fails: false });
  expect(sweepOutcome({ faults: [caught, missed], falseAlarms: [] })).toEqual({ missed: [missed], fails: true });
  expect(sweepOutcome({ faults: [caught], falseAlarms: [{ id: 'check:no-5xx' }] })).toEqual({ missed: [], fails: true });
});
