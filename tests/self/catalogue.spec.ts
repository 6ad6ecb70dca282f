/**
 * The catalogue must hold every constraint dispatch-contract.md documents. The list below is the
 * contract's, written independently of the schemas: dropping or loosening a constraint in a schema
 * fails this test.
 */
import { test, expect } from '@playwright/test';
import { buildCatalogue, loadContract, projectRoot } from '../../src/contract/index.ts';
import fs from 'node:fs';
import path from 'node:path';
import { runCommand } from './helpers/cli.ts';

// operationId  member-path  keyword[=limit] ...
const DOCUMENTED = `
createJobAttributes attributes                         required type=array
createJobAttributes attributes[].name                  required type=string minLength=1 maxLength=32 pattern=^[a-zA-Z]{1,32}$
createJobAttributes attributes[].dataType              required type=string enum=string,number,boolean,object,array
createJobAttributes attributes[].validation.range.min  type=number
createJobAttributes attributes[].validation.range.max  type=number
createJob           jobWorkflowId                      required type=string minLength=1 maxLength=64
createJob           jobTypeId                          required type=string minLength=4 maxLength=64
createJob           objectives[].objectiveRef          required type=string minLength=4 maxLength=36
createJob           objectives[].location              required type=string minLength=1 maxLength=64
createJob           objectives[].contact               required type=string minLength=1 maxLength=64
createJob           objectives[].timeslot.from         required type=integer minimum=1
createJob           objectives[].timeslot.to           required type=integer minimum=1
createJob           scheduledFor.startDateTime         required type=number
createJob           assets[].documentType              required type=string
createJob           assets[].documentUrl               required type=string
createJob           jobRef                             type=string minLength=1 maxLength=64
updateJob           jobRef                             required type=string minLength=1 maxLength=64
updateJob           status                             required type=string enum=COMPLETED
updateJobById       scheduledFor.startDateTime         required type=number
updateJobById       assets[].documentType              required type=string
updateJobById       assets[].documentUrl               required type=string
updateJobById       objectives[].objectiveRef          required type=string minLength=4 maxLength=36
updateJobById       objectives[].location              required type=string minLength=1 maxLength=64
updateJobById       objectives[].contact               required type=string minLength=1 maxLength=64
updateJobById       objectives[].timeslot.from         required type=integer minimum=1
updateJobById       objectives[].timeslot.to           required type=integer minimum=1
changeJobStatus     status                             required type=string enum=COMPLETED
changeJobStatus     subStatus                          type=string maxLength=64
changeJobSubStatus  subStatus                          required type=string maxLength=64
changeJobsSubStatus jobs[].jobId                       required type=string minLength=1 maxLength=64
changeJobsSubStatus jobs[].subStatus                   required type=string maxLength=64
`;

/** Composite rules, by id. */
const RULES = ['createJobAttributes.attributes[].validation.range.onlyForStringAndNumber'];

/** Referential members and the entity they name. */
const REFERENTIAL = {
  'createJob.jobTypeId': 'jobType',
  'createJob.jobWorkflowId': 'jobWorkflow',
  'createJob.objectives[].location': 'location',
  'createJob.objectives[].contact': 'contact',
  'updateJob.jobRef': 'jobRef',
  'changeJobsSubStatus.jobs[].jobId': 'job',
};

interface Expected {
  id: string;
  limit?: unknown;
}

function expectedConstraints(): Expected[] {
  const out: Expected[] = [];
  for (const line of DOCUMENTED.trim().split('\n')) {
    const [op, path, ...rules] = line.trim().split(/\s+/) as [string, string, ...string[]];
    for (const rule of rules) {
      const [keyword, raw] = rule.split('=') as [string, string | undefined];
      let limit: unknown = raw;
      if (keyword === 'enum') limit = raw!.split(',');
      else if (keyword === 'minLength' || keyword === 'maxLength' || keyword === 'minimum') limit = Number(raw);
      else if (keyword === 'required') limit = path.split('.').pop()!.replace('[]', '');
      out.push({ id: `${op}.${path}.${keyword}`, limit });
    }
  }
  return out;
}

const catalogue = buildCatalogue(loadContract());
const byId = new Map(catalogue.map((c) => [c.id, c]));

test(`the catalogue holds each of the contract's ${expectedConstraints().length} documented constraints with its limit`, () => {
  const missing: string[] = [];
  const wrong: string[] = [];
  for (const e of expectedConstraints()) {
    const c = byId.get(e.id);
    if (!c) missing.push(e.id);
    else if (JSON.stringify(c.limit) !== JSON.stringify(e.limit)) wrong.push(`${e.id}: ${JSON.stringify(c.limit)} instead of ${JSON.stringify(e.limit)}`);
  }
  expect(missing, 'constraints missing from the catalogue').toEqual([]);
  expect(wrong, 'constraints with a different limit').toEqual([]);
});

test('the range rule is a catalogued constraint with its source sentence', () => {
  for (const id of RULES) {
    const c = byId.get(id);
    expect(c, id).toBeDefined();
    expect(c!.keyword).toBe('if');
    expect(c!.source).toContain('allowed only for string and number');
  }
});

