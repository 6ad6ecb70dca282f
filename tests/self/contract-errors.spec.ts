/**
 * A broken spec or schema is refused at load with one line that names the file and the JSON
 * pointer, both from the loader and from the command line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { test, expect } from '@playwright/test';
import { buildCatalogue, ContractError, loadContract, projectRoot, schemasDir, specsDir } from '../../src/contract/index.ts';
import { checkedDigest, CONTRACT_CHECKED_ENV } from '../../src/contract/loader.ts';

/** A scratch copy of specs/ and schemas/ that a test may break. */
function scratchContract(): { spec: string; schemas: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-'));
  fs.cpSync(specsDir, path.join(root, 'specs'), { recursive: true });
  fs.cpSync(schemasDir, path.join(root, 'schemas'), { recursive: true });
  return { spec: path.join(root, 'specs', 'dispatch.openapi.yaml'), schemas: path.join(root, 'schemas') };
}

function editJson(file: string, edit: (doc: Record<string, any>) => void): void {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(doc);
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
}

function loadError(spec: string, schemas: string): ContractError {
  try {
    buildCatalogue(loadContract({ specFile: spec, schemasDir: schemas }));
  } catch (e) {
    expect(e).toBeInstanceOf(ContractError);
    return e as ContractError;
  }
  throw new Error('the broken contract loaded');
}

const cases: { name: string; breakIt: (c: { spec: string; schemas: string }) => void; expected: RegExp }[] = [
  {
    name: 'a misspelt keyword in a schema (strict mode)',
    breakIt: (c) => editJson(path.join(c.schemas, 'objective.schema.json'), (d) => {
      d.properties.objectiveRef.maxLenght = 36;
    }),
    expected: /objective\.schema\.json#\/properties\/objectiveRef.*unknown keyword.*maxLenght/,
  },
  {
    name: 'a wrong value for an extension keyword',
    breakIt: (c) => editJson(path.join(c.schemas, 'job-create.schema.json'), (d) => {
      d.properties.jobTypeId['x-referential'] = 'jobKind';
    }),
    expected: /job-create\.schema\.json#.*x-referential/,
  },
  {
    name: 'a $ref to a schema file that does not exist',
    breakIt: (c) => editJson(path.join(c.schemas, 'job-create.schema.json'), (d) => {
      d.properties.objectives.items.$ref = 'objectives.schema.json';
    }),
    expected: /job-create\.schema\.json#\/properties\/objectives\/items.*objectives\.schema\.json/,
  },
  {
    name: 'a schema file that is not JSON',
    breakIt: (c) => fs.writeFileSync(path.join(c.schemas, 'asset.schema.json'), '{ "type": "object", '),
    expected: /asset\.schema\.json#: not valid JSON/,
  },
  {
    name: 'a constraint keyword the catalogue does not support',
    breakIt: (c) => editJson(path.join(c.schemas, 'timeslot.schema.json'), (d) => {
      d.properties.from.multipleOf = 60;
    }),
    expected: /timeslot\.schema\.json#\/properties\/from\/multipleOf: keyword "multipleOf" is not supported/,
  },
  {
    name: 'an operation without an operationId',
    breakIt: (c) => fs.writeFileSync(c.spec, fs.readFileSync(c.spec, 'utf8').replace(/\n +operationId: createJob\n/, '\n')),
    expected: /dispatch\.openapi\.yaml#\/paths\/~1jobs\/post: missing required member "operationId"/,
  },
  {
    name: 'a spec that is not YAML',
    breakIt: (c) => fs.writeFileSync(c.spec, 'openapi: 3.1.0\npaths: [\n  - x: {\n'),
    expected: /dispatch\.openapi\.yaml#: not valid YAML at line \d+/,
  },
  {
    name: 'a request body $ref into schemas/ that does not resolve',
    breakIt: (c) => fs.writeFileSync(c.spec, fs.readFileSync(c.spec, 'utf8').replace('job-update.schema.json', 'job-updates.schema.json')),
    expected: /dispatch\.openapi\.yaml#\/paths\/~1jobs~1\{jobId\}\/put\/requestBody.*job-updates\.schema\.json/,
  },
  {
    name: 'an undeclared path parameter',
    breakIt: (c) => fs.writeFileSync(c.spec, fs.readFileSync(c.spec, 'utf8').replace("  /jobs/{jobId}/status:\n    parameters:\n      - $ref: '#/components/parameters/jobId'\n", '  /jobs/{jobId}/status:\n    parameters:\n')),
    expected: /path parameter \{jobId\} is not declared/,
  },
];

for (const c of cases) {
  test(`refused with one clear line: ${c.name}`, () => {
    const scratch = scratchContract();
    c.breakIt(scratch);
    const error = loadError(scratch.spec, scratch.schemas);
    expect(error.message).toMatch(c.expected);
    expect(error.message).not.toContain('\n');
  });
}

