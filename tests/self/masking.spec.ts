/**
 * Violations that can be refused for one reason only (issue 17, item 3). A violation that carries a
 * member another rule reads with the violated one (a `validation.range` with a broken `dataType`)
 * can be refused for that rule by a target that gets the member wrong: the fault is masked. Here:
 * every violation the generator makes stays valid for every other rule whatever valid value its
 * member takes; the oracle refuses a masked one; and two faults that such cases hid (dataType takes
 * any string, or any letter case, while the range rule stays keyed on its whitelist) are caught at
 * five seeds, with no false alarm on the unfaulted server's createJobAttributes rows at those seeds.
 */
import { test, expect } from '@playwright/test';
import { embeddedRun, embeddedSuite } from '../../src/targets/embedded.ts';
import { buildCatalogue, getAtPointer, isSchemaObject, joinPointer, loadContract, pointerTokens, type Contract, type JsonSchema, type Operation } from '../../src/contract/index.ts';
import { baseBody, checkCase, violations, withValueAt, type Case } from '../../src/generate/index.ts';
import { runMutation } from '../../src/mutation/runner.ts';
import { listFaults } from '../../src/server/index.ts';
import { applyFaults } from '../../src/server/faults/index.ts';
import { serverContract } from '../../src/server/contract.ts';
import { runBoundaries, runConstraint } from '../../src/suite/index.ts';

const contract = loadContract();
const catalogue = buildCatalogue(contract);
const withBody = contract.operations.filter((op): op is Operation & { requestSchema: NonNullable<Operation['requestSchema']> } => !!op.requestSchema);
const SEEDS = [1, 2, 3, 4, 5];
const GENERATOR_SEEDS = [1, 2, 3];
const ENUM = 'createJobAttributes.attributes[].dataType.enum';
const FAULTS = [`${ENUM}:any-string`, `${ENUM}:case-insensitive`];

/** The schema pointer of the member a violation is about: its keyword's node, or the missing member of it. */
function memberPointer(c: Case): string {
  const node = c.schemaPointer!.slice(0, c.schemaPointer!.lastIndexOf('/'));
  const nodeDepth = pointerTokens(node).filter((t, i, all) => t === 'items' || all[i - 1] === 'properties').length;
  const tokens = pointerTokens(c.instancePointer);
  return tokens.length === nodeDepth ? node : joinPointer(node, 'properties', tokens[tokens.length - 1]!);
}

/** Valid values of a member, read from its schema: each enum member, else the case's original value. */
function validValuesOf(op: Operation, c: Case): unknown[] {
  const schema = getAtPointer(op.requestSchema, memberPointer(c));
  if (isSchemaObject(schema) && Array.isArray(schema.enum)) return schema.enum;
  return c.original === undefined ? [] : [c.original];
}

for (const op of withBody) {
  test(`${op.operationId}: no violation can be refused for another rule, whatever valid value its member takes (seeds ${GENERATOR_SEEDS.join(', ')})`, () => {
    const validate = contract.validatorFor(op.requestSchema);
    let replaced = 0;
    for (const seed of GENERATOR_SEEDS) {
      const cases = violations(contract, op, catalogue, { seed });
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) {
        expect(checkCase(contract, op, c), c.description).toEqual({ ok: true });
        for (const v of validValuesOf(op, c)) {
          const body = withValueAt(c.body, c.instancePointer, v);
          expect(validate(body), `${c.description}, with ${c.path} = ${JSON.stringify(v)}: ${JSON.stringify(validate.errors)}`).toBe(true);
          replaced++;
        }
      }
    }
    expect(replaced).toBeGreaterThan(0);
  });
}

test('a dataType violation leaves the range out, and the oracle refuses one that carries it', () => {
  const op = contract.operation('createJobAttributes');
  const base = baseBody(contract, op) as { attributes: Record<string, unknown>[] };
  // The base attributes carry ranges: the masking context is there to be left out.
  expect(base.attributes.some((a) => (a.validation as Record<string, unknown> | undefined)?.range !== undefined)).toBe(true);
  const cases = violations(contract, op, catalogue).filter((c) => c.constraintId === ENUM);
  expect(cases.map((c) => c.mutated)).toEqual(expect.arrayContaining(['String', 'ARRAY', 'strin']));
  const validate = contract.validatorFor(op.requestSchema!);
  for (const c of cases) {
    const item = c.instancePointer.slice(0, c.instancePointer.lastIndexOf('/'));
    expect(getAtPointer(c.body, `${item}/validation/range`), c.description).toBeUndefined();
    // The same violation in the base item, range and all: ajv finds only the enum broken, yet a
    // valid dataType (boolean) would still be refused, for the range rule; the oracle refuses it.
    const baseItem = getAtPointer(base, item.replace(/\/\d+$/, '/0')) as Record<string, unknown>;
    const masked: Case = { ...c, body: withValueAt(c.body, item, { ...baseItem, dataType: c.mutated }) };
    expect(getAtPointer(masked.body, `${item}/validation/range`)).toBeDefined();
    expect(validate(masked.body)).toBe(false);
    expect(validate.errors!.every((e) => e.keyword === 'enum' || e.keyword === 'type'), JSON.stringify(validate.errors)).toBe(true);
    expect(checkCase(contract, op, masked).ok, c.description).toBe(false);
  }
});

