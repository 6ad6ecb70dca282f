/**
 * The generators by example: the documented limits as explicit cases, shrinking, determinism,
 * referential pools, strict keyword handling, and the oracle refusing false cases.
 */
import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { buildCatalogue, loadContract, type Constraint, type JsonSchema, type Operation } from '../../src/contract/index.ts';
import { boundaries, checkCase, codePoints, valid, violationArbitrary, violations, type Case } from '../../src/generate/index.ts';

const contract = loadContract();
const catalogue = buildCatalogue(contract);
const createJob = contract.operation('createJob');
const createJobAttributes = contract.operation('createJobAttributes');
const constraint = (id: string): Constraint => {
  const c = catalogue.find((x) => x.id === id);
  if (!c) throw new Error(`no constraint ${id}`);
  return c;
};

/** A valid body of an operation with one member of item 0 of an array replaced. */
function bodyWith(op: Operation, array: string, member: string, value: unknown): Record<string, unknown> {
  const [body] = fc.sample(valid(op.requestSchema!), { seed: 11, numRuns: 1 }) as Record<string, unknown>[];
  const items = body![array] as Record<string, unknown>[];
  items[0] = { ...items[0]!, [member]: value };
  return body!;
}

function caseOf(op: Operation, id: string, body: unknown, expectation: 'accept' | 'reject', pointer: string, extra: Partial<Case> = {}): Case {
  const c = constraint(id);
  return {
    operationId: op.operationId,
    kind: expectation === 'accept' ? 'boundary' : 'violation',
    expect: expectation,
    constraintId: c.id,
    keyword: c.keyword,
    schemaPointer: c.schemaPointer,
    instancePointer: pointer,
    path: c.path,
    description: 'hand-written example',
    body,
    ...extra,
  };
}

