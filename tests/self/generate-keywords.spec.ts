/**
 * Every keyword family on small schemas, as data (ajv's way): each entry is run by the same
 * assertions as the real request schemas. It covers keywords the Dispatch schemas do not use yet
 * (maximum, exclusive bounds, minItems/maxItems, const, rich and Unicode patterns), so a schema
 * that starts using one finds its generators already checked.
 */
import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import type { ValidateFunction } from 'ajv';
import { buildCatalogue, createOracle, loadContract, type Constraint, type Contract, type JsonSchema, type Operation } from '../../src/contract/index.ts';
import { boundaries, checkCase, codePoints, valid, violations } from '../../src/generate/index.ts';

interface Entry {
  description: string;
  schema: JsonSchema;
  /** Values the generated boundary cases must include, by constraint id suffix. */
  boundaryValues?: Record<string, unknown[]>;
  /** Values the generated violations must include, by constraint id suffix. */
  violationValues?: Record<string, unknown[]>;
}

const table: Entry[] = [
  {
    description: 'a rich pattern with lengths in code points',
    schema: { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 5, maxLength: 8, pattern: '^[A-Z]{2}-[0-9]+$' } } },
  },
  {
    description: 'numbers: maximum and exclusive bounds',
    schema: {
      type: 'object',
      required: ['ratio', 'count'],
      properties: { ratio: { type: 'number', exclusiveMinimum: 0, maximum: 10 }, count: { type: 'integer', minimum: -5, exclusiveMaximum: 100 } },
    },
    boundaryValues: { 'ratio.maximum': [10], 'ratio.exclusiveMinimum': [Number.MIN_VALUE], 'count.minimum': [-5], 'count.exclusiveMaximum': [99] },
    violationValues: { 'ratio.maximum': [11, 10.5], 'ratio.exclusiveMinimum': [0, -1], 'count.minimum': [-6], 'count.exclusiveMaximum': [100, 101] },
  },
  {
    description: 'arrays with minItems and maxItems',
    schema: { type: 'object', required: ['tags'], properties: { tags: { type: 'array', minItems: 2, maxItems: 4, items: { type: 'string', maxLength: 5 } } } },
  },
  {
    description: 'const',
    schema: { type: 'object', required: ['kind'], properties: { kind: { const: 'fixed' } } },
    boundaryValues: { 'kind.const': ['fixed'] },
    violationValues: { 'kind.const': ['FIXED', 'Fixed', 'fixe', ''] },
  },
  // An if/then rule whose `then` accepts nothing: written `{ "not": {} }` (as schemas/ does, which
  // every OpenAPI tool accepts) or as the boolean schema `false`, it is the same rule.
  ...[{ not: {} }, false].map((then): Entry => ({
    description: `an if/then rule with then ${JSON.stringify(then)}`,
    schema: {
      type: 'object',
      required: ['kind'],
      properties: { kind: { type: 'string', enum: ['plain', 'ranged', 'flag'] }, range: { type: 'integer', minimum: 0 } },
      if: { required: ['kind', 'range'], properties: { kind: { enum: ['flag'] }, range: {} } },
      then,
      'x-constraint': { name: 'range.notForFlags', description: 'a range only for plain and ranged kinds', source: 'a test rule' },
    },
  })),
  {
    description: 'an optional member with a Unicode letter pattern',
    schema: { type: 'object', properties: { label: { type: 'string', maxLength: 12, pattern: '^\\p{L}+$' } } },
  },
];

const base = loadContract();

function contractFor(name: string, schema: JsonSchema): { contract: Contract; op: Operation; catalogue: Constraint[] } {
  // The table's schemas say nothing of provenance; the catalogue needs one for every rule.
  const op: Operation = { operationId: name, summary: name, method: 'POST', path: '/x', pathParams: [], requestSchema: { ...schema, 'x-provenance': 'documented' }, successStatus: 202, responses: {}, answers: {}, requiredHeaders: [], readings: [] };
  const oracle = createOracle();
  const compiled = new WeakMap<object, ValidateFunction>();
  const contract: Contract = {
    ...base,
    operations: [op],
    operation: () => op,
    originOf: () => undefined,
    validatorFor(s) {
      let v = compiled.get(s);
      if (!v) compiled.set(s, (v = oracle.compile(s)));
      return v;
    },
  };
  return { contract, op, catalogue: buildCatalogue(contract) };
}