test('what is left out comes from the schema alone: the deepest optional member an if reads with the violated one', () => {
  // A schema of its own, named nowhere in the generator: "opt" is allowed only for plain kinds.
  const schema = {
    'x-provenance': 'documented',
    type: 'object',
    required: ['kind'],
    properties: {
      kind: { type: 'string', enum: ['plain', 'fancy'] },
      extra: { type: 'object', properties: { opt: { type: 'number' }, keep: { type: 'string', maxLength: 3 } } },
    },
    if: { required: ['kind', 'extra'], properties: { kind: { enum: ['fancy'] }, extra: { type: 'object', required: ['opt'], properties: { opt: {} } } } },
    then: { not: {} },
    'x-constraint': { name: 'opt.onlyForPlain', description: 'opt only for plain kinds', source: 'this test' },
  } as unknown as JsonSchema;
  const op: Operation = { ...contract.operation('createJob'), operationId: 'fake', readings: [], requestSchema: schema };
  const fake: Contract = Object.assign(Object.create(Object.getPrototypeOf(contract)), contract, { operations: [op], operation: () => op });
  const cases = violations(fake, op, buildCatalogue(fake), { seed: 3 });
  const kind = cases.filter((c) => c.constraintId === 'fake.kind.enum' || c.constraintId === 'fake.kind.type' || c.constraintId === 'fake.kind.required');
  expect(kind.length).toBeGreaterThan(5);
  for (const c of kind) {
    const extra = (c.body as { extra: Record<string, unknown> }).extra;
    expect(Object.keys(extra), c.description).toEqual(['keep']);
    for (const v of ['plain', 'fancy']) expect(contract.validatorFor(schema)(withValueAt(c.body, c.instancePointer, v)), `${c.description} with kind ${v}`).toBe(true);
  }
  // The rule's own violation keeps what it reads: it is the case.
  const rule = cases.find((c) => c.constraintId === 'fake.opt.onlyForPlain')!;
  expect(rule.body).toMatchObject({ kind: 'fancy', extra: { opt: expect.any(Number) } });
});

test('the two faults accept a dataType violation without a range and refuse it with one (what masked them)', () => {
  expect(listFaults().filter((f) => FAULTS.includes(f.name)).map((f) => f.detectedBy)).toEqual([ENUM, ENUM]);
  const body = (dataType: string, range: boolean) => ({ attributes: [{ name: 'abc', dataType, ...(range ? { validation: { range: { min: 1, max: 2 } } } : {}) }] });
  for (const fault of FAULTS) {
    const v = serverContract().contract.validatorFor(applyFaults([fault]).schemas.get('createJobAttributes')!);
    expect([v(body('String', false)), v(body('ARRAY', false)), v(body('String', true)), v(body('number', true)), v(body('boolean', true))], fault).toEqual([true, true, false, true, false]);
  }
});

test(`the any-string and case-insensitive dataType faults are detected at seeds ${SEEDS.join(', ')}`, async () => {
  test.setTimeout(120_000);
  for (const seed of SEEDS) {
    const report = await runMutation({ target: embeddedRun, mode: 'fast', seed, faults: FAULTS, baseline: false });
    expect(report.faults.map((f) => [f.name, f.detected, f.caughtBy.includes(ENUM)]), `seed ${seed}`).toEqual(FAULTS.map((f) => [f, true, true]));
  }
});

test(`the unfaulted server gets no violation on the createJobAttributes rows at seeds ${SEEDS.join(', ')}`, async () => {
  test.setTimeout(120_000);
  const op = contract.operation('createJobAttributes');
  const own = catalogue.filter((c) => c.operationId === op.operationId);
  for (const seed of SEEDS) {
    const t = await embeddedSuite({ contract, catalogue, settings: { CONFORMANCE_SEED: String(seed), DISPATCH_CONSISTENCY_MS: '1000' } });
    try {
      for (const c of own) await runConstraint(t.ctx, t.recorder, c, { randomRuns: 1 });
      await runBoundaries(t.ctx, t.recorder, op);
    } finally {
      await t.close();
    }
    const rows = t.recorder.records();
    expect(rows.filter((r) => r.verdict === 'violated' || r.verdict === 'deviation').map((r) => r.rowId), `seed ${seed}`).toEqual([]);
    // The rows were tested: the enum's violations were sent and refused.
    expect(rows.find((r) => r.rowId === ENUM), `seed ${seed}`).toMatchObject({ verdict: 'conforms' });
    expect(rows.find((r) => r.rowId === ENUM)!.cases.reject, `seed ${seed}`).toBeGreaterThan(0);
    expect(rows.filter((r) => own.some((c) => c.id === r.rowId)).length).toBe(own.length);
  }
});