test.describe('documented limits, by example', () => {
  test('an objectiveRef of 36 emoji is a valid boundary; 37 violates maxLength and nothing else', () => {
    const at36 = '😀'.repeat(36);
    expect(at36.length).toBe(72); // longer than 36 in UTF-16 units
    const ok = caseOf(createJob, 'createJob.objectives[].objectiveRef.maxLength', bodyWith(createJob, 'objectives', 'objectiveRef', at36), 'accept', '/objectives/0/objectiveRef');
    expect(checkCase(contract, createJob, ok)).toEqual({ ok: true });
    const over = caseOf(createJob, 'createJob.objectives[].objectiveRef.maxLength', bodyWith(createJob, 'objectives', 'objectiveRef', '😀'.repeat(37)), 'reject', '/objectives/0/objectiveRef');
    expect(checkCase(contract, createJob, over)).toEqual({ ok: true });
    // The generated cases include both, with their provenance.
    const b = boundaries(contract, createJob, catalogue).find((c) => c.constraintId === 'createJob.objectives[].objectiveRef.maxLength' && typeof c.mutated === 'string' && c.mutated.length > 36);
    expect(b && codePoints(b.mutated as string)).toBe(36);
    const v = violations(contract, createJob, catalogue).find((c) => c.constraintId === 'createJob.objectives[].objectiveRef.maxLength' && typeof c.mutated === 'string' && c.mutated.length === 74);
    // The flavours of a limit take the positions in turn: the astral one sits in the second of two objectives.
    expect(v).toMatchObject({
      keyword: 'maxLength',
      schemaPointer: '/properties/objectives/items/properties/objectiveRef/maxLength',
      instancePointer: '/objectives/1/objectiveRef',
      path: 'objectives[1].objectiveRef',
      position: { index: 1, items: 2 },
    });
    expect(v!.description).toMatch(/^objectiveRef of 37 code points .*maxLength 36 \+ 1/);
    expect(codePoints(v!.mutated as string)).toBe(37);
    expect(v!.original).not.toEqual(v!.mutated);
  });

  test('a name of 32 ASCII letters is valid; Name1, Émile and 33 letters violate', () => {
    const name = (value: string) => bodyWith(createJobAttributes, 'attributes', 'name', value);
    const validate = contract.validatorFor(createJobAttributes.requestSchema!);
    expect(validate(name('a'.repeat(32)))).toBe(true);
    for (const bad of ['Name1', 'Émile']) {
      const c = caseOf(createJobAttributes, 'createJobAttributes.attributes[].name.pattern', name(bad), 'reject', '/attributes/0/name');
      expect(checkCase(contract, createJobAttributes, c), bad).toEqual({ ok: true });
    }
    // 33 letters cannot break maxLength 32 alone: the pattern ^[a-zA-Z]{1,32}$ fails with it, and the case says so.
    const long = caseOf(createJobAttributes, 'createJobAttributes.attributes[].name.maxLength', name('a'.repeat(33)), 'reject', '/attributes/0/name');
    expect(checkCase(contract, createJobAttributes, long).ok).toBe(false);
    expect(checkCase(contract, createJobAttributes, { ...long, entails: ['pattern'] })).toEqual({ ok: true });
    const generated = violations(contract, createJobAttributes, catalogue).filter((c) => c.constraintId?.startsWith('createJobAttributes.attributes[].name.'));
    expect(generated.find((c) => c.keyword === 'maxLength')).toMatchObject({ entails: ['pattern'] });
    const breakers = generated.filter((c) => c.keyword === 'pattern').map((c) => c.mutated as string);
    expect(breakers.some((s) => /\d/.test(s))).toBe(true);
    expect(breakers.some((s) => s.includes('É'))).toBe(true);
    expect(breakers.some((s) => s.includes(' '))).toBe(true);
    // Every pattern breaker keeps a valid length, so it breaks the pattern only.
    for (const s of breakers) expect(codePoints(s)).toBeGreaterThanOrEqual(1);
  });

  test('enum outsiders of status are near misses: completed, Completed, COMPLETE, empty', () => {
    const op = contract.operation('updateJob');
    const outsiders = violations(contract, op, catalogue).filter((c) => c.constraintId === 'updateJob.status.enum').map((c) => c.mutated);
    expect(outsiders).toEqual(expect.arrayContaining(['completed', 'Completed', 'COMPLETE', '']));
  });

  test('timeslot.from violations: minimum - 1, zero, a fraction, a numeric string', () => {
    const cases = violations(contract, createJob, catalogue).filter((c) => c.constraintId?.startsWith('createJob.objectives[].timeslot.from.'));
    const minimum = cases.filter((c) => c.keyword === 'minimum').map((c) => c.mutated);
    expect(minimum).toEqual(expect.arrayContaining([0, -1]));
    const type = cases.filter((c) => c.keyword === 'type').map((c) => c.mutated);
    const fraction = cases.find((c) => c.keyword === 'type' && typeof c.mutated === 'number' && !Number.isInteger(c.mutated));
    // ajv-formats checks int64 on numbers, so the fraction declares that format as entailed.
    expect(fraction).toMatchObject({ entails: ['format'] });
    expect(type.some((v) => typeof v === 'string' && /^\d+$/.test(v))).toBe(true);
    expect(boundaries(contract, createJob, catalogue).find((c) => c.constraintId === 'createJob.objectives[].timeslot.from.minimum')?.mutated).toBe(1);
  });

  test('a range on each non-range data type breaks the if/then rule, and only it', () => {
    const id = 'createJobAttributes.attributes[].validation.range.onlyForStringAndNumber';
    const cases = violations(contract, createJobAttributes, catalogue).filter((c) => c.constraintId === id);
    expect(cases.map((c) => (c.mutated as { dataType: string }).dataType).sort()).toEqual(['array', 'boolean', 'object']);
    for (const c of cases) {
      expect((c.mutated as { validation?: { range?: unknown } }).validation?.range).toBeDefined();
      const at = c.position!.index;
      expect(c).toMatchObject({ keyword: 'if', instancePointer: `/attributes/${at}`, path: `attributes[${at}]` });
    }
    expect(cases.map((c) => c.position)).toEqual([
      { index: 0, items: expect.any(Number) },
      { index: 1, items: 2 },
      { index: 2, items: 3 },
    ]);
    const accepted = boundaries(contract, createJobAttributes, catalogue).filter((c) => c.constraintId === id);
    expect(accepted.some((c) => (c.mutated as { dataType: string }).dataType === 'string')).toBe(true);
  });

  test('each required member missing, and the whole body confused', () => {
    const cases = violations(contract, createJob, catalogue);
    const missing = cases.filter((c) => c.keyword === 'required');
    expect(missing.find((c) => c.path === 'objectives[0].objectiveRef')).toMatchObject({ instancePointer: '/objectives/0/objectiveRef' });
    for (const c of missing) expect(c.mutated).toBeUndefined();
    const whole = cases.filter((c) => c.constraintId === 'createJob.body.type').map((c) => c.body);
    expect(whole).toEqual(expect.arrayContaining([null, []]));
  });
});

