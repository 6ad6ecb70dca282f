/**
 * Data-driven schema cases: each file in schema-cases/ names a schema, a valid base body, and
 * patches that must keep it valid or make it invalid. The cases are written from the contract,
 * independently of the schemas, and cover every limit on both sides (in code points).
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { getAtPointer, loadContract, pointerTokens } from '../../src/contract/index.ts';

interface CaseFile {
  schema: string;
  base: unknown;
  tests: { description: string; patch: Record<string, unknown>; valid: boolean }[];
}

const dir = path.join(import.meta.dirname, 'schema-cases');
const contract = loadContract();

/** Expands `{"$repeat": s, "times": n}` and applies `{"$delete": true}` at JSON pointers. */
function apply(base: unknown, patch: Record<string, unknown>): unknown {
  let doc = structuredClone(base);
  for (const [pointer, raw] of Object.entries(patch)) {
    const repeat = raw as { $repeat?: string; times?: number } | null;
    const value = repeat && typeof repeat === 'object' && typeof repeat.$repeat === 'string' ? repeat.$repeat.repeat(repeat.times ?? 1) : raw;
    if (pointer === '') {
      doc = value;
      continue;
    }
    const tokens = pointerTokens(pointer);
    const last = tokens.pop()!;
    const parent = getAtPointer(doc, tokens.length ? '/' + tokens.join('/') : '') as Record<string, unknown>;
    if (parent === undefined) throw new Error(`patch ${pointer}: no parent`);
    if (value && typeof value === 'object' && '$delete' in value) delete parent[last];
    else parent[last] = value;
  }
  return doc;
}

for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cases.json')).sort()) {
  const spec = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CaseFile;
  test.describe(`${spec.schema} (${file})`, () => {
    for (const t of spec.tests) {
      test(`${t.valid ? 'valid' : 'invalid'}: ${t.description}`, () => {
        const validate = contract.oracle.getSchema(contract.schemaFiles.get(spec.schema)!.$id!)!;
        const data = apply(spec.base, t.patch);
        const ok = validate(data);
        expect(ok, `${JSON.stringify(data)} → ${JSON.stringify(validate.errors)}`).toBe(t.valid);
      });
    }
  });
}

test('the operations validate with the same verdicts through their inlined schemas', () => {
  // The inlined tree must mean exactly what the files mean.
  const createJob = contract.operation('createJob');
  const spec = JSON.parse(fs.readFileSync(path.join(dir, 'job-create.cases.json'), 'utf8')) as CaseFile;
  const viaFile = contract.oracle.getSchema(contract.schemaFiles.get(spec.schema)!.$id!)!;
  const viaInline = contract.validatorFor(createJob.requestSchema!);
  for (const t of spec.tests) {
    const data = apply(spec.base, t.patch);
    expect(viaInline(data), t.description).toBe(viaFile(data));
  }
});
