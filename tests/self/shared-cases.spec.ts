/**
 * An operation's deterministic cases are made once per run (src/suite/run/shared-cases.ts): the
 * first process to make them leaves them in the run's folder, the others read them there, exactly
 * as made; a process whose seed or id pools differ makes its own.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import { isDeepStrictEqual } from 'node:util';
import { test, expect } from '@playwright/test';
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import { loadConfig } from '../../src/config/config.ts';
import { openSuite } from '../../src/suite/run/open.ts';
import { RunDir } from '../../src/suite/run/run-dir.ts';

const contract = loadContract();
const catalogue = buildCatalogue(contract);
const ops = contract.operations.filter((o) => o.requestSchema);
const env = (seed: number) => ({ DISPATCH_BASE_URL: 'http://127.0.0.1:9/x', DISPATCH_ACCESS_TOKEN: 'shared-cases-token', CONFORMANCE_SEED: String(seed) });
const suiteOf = (seed: number, key: string) => openSuite({ config: loadConfig({ envFile: '/nonexistent/.env', env: env(seed) }), contract, catalogue, budgetKey: key });

test('the cases one process made are the cases another reads, exactly; another seed makes its own', async () => {
  const key = `shared-cases-${process.pid}`;
  const dir = new RunDir(key);
  try {
    const first = suiteOf(3, key);
    const made = ops.map((op) => first.cases(op));
    await first.close();
    const files = fs.readdirSync(dir.path).filter((f) => f.startsWith('cases-'));
    expect(files).toHaveLength(ops.length);
    // Read back as made: undefined members, -0, lone surrogates and shared objects included.
    const second = suiteOf(3, key);
    ops.forEach((op, i) => expect(isDeepStrictEqual(second.cases(op), made[i]), op.operationId).toBe(true));
    await second.close();
    // What a third process of the run gets is what the file holds (it does not make them again).
    const op = ops[0]!;
    const file = dir.pathOf(files.find((f) => f.startsWith(`cases-${op.operationId}-`))!);
    const held = v8.deserialize(fs.readFileSync(file)) as { violations: { description: string }[] };
    held.violations[0]!.description = 'as the file holds it';
    fs.writeFileSync(file, v8.serialize(held));
    const third = suiteOf(3, key);
    expect(third.cases(op).violations[0]!.description).toBe('as the file holds it');
    await third.close();
    // Another seed: other cases, its own files.
    const other = suiteOf(4, key);
    expect(other.cases(op).violations[0]!.description).not.toBe('as the file holds it');
    await other.close();
    expect(fs.readdirSync(dir.path).filter((f) => f.startsWith(`cases-${op.operationId}-`))).toHaveLength(2);
  } finally {
    dir.remove();
  }
});