test.describe('the oracle refuses false cases', () => {
  const id = 'createJob.objectives[].objectiveRef.maxLength';
  const pointer = '/objectives/0/objectiveRef';
  test('a "violation" that breaks nothing', () => {
    const c = caseOf(createJob, id, bodyWith(createJob, 'objectives', 'objectiveRef', 'abcd'), 'reject', pointer);
    expect(checkCase(contract, createJob, c)).toMatchObject({ ok: false, problem: expect.stringContaining('breaks nothing') });
  });
  test('a violation that also breaks a second constraint', () => {
    const body = bodyWith(createJob, 'objectives', 'objectiveRef', 'a'.repeat(37));
    (body.objectives as Record<string, unknown>[])[0]!.location = '';
    const c = caseOf(createJob, id, body, 'reject', pointer);
    expect(checkCase(contract, createJob, c)).toMatchObject({ ok: false, problem: expect.stringContaining('minLength') });
  });
  test('a violation declared at the wrong pointer', () => {
    const c = caseOf(createJob, id, bodyWith(createJob, 'objectives', 'objectiveRef', 'a'.repeat(37)), 'reject', '/objectives/1/objectiveRef');
    expect(checkCase(contract, createJob, c).ok).toBe(false);
  });
  test('an accepting case that ajv rejects', () => {
    const c = caseOf(createJob, id, bodyWith(createJob, 'objectives', 'objectiveRef', 'abc'), 'accept', pointer);
    expect(checkCase(contract, createJob, c)).toMatchObject({ ok: false, problem: expect.stringContaining('minLength') });
  });
  test('a body that does not survive JSON', () => {
    const body = bodyWith(createJob, 'objectives', 'objectiveRef', 'abcd');
    (body.scheduledFor as Record<string, unknown>).startDateTime = Number.NaN;
    const c = caseOf(createJob, 'createJob.scheduledFor.startDateTime.type', body, 'accept', '/scheduledFor/startDateTime');
    expect(checkCase(contract, createJob, c)).toMatchObject({ ok: false, problem: expect.stringContaining('JSON round trip') });
  });
});

test('shrinking: a failing property over violationArbitrary shrinks to a smaller body, still a true violation', () => {
  const c = constraint('createJob.objectives[].objectiveRef.maxLength');
  let first: Case | undefined;
  const size = (x: Case) => JSON.stringify(x.body).length;
  // Fails on every case: the shrunk counterexample is as small as fast-check can make it.
  const details = fc.check(
    fc.property(violationArbitrary(contract, createJob, c), (x) => {
      first ??= x;
      return size(x) < 200;
    }),
    { seed: 4242, numRuns: 200 },
  );
  expect(details.failed).toBe(true);
  const shrunk = details.counterexample![0];
  expect(size(shrunk)).toBeLessThan(size(first!));
  expect(details.numShrinks).toBeGreaterThan(0);
  expect(checkCase(contract, createJob, shrunk)).toEqual({ ok: true });
  expect(shrunk).toMatchObject({ constraintId: c.id, keyword: 'maxLength', instancePointer: '/objectives/0/objectiveRef' });
  // The shrunk body keeps a single objective and single asset: nothing bigger than it needs.
  expect((shrunk.body as { objectives: unknown[] }).objectives.length).toBe(1);
});

test('violationArbitrary gives true violations for every constraint', () => {
  for (const op of contract.operations.filter((o) => o.requestSchema)) {
    for (const c of catalogue.filter((x) => x.operationId === op.operationId)) {
      for (const x of fc.sample(violationArbitrary(contract, op, c), { seed: 5, numRuns: 5 })) {
        expect(x.constraintId).toBe(c.id);
        expect(checkCase(contract, op, x), `${c.id}: ${x.description}`).toEqual({ ok: true });
      }
    }
  }
});

test('same seed, same cases; another seed, other bodies', () => {
  for (const op of contract.operations.filter((o) => o.requestSchema)) {
    expect(violations(contract, op, catalogue, { seed: 9 })).toEqual(violations(contract, op, catalogue, { seed: 9 }));
    expect(boundaries(contract, op, catalogue, { seed: 9 })).toEqual(boundaries(contract, op, catalogue, { seed: 9 }));
  }
  expect(violations(contract, createJob, catalogue, { seed: 9 })).not.toEqual(violations(contract, createJob, catalogue, { seed: 10 }));
  expect(fc.sample(valid(createJob.requestSchema!), { seed: 3, numRuns: 20 })).toEqual(fc.sample(valid(createJob.requestSchema!), { seed: 3, numRuns: 20 }));
});

