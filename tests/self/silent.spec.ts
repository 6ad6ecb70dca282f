/**
 * Generated bodies are kept off the contract's silent points, so that a target's answer to a
 * silent point can neither fail a valid case nor mask a violation; the silent points themselves
 * are each probed as an observation.
 */
import fc from 'fast-check';
import { test, expect } from '@playwright/test';
import { loadContract, loadSilentPoints } from '../../src/contract/index.ts';
import { valid } from '../../src/generate/index.ts';
import type { Case } from '../../src/generate/case.ts';
import { tame, tameBody, TAMERS } from '../../src/suite/constraints/silent.ts';
import { OBSERVATION_PROBES } from '../../src/suite/index.ts';

const contract = loadContract();
const createJob = contract.operation('createJob');
const attributes = contract.operation('createJobAttributes');

const job = (from: number, to: number, documentUrl = 'https://x.example.invalid/a.pdf') => ({
  jobWorkflowId: 'w',
  jobTypeId: 'jobt',
  objectives: [{ objectiveRef: 'obj-1', location: 'l', contact: 'c', timeslot: { from, to } }],
  scheduledFor: { startDateTime: 1 },
  assets: [{ documentType: 'pdf', documentUrl }],
});
const asCase = (body: unknown, instancePointer = '', expect: 'accept' | 'reject' = 'accept'): Case => ({ operationId: 'createJob', kind: 'boundary', expect, instancePointer, path: '', description: '', body });

test('from later than to is moved off, keeping the member the case is about', () => {
  expect((tame(contract, createJob, asCase(job(9, 5))).body as any).objectives[0].timeslot).toEqual({ from: 9, to: 9 });
  expect((tame(contract, createJob, asCase(job(9, 5), '/objectives/0/timeslot/to')).body as any).objectives[0].timeslot).toEqual({ from: 5, to: 5 });
  // a body already off the silent point is the same object
  const ok = asCase(job(5, 9));
  expect(tame(contract, createJob, ok)).toBe(ok);
});

test('a tamed violation still breaks only its own constraint, or stays as generated', () => {
  // to = 0 breaks minimum; moving from to 0 would break from's minimum too: the original is kept.
  const c = { ...asCase(job(9, 0), '/objectives/0/timeslot/to', 'reject'), constraintId: 'createJob.objectives[].timeslot.to.minimum', keyword: 'minimum', schemaPointer: '/properties/objectives/items/properties/timeslot/properties/to/minimum' };
  expect(tame(contract, createJob, c).body).toEqual(c.body);
});

test('ranges get both bounds, in order', () => {
  const attr = (range: object) => ({ attributes: [{ name: 'weight', dataType: 'number', validation: { range } }] });
  expect((tameBody(contract, attributes, attr({ min: 3 })) as any).attributes[0].validation.range).toEqual({ min: 3, max: 3 });
  expect((tameBody(contract, attributes, attr({ max: 4 })) as any).attributes[0].validation.range).toEqual({ min: 4, max: 4 });
  expect((tameBody(contract, attributes, attr({ min: 7, max: 2 })) as any).attributes[0].validation.range).toEqual({ min: 2, max: 2 });
});

test('a documentUrl that is not a URL becomes one', () => {
  const body = tameBody(contract, createJob, job(1, 2, 'report 😀')) as any;
  expect(new URL(body.assets[0].documentUrl).protocol).toBe('https:');
});

const isUrl = (s: string) => {
  try {
    return new URL(s).protocol === 'https:' || new URL(s).protocol === 'http:';
  } catch {
    return false;
  }
};

/** Which silent point a valid body touches, if any. */
function touches(body: any): string | undefined {
  for (const o of body.objectives ?? []) if (o.timeslot.from > o.timeslot.to) return 'timeslotFromAfterTo';
  for (const a of body.assets ?? []) if (!isUrl(a.documentUrl)) return 'documentUrlNotUrl';
  for (const a of body.attributes ?? []) {
    const r = a.validation?.range;
    if (r && !('min' in r && 'max' in r)) return 'rangeOneSided';
    if (r && r.min > r.max) return 'rangeMinAboveMax';
  }
  return undefined;
}

test('1000 generated valid bodies per operation, tamed, are valid and touch no silent point', () => {
  let touchedBefore = 0;
  for (const op of contract.operations.filter((o) => o.requestSchema)) {
    const validate = contract.validatorFor(op.requestSchema!);
    const result = fc.check(
      fc.property(valid(op.requestSchema!), (body) => {
        if (touches(body)) touchedBefore++;
        const tamed = tameBody(contract, op, body);
        return validate(tamed) === true && touches(tamed) === undefined;
      }),
      { numRuns: 1000, seed: 42 },
    );
    expect(result.failed, `${op.operationId}: ${JSON.stringify(result.counterexample)}`).toBe(false);
  }
  // The generators do reach the silent points: without taming, these bodies would be ambiguous.
  expect(touchedBefore).toBeGreaterThan(100);
});

test('every silent point has a probe, and every tamer names a silent point', () => {
  const ids = loadSilentPoints().map((p) => p.id);
  expect([...OBSERVATION_PROBES].sort()).toEqual([...ids].sort());
  for (const t of Object.keys(TAMERS)) expect(ids).toContain(t);
});
