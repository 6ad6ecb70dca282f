/**
 * Status precision: a rejected case is judged on its code too. Which code answers an invalid body is
 * data of the spec (the responses' x-answers), the identifier exception is the rule's assumed part,
 * and a finding lands on the constraint's own row as evidence naming check:status-precision.
 */
import { test, expect } from '@playwright/test';
import { statusPrecision } from '../../src/checks/index.ts';
import { buildCatalogue, loadContract, statusesFor } from '../../src/contract/index.ts';
import { violations } from '../../src/generate/index.ts';
import { Recorder } from '../../src/suite/record/recorder.ts';
import { fakeReply } from './helpers/reply.ts';

const contract = loadContract();
const catalogue = buildCatalogue(contract);
const reply = (status: number) => fakeReply(status, {}, '{}', { method: 'PUT' });
const caseOf = (operationId: string, constraintId: string) => violations(contract, contract.operation(operationId), catalogue).find((c) => c.constraintId === constraintId)!;

test('which status answers what is read from the spec: 400 for an invalid body, 404 for an unknown id where documented', () => {
  for (const op of contract.operations.filter((o) => o.requestSchema)) expect(statusesFor(op, 'invalidBody'), op.operationId).toEqual([400]);
  expect(statusesFor(contract.operation('updateJob'), 'unknownId')).toEqual([404]);
  expect(statusesFor(contract.operation('createJob'), 'unknownId')).toEqual([]);
});

test('400 passes; another 4xx for a body that breaks a constraint is a reference finding; 404 for an invalid identifier is an assumed one', () => {
  const ctx = (id: string) => ({ contract, op: contract.operation(id) });
  const objectiveRef = caseOf('updateJobById', 'updateJobById.objectives[].objectiveRef.maxLength');
  expect(statusPrecision.applies(ctx('updateJobById'), reply(400), objectiveRef)).toBe(true);
  expect(statusPrecision.run(ctx('updateJobById'), reply(400), objectiveRef)).toEqual({ ok: true });
  expect(statusPrecision.run(ctx('updateJobById'), reply(404), objectiveRef)).toMatchObject({ ok: false, message: expect.stringContaining('rejected with 404 where updateJobById documents 400') });
  expect(statusPrecision.run(ctx('updateJobById'), reply(404), objectiveRef)).not.toHaveProperty('provenance');
  const jobRef = caseOf('updateJob', 'updateJob.jobRef.maxLength');
  expect(statusPrecision.run(ctx('updateJob'), reply(404), jobRef)).toMatchObject({ ok: false, provenance: 'assumed' });
  // 403 is no answer for a too-long jobRef: not the unknown-id status, so the reference part.
  expect(statusPrecision.run(ctx('updateJob'), reply(403), jobRef)).toMatchObject({ ok: false });
  expect(statusPrecision.run(ctx('updateJob'), reply(403), jobRef)).not.toHaveProperty('provenance');
  // Accepting cases, 2xx answers and contested cases are not its business.
  expect(statusPrecision.applies(ctx('updateJobById'), reply(202), objectiveRef)).toBe(false);
  expect(statusPrecision.applies(ctx('updateJobById'), reply(404), { ...objectiveRef, contested: [{ id: 'x', source: 'y' }] })).toBe(false);
  expect(statusPrecision.applies(ctx('updateJobById'), reply(404), { ...objectiveRef, expect: 'accept' })).toBe(false);
});

test('a finding lands on the constraint row, as a violation or (identifier) a deviation, with evidence naming the rule', () => {
  const recorder = new Recorder(contract);
  const objectiveRef = caseOf('updateJobById', 'updateJobById.objectives[].objectiveRef.maxLength');
  const row = recorder.constraintRow(catalogue.find((c) => c.id === objectiveRef.constraintId)!);
  recorder.observe(contract.operation('updateJobById'), reply(404), objectiveRef);
  expect(row.verdict).toBe('violated');
  expect(row.evidence[0]).toMatchObject({ rule: 'check:status-precision', provenance: 'reference', exchange: { status: 404 } });
  expect(recorder.records().some((r) => r.rowId.startsWith('check:status-precision'))).toBe(false);

  const jobRef = caseOf('updateJob', 'updateJob.jobRef.maxLength');
  const refRow = recorder.constraintRow(catalogue.find((c) => c.id === jobRef.constraintId)!);
  recorder.observe(contract.operation('updateJob'), reply(404), jobRef);
  expect(refRow.verdict).toBe('deviation');
  expect(refRow.evidence[0]).toMatchObject({ rule: 'check:status-precision', provenance: 'assumed' });
});