test('referential members draw from the configured pools; boundaries use a pool id at the limit when there is one', () => {
  const at64 = 'j'.repeat(64);
  const refs = { jobType: ['jobtype-conformance', 'jobt', at64], jobWorkflow: ['workflow-conformance'], location: ['loc-1'] };
  for (const body of fc.sample(valid(createJob.requestSchema!, { refs }), { seed: 1, numRuns: 200 }) as { jobTypeId: string; jobWorkflowId: string; objectives: { location: string }[] }[]) {
    expect(refs.jobType).toContain(body.jobTypeId);
    expect(body.jobWorkflowId).toBe('workflow-conformance');
    for (const o of body.objectives) expect(o.location).toBe('loc-1');
  }
  const b = boundaries(contract, createJob, catalogue, { refs });
  const max = b.filter((c) => c.constraintId === 'createJob.jobTypeId.maxLength');
  expect(max).toEqual([expect.objectContaining({ mutated: at64, referential: 'jobType', refSource: 'pool' })]);
  expect(b.filter((c) => c.constraintId === 'createJob.jobTypeId.minLength')).toEqual([expect.objectContaining({ mutated: 'jobt', refSource: 'pool' })]);
  // No workflow id of 64 code points is configured: the case is still there, marked generated.
  const wf = b.filter((c) => c.constraintId === 'createJob.jobWorkflowId.maxLength');
  expect(wf.length).toBeGreaterThan(0);
  for (const c of wf) expect(c).toMatchObject({ referential: 'jobWorkflow', refSource: 'generated' });
  // Every case about a referential member says so.
  for (const c of [...b, ...violations(contract, createJob, catalogue, { refs })].filter((x) => x.path === 'jobTypeId')) expect(c.referential).toBe('jobType');
  // Other members of every case keep their pool values.
  for (const c of b.filter((x) => x.path !== 'jobTypeId')) expect(refs.jobType).toContain((c.body as { jobTypeId: string }).jobTypeId);
});

test('valid() strings go beyond ASCII where no pattern forbids them, and never where one does', () => {
  const bodies = fc.sample(valid(createJob.requestSchema!), { seed: 2, numRuns: 300 }) as { objectives: { objectiveRef: string }[] }[];
  const refs = bodies.flatMap((b) => b.objectives.map((o) => o.objectiveRef));
  expect(refs.some((s) => s.length > codePoints(s))).toBe(true); // astral
  expect(refs.some((s) => /[\u0590-\u06ff]/.test(s))).toBe(true); // right-to-left
  expect(refs.some((s) => /[\u0300-\u036f]/.test(s))).toBe(true); // combining marks
  const names = (fc.sample(valid(createJobAttributes.requestSchema!), { seed: 2, numRuns: 300 }) as { attributes: { name: string }[] }[]).flatMap((b) => b.attributes.map((a) => a.name));
  for (const n of names) expect(n).toMatch(/^[a-zA-Z]{1,32}$/);
  // Optional members both present and absent, every enum member drawn.
  const statuses = fc.sample(valid(contract.operation('changeJobStatus').requestSchema!), { seed: 2, numRuns: 200 }) as { subStatus?: string }[];
  expect(statuses.some((s) => s.subStatus === undefined)).toBe(true);
  expect(statuses.some((s) => s.subStatus !== undefined)).toBe(true);
  const dataTypes = new Set(names.length ? (fc.sample(valid(createJobAttributes.requestSchema!), { seed: 3, numRuns: 300 }) as { attributes: { dataType: string }[] }[]).flatMap((b) => b.attributes.map((a) => a.dataType)) : []);
  expect([...dataTypes].sort()).toEqual(['array', 'boolean', 'number', 'object', 'string']);
});

test('valid() numbers stay JSON-safe: no NaN, Infinity or -0, integers within the safe range', () => {
  const bodies = fc.sample(valid(createJob.requestSchema!), { seed: 8, numRuns: 500 }) as { scheduledFor: { startDateTime: number }; objectives: { timeslot: { from: number; to: number } }[] }[];
  const numbers = bodies.flatMap((b) => [b.scheduledFor.startDateTime, ...b.objectives.flatMap((o) => [o.timeslot.from, o.timeslot.to])]);
  expect(numbers.filter((n) => !Number.isFinite(n) || Object.is(n, -0) || Math.abs(n) > Number.MAX_SAFE_INTEGER)).toEqual([]);
  expect(numbers.filter((n) => n === 1).length).toBeGreaterThan(10); // the minimum comes often
});

