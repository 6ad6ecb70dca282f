/**
 * Why a fault nothing caught is excused (untestable, contested) is read from the rows the fault
 * names, found as its violations are: by exact id, by an array's prefix (`createJob.objectives[]`)
 * or by a check row's prefix (`check:unknown-reference.jobTypeId` names the row of createJob).
 * What a fault came to (detected, excused, missed) is one rule, src/results/fault-outcome.ts.
 */
import { test, expect } from '@playwright/test';
import { excusesIn } from '../../src/mutation/runner.ts';
import { excuseOf, faultLabel } from '../../src/results/fault-outcome.ts';
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
  expect(excusesIn(by, records)).toEqual({ untestable: notSent.text });
  // A row of another member says nothing about this one.
  expect(excusesIn(by, records.slice(1))).toEqual({});
});

test("an array fault reads every row of its items: contested on any, untestable only when none sent an accepting case", () => {
  const by = detectedBy('createJob.objectives[]:first-item-only');
  expect(by).toBe('createJob.objectives[]');
  const contested: Reason = { code: 'other-reading', text: 'accepted (202), the reference lists objectives as optional' };
  const notSent: Reason = { code: 'setup', text: 'no job could be created' };
  const items = [row('createJob.objectives[].objectiveRef.maxLength', 0, [notSent]), row('createJob.objectives[].location.minLength', 0, [contested])];
  expect(excusesIn(by, items)).toEqual({ untestable: notSent.text, contested: contested.text });
  expect(excusesIn(by, [...items, row('createJob.objectives[].objectiveRef.minLength', 2)])).toEqual({ contested: contested.text });
  // The sentence is for people: a reason's code decides, whatever its words.
  expect(excusesIn(by, [row('createJob.objectives[].objectiveRef.maxLength', 0, [{ code: 'budget', text: 'not sent, as another page has it' }])])).toEqual({});
  // The array's own constraints (createJob.objectives.minItems) are not its items'.
  expect(excusesIn(by, [row('createJob.objectives.minItems', 0, [notSent])])).toEqual({});
});

test("a constraint fault reads its own row; a status fault, whose finding sits on other rows, names none", () => {
  const notSent: Reason = { code: 'unsendable', text: 'a jobId of 64 characters: no job has one' };
  expect(excusesIn('updateJobById.jobId.maxLength', [row('updateJobById.jobId.maxLength', 0, [notSent])])).toEqual({ untestable: notSent.text });
  expect(excusesIn('updateJobById.jobId.maxLength', [row('updateJobById.jobId.maxLength', 1, [notSent])])).toEqual({});
  expect(excusesIn(detectedBy('invalid-body-404'), [row('updateJobById.objectives[].objectiveRef.maxLength', 0, [notSent])])).toEqual({});
});

test('one rule says what a fault came to: detected first, then its excuse (equivalent, untestable, contested), else missed', () => {
  expect(faultLabel({ detected: true, equivalent: 'no request can see it' })).toBe('detected');
  expect(faultLabel({ detected: false, untestable: 'not sent', contested: 'as another page has it' })).toBe('untestable');
  expect(excuseOf({ untestable: 'not sent', contested: 'as another page has it' })).toBe('not sent');
  expect(faultLabel({ detected: false, contested: 'as another page has it' })).toBe('contested');
  expect(faultLabel({ detected: false })).toBe('missed');
  expect(excuseOf({})).toBeUndefined();
});