test('the command line prints the one line and exits non-zero, without a stack trace', () => {
  const scratch = scratchContract();
  cases[0]!.breakIt(scratch);
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/catalogue.ts', '--spec', scratch.spec, '--schemas', scratch.schemas], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  expect(run.status).not.toBe(0);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^dispatch-conformance: .*objective\.schema\.json#\/properties\/objectiveRef.*maxLenght/);
  expect(run.stderr).not.toMatch(/\n\s+at /);
});

test('the unbroken contract loads from a scratch copy (the cases above break only what they name)', () => {
  const scratch = scratchContract();
  expect(loadContract({ specFile: scratch.spec, schemasDir: scratch.schemas }).operations).toHaveLength(9);
});

test('the contract is checked once per run: a process that inherits the digest of the files its parent checked reads them unchecked and compiles validators when used; a file changed since is checked again', () => {
  const c = scratchContract();
  const saved = process.env[CONTRACT_CHECKED_ENV];
  try {
    delete process.env[CONTRACT_CHECKED_ENV];
    loadContract({ specFile: c.spec, schemasDir: c.schemas });
    const digest = process.env[CONTRACT_CHECKED_ENV];
    expect(digest).toMatch(/^[0-9a-f]{32}$/);
    // A misspelt keyword written after the check: a new digest, so the loader checks and refuses it.
    editJson(path.join(c.schemas, 'objective.schema.json'), (d) => {
      d.properties.objectiveRef.maxLenght = 36;
    });
    expect(loadError(c.spec, c.schemas).message).toMatch(/unknown keyword.*maxLenght/);
    // Given as checked (the digest of these very files), it is read unchecked: no strict compile at load.
    process.env[CONTRACT_CHECKED_ENV] = checkedDigest(c.spec, c.schemas);
    const unchecked = loadContract({ specFile: c.spec, schemasDir: c.schemas });
    // And a validator it is asked for is compiled then, by the same strict oracle: the problem surfaces there.
    const op = unchecked.operation('createJob');
    expect(() => unchecked.validatorFor(op.requestSchema!)).toThrow(/maxLenght/);
    // The unbroken files given as checked: validators compile and judge when first used.
    const fine = scratchContract();
    process.env[CONTRACT_CHECKED_ENV] = checkedDigest(fine.spec, fine.schemas);
    const contract = loadContract({ specFile: fine.spec, schemasDir: fine.schemas });
    const validate = contract.validatorFor(contract.operation('createJob').requestSchema!);
    expect(validate({})).toBe(false);
  } finally {
    if (saved === undefined) delete process.env[CONTRACT_CHECKED_ENV];
    else process.env[CONTRACT_CHECKED_ENV] = saved;
  }
});

test('a contract checked by an earlier run is read unchecked from its entry: only a check that passed writes one, and changed contents are checked again', () => {
  const saved = { env: process.env[CONTRACT_CHECKED_ENV], dir: process.env.CONFORMANCE_CACHE_DIR };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-cache-'));
  const entries = () => fs.readdirSync(dir).filter((f) => f.startsWith('contract-'));
  try {
    delete process.env[CONTRACT_CHECKED_ENV];
    process.env.CONFORMANCE_CACHE_DIR = dir;
    // A broken contract is refused, and leaves no entry.
    const broken = scratchContract();
    editJson(path.join(broken.schemas, 'objective.schema.json'), (d) => {
      d.properties.objectiveRef.maxLenght = 36;
    });
    expect(loadError(broken.spec, broken.schemas).message).toMatch(/unknown keyword.*maxLenght/);
    expect(entries()).toEqual([]);
    // The unbroken one is checked, and leaves one entry.
    const first = scratchContract();
    loadContract({ specFile: first.spec, schemasDir: first.schemas });
    expect(entries()).toHaveLength(1);
    // The same contents elsewhere are read from the entry, its spec as stored there: no YAML read, no check.
    const entry = path.join(dir, entries()[0]!);
    editJson(entry, (d) => {
      d.spec.info.title = 'read from the entry';
    });
    const again = scratchContract();
    expect(loadContract({ specFile: again.spec, schemasDir: again.schemas }).spec.info.title).toBe('read from the entry');
    // An unreadable entry costs only the check.
    fs.writeFileSync(entry, '{ not json');
    const third = scratchContract();
    expect(loadContract({ specFile: third.spec, schemasDir: third.schemas }).spec.info.title).not.toBe('read from the entry');
    // Contents changed since are another digest: checked, and refused.
    delete process.env[CONTRACT_CHECKED_ENV];
    editJson(path.join(third.schemas, 'objective.schema.json'), (d) => {
      d.properties.objectiveRef.maxLenght = 36;
    });
    expect(loadError(third.spec, third.schemas).message).toMatch(/unknown keyword.*maxLenght/);
  } finally {
    if (saved.env === undefined) delete process.env[CONTRACT_CHECKED_ENV];
    else process.env[CONTRACT_CHECKED_ENV] = saved.env;
    if (saved.dir === undefined) delete process.env.CONFORMANCE_CACHE_DIR;
    else process.env.CONFORMANCE_CACHE_DIR = saved.dir;
  }
});