test('every catalogue entry carries a source sentence from the documentation and a stable, unique id', () => {
  const ids = catalogue.map((c) => c.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const c of catalogue) {
    expect(c.id, c.id).toMatch(/^[a-zA-Z]+\.[a-zA-Z[\].]+$/);
    expect(c.source.length, `${c.id} has no source sentence`).toBeGreaterThan(10);
    expect(c.schemaRef, c.id).toMatch(/^[a-z-]+\.schema\.json#\//);
  }
  // A length constraint cites the sentence that states it.
  expect(byId.get('createJob.objectives[].objectiveRef.maxLength')!.source).toContain('maxLength: 36');
  expect(byId.get('createJobAttributes.attributes[].name.pattern')!.source).toContain('^[a-zA-Z]{1,32}$');
});

test('referential members are marked with the entity they name', () => {
  for (const [member, kind] of Object.entries(REFERENTIAL)) {
    const c = byId.get(`${member}.type`);
    expect(c?.referential, member).toBe(kind);
  }
  expect(byId.get('createJob.objectives[].objectiveRef.type')?.referential).toBeUndefined();
});

test('int64 is an annotation, not a constraint of its own', () => {
  expect(catalogue.filter((c) => c.keyword === ('format' as string))).toEqual([]);
});

/**
 * Where each rule comes from, written independently of the schemas (dispatch-contract.md and
 * os1-reference.md): the how-to page's constraints are documented; what only OS1's reference says is
 * reference; our own pins are assumed. Every other constraint is documented.
 */
const NOT_DOCUMENTED: Record<string, 'reference' | 'assumed'> = {
  'createJob.jobRef.type': 'reference',
  'createJob.jobRef.minLength': 'reference',
  'createJob.jobRef.maxLength': 'reference',
  'changeJobSubStatus.subStatus.minLength': 'reference',
  'changeJobStatus.subStatus.type': 'assumed',
  'changeJobStatus.subStatus.maxLength': 'assumed',
};

/** Rules the pages contradict each other on, and the reading that disagrees. */
const CONTESTED: Record<string, string> = {
  'createJob.objectives.required': 'objectivesOptional',
  'createJob.jobRef.minLength': 'jobRefFromFour',
  'createJob.objectives[].location.type': 'locationObject',
  'createJob.objectives[].contact.type': 'contactObject',
  'updateJobById.objectives[].location.type': 'locationObject',
  'updateJobById.objectives[].contact.type': 'contactObject',
};

test('every constraint says where it comes from: documented, reference or assumed', () => {
  const wrong = catalogue
    .map((c) => [c.id, c.provenance, NOT_DOCUMENTED[c.id] ?? 'documented'] as const)
    .filter(([, got, want]) => got !== want)
    .map(([id, got, want]) => `${id}: ${got}, expected ${want}`);
  expect(wrong).toEqual([]);
  expect(Object.keys(NOT_DOCUMENTED).filter((id) => !byId.has(id))).toEqual([]);
  // A reference rule cites the reference, not the how-to page.
  expect(byId.get('changeJobSubStatus.subStatus.minLength')!.source).toContain('OS1 API reference');
  expect(byId.get('changeJobSubStatus.subStatus.maxLength')!.source).toContain('maxLength: 64');
});

test('rules the pages contradict each other on carry the other reading', () => {
  const contested = Object.fromEntries(catalogue.filter((c) => c.contested).map((c) => [c.id, c.contested!.map((r) => r.id).join(',')]));
  expect(contested).toEqual(CONTESTED);
  for (const c of catalogue.filter((x) => x.contested)) for (const r of c.contested!) expect(r.source.length, c.id).toBeGreaterThan(20);
});

test('a schema that does not say where a rule comes from is refused', () => {
  const contract = loadContract();
  const op = contract.operation('changeJobSubStatus');
  const stripped = structuredClone(op.requestSchema!);
  delete stripped['x-provenance'];
  const broken = { ...contract, operations: [{ ...op, requestSchema: stripped }] };
  expect(() => buildCatalogue(broken)).toThrow(/no x-provenance says where the rule/);
});

test('npm run catalogue lists every HTTP rule after the constraints, each with its provenance and its source', async () => {
  const { RULES } = await import('../../src/checks/index.ts');
  const run = await runCommand('src/cli/catalogue.ts', []);
  expect(run.code).toBe(0);
  const lines = run.stdout.split('\n');
  for (const r of Object.values(RULES)) {
    const line = lines.find((l) => l.startsWith(`${r.id}\t`));
    expect(line, r.id).toBeDefined();
    expect(line!.split('\t')[1]!.split(' ')[0], r.id).toBe(r.provenance);
    expect(line, r.id).toContain(`source: ${r.source}`);
  }
  // The breadth probes' rows (issue 29) among them, with the RFC their rule comes from.
  expect(lines.find((l) => l.startsWith('check:unsupported-method\t'))).toMatch(/^check:unsupported-method\treference \(parts: accepted assumed, status assumed, notImplemented assumed\)\t.*source: RFC 9110 section 15\.5\.6/);
  expect(run.stdout).toMatch(new RegExp(`\n${Object.keys(RULES).length} HTTP rules`));
});

test('npm run catalogue -- --help prints its usage, exit 0', async () => {
  const run = await runCommand('src/cli/catalogue.ts', ['--help']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/^usage: npm run catalogue -- \[--json\]/);
  expect(run.stderr).toBe('');
});

test('every dependency with an install script is allowed in package.json, so npm ci warns of none', () => {
  const lock = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
  const allowed = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> }).allowScripts ?? {};
  const scripted = Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript).map(([k]) => k.replace(/^.*node_modules\//, ''));
  expect(scripted.length).toBeGreaterThan(0);
  expect(scripted.filter((name) => allowed[name] !== true)).toEqual([]);
});