test('a schema with a keyword no generator honours is a clear error, never ignored', () => {
  const schema: JsonSchema = { type: 'object', properties: { count: { type: 'number', multipleOf: 5 } } };
  expect(() => valid(schema)).toThrow(/^valid: unsupported keyword "multipleOf".*"\/properties\/count\/multipleOf"/);
  const op: Operation = { ...createJob, operationId: 'fake', requestSchema: schema };
  expect(() => violations(contract, op, [])).toThrow(/^violations: unsupported keyword "multipleOf"/);
  expect(() => boundaries(contract, op, [])).toThrow(/^boundaries: unsupported keyword "multipleOf"/);
  expect(() => valid({ type: 'string', format: 'email' })).toThrow(/^valid: unsupported format "email"/);
});

test.describe('positions: a constraint inside an array is checked at item 0, the second of two and the last of three', () => {
  const positionOf = (c: Case) => (c.position ? `${c.position.index}/${c.position.items}` : 'none');

  test('every violation of an array member comes at positions 0, 1 (of 2) and last (of 3), the items before it valid', () => {
    for (const op of contract.operations.filter((o) => o.requestSchema)) {
      const validate = contract.validatorFor(op.requestSchema!);
      const cases = violations(contract, op, catalogue);
      for (const c of catalogue.filter((x) => x.operationId === op.operationId && x.path.includes('[]'))) {
        const mine = cases.filter((x) => x.constraintId === c.id);
        expect(mine.length, `${c.id} has violations`).toBeGreaterThan(0);
        const at = new Set(mine.map((x) => (x.position!.index === 0 ? '0' : positionOf(x))));
        expect([...at].sort(), c.id).toEqual(['0', '1/2', '2/3']);
        for (const x of mine.filter((y) => y.position!.index > 0)) {
          // The member sits in the last item; every item before it is valid on its own.
          const arrayPointer = x.instancePointer.split('/').slice(0, x.instancePointer.split('/').indexOf(String(x.position!.index))).join('/');
          const list = arrayPointer.split('/').slice(1).reduce((n: any, t) => n[t], x.body as any) as unknown[];
          expect(list.length, x.description).toBe(x.position!.items);
          for (const before of list.slice(0, -1)) {
            const alone = structuredClone(x.body) as any;
            arrayPointer.split('/').slice(1).reduce((n: any, t, i, all) => (i === all.length - 1 ? (n[t] = [before]) : n[t]), alone);
            expect(validate(alone), `${x.description}: item before it`).toBe(true);
          }
          expect(x.description).toMatch(/is the last of \d items, the others valid\)$/);
        }
      }
    }
  });

  test('boundary cases take later positions too when a constraint has several (the flavours of a length limit)', () => {
    const b = boundaries(contract, createJob, catalogue).filter((c) => c.constraintId === 'createJob.objectives[].objectiveRef.maxLength');
    expect(b.map(positionOf)).toEqual([`0/${b[0]!.position!.items}`, '1/2', '2/3']);
    for (const c of b) expect(checkCase(contract, createJob, c)).toEqual({ ok: true });
  });

  test('constraints outside arrays have no position', () => {
    for (const c of violations(contract, createJob, catalogue).filter((x) => !x.path.includes('['))) expect(c.position).toBeUndefined();
  });

  test('random violations break later items too, and shrink toward item 0', () => {
    const c = constraint('createJob.objectives[].objectiveRef.maxLength');
    const drawn = fc.sample(violationArbitrary(contract, createJob, c), { seed: 6, numRuns: 60 });
    expect(drawn.some((x) => x.position!.index > 0)).toBe(true);
    for (const x of drawn) expect(x.instancePointer).toBe(`/objectives/${x.position!.index}/objectiveRef`);
    // A property that fails only when the broken objective is not the first shrinks to two objectives, the first valid.
    const details = fc.check(
      fc.property(violationArbitrary(contract, createJob, c), (x) => x.position!.index === 0),
      { seed: 6, numRuns: 100 },
    );
    expect(details.failed).toBe(true);
    const shrunk = details.counterexample![0];
    expect(shrunk.position).toEqual({ index: 1, items: 2 });
    expect(checkCase(contract, createJob, shrunk)).toEqual({ ok: true });
  });
});
