/**
 * Cases generated per second, per operation schema: random valid bodies (valid()), deterministic
 * violation cases (violations(), each confirmed by ajv), and random-base violations
 * (violationArbitrary over every constraint). Medians of several rounds.
 *
 *   npm run bench:generate            # 5 rounds
 *   npx tsx bench/generate.ts 9       # 9 rounds
 */
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { buildCatalogue, loadContract } from '../src/contract/index.ts';
import { boundaries, valid, violationArbitrary, violations } from '../src/generate/index.ts';

const ROUNDS = Number(process.argv[2] ?? 5);
const VALID_PER_ROUND = 2000;
const ARBITRARY_PER_CONSTRAINT = 20;

const contract = loadContract();
const catalogue = buildCatalogue(contract);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Items per second of one timed run. */
function rate(run: () => number): number {
  const t0 = performance.now();
  const n = run();
  return n / ((performance.now() - t0) / 1000);
}

const rows: string[][] = [];
for (const op of contract.operations) {
  const schema = op.requestSchema;
  if (!schema) continue;
  const constraints = catalogue.filter((c) => c.operationId === op.operationId);
  const validRates: number[] = [];
  const violationRates: number[] = [];
  const boundaryRates: number[] = [];
  const arbitraryRates: number[] = [];
  let violationCount = 0;
  let boundaryCount = 0;
  for (let round = 0; round < ROUNDS; round++) {
    validRates.push(rate(() => fc.sample(valid(schema), { seed: round, numRuns: VALID_PER_ROUND }).length));
    violationRates.push(rate(() => (violationCount = violations(contract, op, catalogue, { seed: round }).length)));
    boundaryRates.push(rate(() => (boundaryCount = boundaries(contract, op, catalogue, { seed: round }).length)));
    arbitraryRates.push(
      rate(() => constraints.reduce((n, c) => n + fc.sample(violationArbitrary(contract, op, c), { seed: round, numRuns: ARBITRARY_PER_CONSTRAINT }).length, 0)),
    );
  }
  rows.push([
    op.operationId,
    String(constraints.length),
    median(validRates).toFixed(0),
    median(violationRates).toFixed(0),
    String(violationCount),
    median(boundaryRates).toFixed(0),
    String(boundaryCount),
    median(arbitraryRates).toFixed(0),
  ]);
}

const header = ['operation', 'constraints', 'valid bodies/s', 'violations/s', 'violations', 'boundaries/s', 'boundaries', 'violationArbitrary/s'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
process.stdout.write(`generate benchmark: medians of ${ROUNDS} rounds (node ${process.version})\n\n`);
process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
for (const r of rows) process.stdout.write(`${line(r)}\n`);
