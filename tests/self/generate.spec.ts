/**
 * Contract assertions run over every operation with a request body (every schema the spec uses):
 * valid() values pass ajv, every boundary case passes and every violation fails exactly where it
 * says (also after a JSON round trip), the whole catalogue is covered both ways, and valid()
 * reaches every length maximum.
 */
import { test, expect } from '@playwright/test';
import fc from 'fast-check';
import { buildCatalogue, getAtPointer, loadContract, pointerTokens, type Operation } from '../../src/contract/index.ts';
import { boundaries, checkCase, codePoints, valid, violations } from '../../src/generate/index.ts';

const contract = loadContract();
const catalogue = buildCatalogue(contract);
const withBody = contract.operations.filter((op): op is Operation & { requestSchema: NonNullable<Operation['requestSchema']> } => !!op.requestSchema);
const RUNS = 1000;
const SEED = 20_261_204;

test('every operation with a request body is covered by these tests', () => {
  expect(withBody.map((o) => o.operationId).sort()).toEqual(
    ['changeJobStatus', 'changeJobSubStatus', 'changeJobsSubStatus', 'createJob', 'createJobAttributes', 'updateJob', 'updateJobById'],
  );
});

for (const [index, op] of withBody.entries()) {
  test(`${op.operationId}: ${RUNS} valid() bodies pass ajv, also after a JSON round trip`, () => {
    // Seeded, so a failure replays; each operation draws from a seed of its own.
    const seed = SEED + index;
    const validate = contract.validatorFor(op.requestSchema);
    test.info().annotations.push({ type: 'seed', description: String(seed) });
    try {
      fc.assert(
        fc.property(valid(op.requestSchema), (body) => {
          const sent = JSON.parse(JSON.stringify(body)) as unknown;
          expect(sent).toEqual(body);
          if (!validate(body) || !validate(sent)) throw new Error(`ajv rejects ${JSON.stringify(body)}: ${JSON.stringify(validate.errors)}`);
        }),
        { seed, numRuns: RUNS },
      );
    } catch (e) {
      console.log(`${op.operationId}: valid() failed with seed ${seed}`);
      throw e;
    }
  });

  test(`${op.operationId}: every boundary case passes ajv and every violation fails at its keyword and pointer only`, () => {
    const accepted = boundaries(contract, op, catalogue);
    const rejected = violations(contract, op, catalogue);
    expect(accepted.length).toBeGreaterThan(0);
    expect(rejected.length).toBeGreaterThan(0);
    const validate = contract.validatorFor(op.requestSchema);
    for (const c of accepted) {
      expect(c).toMatchObject({ operationId: op.operationId, kind: 'boundary', expect: 'accept' });
      expect(checkCase(contract, op, c), c.description).toEqual({ ok: true });
      expect(validate(JSON.parse(JSON.stringify(c.body))), c.description).toBe(true);
    }
    for (const c of rejected) {
      expect(c).toMatchObject({ operationId: op.operationId, kind: 'violation', expect: 'reject' });
      expect(checkCase(contract, op, c), c.description).toEqual({ ok: true });
      // Independently of checkCase: ajv fails, and every error sits at the declared pointer.
      expect(validate(JSON.parse(JSON.stringify(c.body))), c.description).toBe(false);
      const nodePointer = c.schemaPointer!.slice(0, c.schemaPointer!.lastIndexOf('/'));
      for (const e of validate.errors ?? []) {
        const where = c.keyword === 'required' ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}` : e.instancePath;
        expect(where, `${c.description}: ${e.schemaPath}`).toBe(c.instancePointer);
        expect(e.schemaPath.startsWith(`#${nodePointer}/`), `${c.description}: ${e.schemaPath}`).toBe(true);
      }
      expect(c.description.length).toBeGreaterThan(5);
      expect(c.path).not.toContain('[]');
      expect(c.constraintId && catalogue.some((k) => k.id === c.constraintId)).toBe(true);
    }
  });

  test(`${op.operationId}: valid() reaches every length maximum, not only short strings`, () => {
    const bodies = fc.sample(valid(op.requestSchema), { numRuns: 1500, seed: 7 });
    const maxima = catalogue.filter((c) => c.operationId === op.operationId && c.keyword === 'maxLength');
    for (const c of maxima) {
      const lengths = bodies.flatMap((b) => valuesAt(b, c.nodePointer)).filter((v): v is string => typeof v === 'string').map(codePoints);
      expect(lengths.length, c.id).toBeGreaterThan(0);
      expect(Math.max(...lengths), c.id).toBe(c.limit);
      // Drawn on purpose, the maximum is a sizeable share of all values (fast-check alone gives almost none).
      const share = lengths.filter((n) => n === c.limit).length / lengths.length;
      expect(share, `${c.id} hits its maximum in ${(share * 100).toFixed(1)}% of values`).toBeGreaterThan(0.1);
    }
  });
}

test('coverage: every catalogue constraint has at least one violating and one accepting boundary case', () => {
  const byOp = new Map(withBody.map((op) => [op.operationId, { b: boundaries(contract, op, catalogue), v: violations(contract, op, catalogue) }]));
  const missing: string[] = [];
  for (const c of catalogue) {
    const cases = byOp.get(c.operationId);
    if (!cases?.b.some((x) => x.constraintId === c.id)) missing.push(`${c.id} (no boundary)`);
    if (!cases?.v.some((x) => x.constraintId === c.id)) missing.push(`${c.id} (no violation)`);
  }
  expect(catalogue.length).toBe(128);
  expect(missing).toEqual([]);
});

/** Every value a schema node has in a body (all items of arrays). */
function valuesAt(body: unknown, nodePointer: string): unknown[] {
  let values: unknown[] = [body];
  const tokens = pointerTokens(nodePointer);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'properties') {
      const name = tokens[++i]!;
      values = values.map((v) => getAtPointer(v, `/${name}`)).filter((v) => v !== undefined);
    } else if (tokens[i] === 'items') {
      values = values.flatMap((v) => (Array.isArray(v) ? v : []));
    }
  }
  return values;
}