table.forEach((entry, i) => {
  test(`keywords: ${entry.description}`, () => {
    const { contract, op, catalogue } = contractFor(`k${i}`, entry.schema);
    const validate = contract.validatorFor(entry.schema);
    const bodies = fc.sample(valid(entry.schema), { seed: i, numRuns: 500 });
    expect(bodies.filter((b) => !validate(b))).toEqual([]);
    const accepted = boundaries(contract, op, catalogue);
    const rejected = violations(contract, op, catalogue);
    for (const c of [...accepted, ...rejected]) expect(checkCase(contract, op, c), c.description).toEqual({ ok: true });
    for (const c of catalogue) {
      expect(accepted.some((x) => x.constraintId === c.id), `${c.id} has a boundary case`).toBe(true);
      expect(rejected.some((x) => x.constraintId === c.id), `${c.id} has a violation`).toBe(true);
    }
    for (const [suffix, values] of Object.entries(entry.boundaryValues ?? {})) {
      expect(accepted.filter((c) => c.constraintId === `${op.operationId}.${suffix}`).map((c) => c.mutated)).toEqual(expect.arrayContaining(values));
    }
    for (const [suffix, values] of Object.entries(entry.violationValues ?? {})) {
      expect(rejected.filter((c) => c.constraintId === `${op.operationId}.${suffix}`).map((c) => c.mutated)).toEqual(expect.arrayContaining(values));
    }
    // Length limits are drawn on purpose by valid(), not left to fast-check's short defaults.
    for (const c of catalogue.filter((x) => x.keyword === 'maxLength')) {
      const member = c.path.replace(/\[\]$/, '');
      const lengths = bodies.flatMap((b) => [(b as Record<string, unknown>)[member]].flat()).filter((v): v is string => typeof v === 'string').map(codePoints);
      expect(lengths, c.id).toContain(c.limit);
    }
  });
});

test('keywords: array item counts on and beyond the limits', () => {
  const { contract, op, catalogue } = contractFor('items', table[2]!.schema);
  const counts = (cs: { constraintId?: string; mutated?: unknown }[], id: string) => cs.filter((c) => c.constraintId === id).map((c) => (c.mutated as unknown[]).length);
  expect(counts(boundaries(contract, op, catalogue), 'items.tags.minItems')).toEqual([2]);
  expect(counts(boundaries(contract, op, catalogue), 'items.tags.maxItems')).toEqual([4]);
  expect(counts(violations(contract, op, catalogue), 'items.tags.minItems')).toEqual([1]);
  expect(counts(violations(contract, op, catalogue), 'items.tags.maxItems')).toEqual([5]);
});

test('positions: in nested arrays every array above the member is resized, the member in the last item of each', () => {
  const schema: JsonSchema = {
    type: 'object',
    required: ['stops'],
    properties: { stops: { type: 'array', items: { type: 'object', required: ['codes'], properties: { codes: { type: 'array', minItems: 2, items: { type: 'string', maxLength: 3 } } } } } },
  };
  const { contract, op, catalogue } = contractFor('nested', schema);
  const cases = violations(contract, op, catalogue).filter((c) => c.constraintId === 'nested.stops[].codes[].maxLength');
  for (const c of cases) expect(checkCase(contract, op, c), c.description).toEqual({ ok: true });
  const later = cases.filter((c) => c.position!.index > 0);
  // The inner array keeps its minItems 2: "the second of two" and "the last of three" are its items 1 and 2.
  expect(later.map((c) => c.instancePointer).sort()).toEqual(['/stops/1/codes/1', '/stops/2/codes/2']);
  for (const c of later) {
    const stops = (c.body as { stops: { codes: string[] }[] }).stops;
    expect(stops).toHaveLength(c.position!.items);
    expect(stops[stops.length - 1]!.codes).toHaveLength(c.position!.items);
  }
  // minItems 4 leaves no room for "the second of two": that position is the last of four.
  const four = contractFor('four', { type: 'object', required: ['codes'], properties: { codes: { type: 'array', minItems: 4, items: { type: 'string', maxLength: 3 } } } });
  const positions = violations(four.contract, four.op, four.catalogue).filter((c) => c.keyword === 'maxLength').map((c) => c.position);
  expect(positions.filter((p) => p!.index > 0)).toEqual([{ index: 3, items: 4 }]);
});
