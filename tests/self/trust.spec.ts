/**
 * A FAIL you can gate on. Only documented and reference rules can be violated; a target that differs
 * from an assumed convention deviates (reported, never failing unless strict); where the pages
 * contradict each other either reading conforms; an OS1-shaped target raises no false alarm; the
 * model never blames the wrong operation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { dissentingReadings, loadContract, type JsonSchema } from '../../src/contract/index.ts';
import { errorEnvelope, expectation, successEnvelope } from '../../src/checks/index.ts';
import { embeddedSuite } from '../../src/targets/embedded.ts';
import type { Case } from '../../src/generate/case.ts';
import type { Har } from '../../src/reporters/har.ts';
import { brokenVerdict, failsRun, runOutcome, verdictOf } from '../../src/results/gate.ts';
import type { Verdict } from '../../src/results/model.ts';
import { Recorder, runReadAfterWrite } from '../../src/suite/index.ts';
import { freshDir } from './fixtures/reporters/run-fixture.ts';
import { runCommand } from './helpers/cli.ts';
import { fakeReply as reply } from './helpers/reply.ts';

const contract = loadContract();
const op = (id: string) => contract.operation(id);

test.describe('the gate follows provenance', () => {
  test('a broken documented or reference rule is a violation, an assumed one a deviation; strict judges both as violations; the baseline makes a violation baselined', () => {
    expect(brokenVerdict('documented')).toBe('violated');
    expect(brokenVerdict('reference')).toBe('violated');
    expect(brokenVerdict('security')).toBe('violated');
    expect(brokenVerdict('assumed')).toBe('deviation');
    const row = (findings: { provenance: 'assumed' | 'reference'; count: number }[], judged = 1) => ({ rowId: 'check:x', category: 'check' as const, cases: { accept: 0, reject: judged }, facts: { findings, judged, observed: false } });
    const assumed = row([{ provenance: 'assumed', count: 1 }]);
    expect(verdictOf(assumed).verdict).toBe('deviation');
    expect(verdictOf(assumed, { strict: true }).verdict).toBe('violated');
    expect(failsRun(verdictOf(assumed).verdict)).toBe(false);
    expect(failsRun(verdictOf(assumed, { strict: true }).verdict)).toBe(true);
    expect(verdictOf(row([{ provenance: 'reference', count: 1 }])).verdict).toBe('violated');
    expect(verdictOf(row([])).verdict).toBe('conforms');
    expect(verdictOf(row([]), { strict: true }).verdict).toBe('conforms');
    expect(verdictOf(row([], 0)).verdict).toBe('untested');
    const baseline = new Map([['check:x', 'ticket 7']]);
    expect(verdictOf(row([{ provenance: 'reference', count: 1 }]), { baseline })).toEqual({ verdict: 'baselined', baselineReason: 'ticket 7' });
    expect(verdictOf(row([]), { baseline })).toEqual({ verdict: 'conforms', baselineReason: 'ticket 7' });
    expect(verdictOf(assumed, { baseline })).toEqual({ verdict: 'deviation' });
  });

  test('the run outcome: interrupted beats stopped beats a violation or an error; deviations and baselined rows pass', () => {
    const rows = (...verdicts: Verdict[]) => verdicts.map((verdict) => ({ verdict }));
    expect(runOutcome(rows('conforms', 'deviation', 'baselined'), [])).toEqual({ headline: 'PASS', exitCode: 0, violated: 0, errors: {} });
    expect(runOutcome(rows('violated'), [])).toMatchObject({ headline: 'FAIL', exitCode: 1, violated: 1 });
    expect(runOutcome(rows('conforms'), [{ kind: 'test', test: 't', message: 'm' }])).toMatchObject({ headline: 'FAIL', exitCode: 1, errors: { test: 1 } });
    expect(runOutcome(rows('violated'), [{ kind: 'target', message: 'gone' }])).toMatchObject({ headline: 'STOPPED', exitCode: 3 });
    expect(runOutcome(rows('violated'), [{ kind: 'target', message: 'gone' }], { interrupted: true })).toMatchObject({ headline: 'INTERRUPTED', exitCode: 130 });
  });

  test('the recorder makes a deviation of an assumed rule, and a violation outranks it, keeping only its own evidence', () => {
    const recorder = new Recorder(contract);
    const row = recorder.checkRow({ id: 'check:x', describe: 'd', provenance: 'assumed', source: 's' }, op('createJob'));
    recorder.violate(row, { expected: 'e', actual: 'assumed part' });
    expect(row.verdict).toBe('deviation');
    expect(row.evidence[0]!.provenance).toBe('assumed');
    recorder.violate(row, { expected: 'e', actual: 'reference part' }, 'reference');
    expect(row.verdict).toBe('violated');
    expect(row.evidence.map((e) => e.actual)).toEqual(['reference part']);
    recorder.violate(row, { expected: 'e', actual: 'another assumed part' });
    expect(row.verdict).toBe('violated');
    expect(row.evidence).toHaveLength(1);
  });
});

test.describe('response rules as the reference states them', () => {
  const ctx = (id: string) => ({ contract, op: op(id) });

  test('a write may answer 200 or 202, with or without data; an error member in a 2xx is normal', () => {
    const os1 = { error: { code: '', description: '', additionalInfo: {} }, request: { uri: '/jobs', method: 'POST', queryString: '', body: {} } };
    expect(successEnvelope.run(ctx('changeJobsSubStatus'), reply(200, os1))).toEqual({ ok: true });
    expect(successEnvelope.run(ctx('changeJobSubStatus'), reply(200, { ...os1, data: { id: 'job:1' } }))).toEqual({ ok: true });
    expect(Object.keys(op('changeJobSubStatus').responses)).toEqual(expect.arrayContaining(['200', '202']));
  });

  test('a write whose data lacks the id breaks an assumed convention only; the bulk answer may carry any data; a body that is not JSON breaks the reference', () => {
    const outcome = successEnvelope.run(ctx('changeJobSubStatus'), reply(202, { data: { accepted: true } }));
    expect(outcome).toMatchObject({ ok: false, provenance: 'assumed' });
    expect((outcome as { message: string }).message).toContain("must have required property 'id'");
    // The bulk change is no single-entity write (dispatch-contract.md): no data, or any data.
    expect(successEnvelope.run(ctx('changeJobsSubStatus'), reply(202, { data: { count: 1 } }))).toEqual({ ok: true });
    expect(successEnvelope.run(ctx('changeJobsSubStatus'), reply(202, {}))).toEqual({ ok: true });
    expect(successEnvelope.run(ctx('createJob'), reply(202, undefined, 'OK'))).toMatchObject({ ok: false });
    expect((successEnvelope.run(ctx('createJob'), reply(202, undefined, 'OK')) as { provenance?: string }).provenance).toBeUndefined();
    expect(successEnvelope.run(ctx('createJob'), reply(202, ['a']))).toMatchObject({ ok: false, provenance: 'reference' });
  });

  test('a job read needs only the members the reference shows; a read without data is a reference violation', () => {
    const job = { jobId: 'job:1', jobRef: 'r', jobTypeId: 'jobt', status: 'CREATED', entityType: 'job' };
    expect(successEnvelope.run(ctx('getJob'), reply(200, { data: job }))).toEqual({ ok: true });
    const { status: _s, ...noStatus } = job;
    expect(successEnvelope.run(ctx('getJob'), reply(200, { data: noStatus }))).toMatchObject({ ok: false, provenance: 'reference' });
    expect(successEnvelope.run(ctx('getJob'), reply(200, {}))).toMatchObject({ ok: false, provenance: 'reference' });
    expect(successEnvelope.run(ctx('getJobAttributes'), reply(200, { data: {} }))).toMatchObject({ ok: false, provenance: 'assumed' });
  });

  test('OS1 error bodies (12-digit codes, additionalInfo, request) are the error envelope; a plain-text one is not', () => {
    const os1 = { error: { code: '104200030400', description: 'bad', additionalInfo: { reason: 'INVALID_BODY' } }, request: { uri: '/jobs', method: 'POST', queryString: '', body: {} } };
    expect(errorEnvelope.run(ctx('createJob'), reply(400, os1))).toEqual({ ok: true });
    expect(errorEnvelope.run(ctx('createJob'), reply(405, os1))).toEqual({ ok: true });
    expect(errorEnvelope.run(ctx('createJob'), reply(400, undefined, 'bad request'))).toMatchObject({ ok: false });
  });
});

test.describe('where the pages contradict each other, both readings are accepted', () => {
  const body = { jobWorkflowId: 'w', jobTypeId: 'jobt', scheduledFor: { startDateTime: 1 }, assets: [{ documentType: 'pdf', documentUrl: 'https://x.invalid/a' }] };
  const validator = (s: JsonSchema) => contract.validatorFor(s);

  test('a job without objectives is judged otherwise by the reference reading; a job without assets by none', () => {
    expect(dissentingReadings(validator, op('createJob'), body).map((r) => r.id)).toEqual(['objectivesOptional']);
    const { assets: _a, ...noAssets } = body;
    expect(dissentingReadings(validator, op('createJob'), { ...noAssets, objectives: [] })).toEqual([]);
    expect(dissentingReadings(validator, op('createJob'), { ...body, objectives: [], jobRef: 'abc' }).map((r) => r.id)).toEqual(['jobRefFromFour']);
    // A well-formed location object is another reading's; `{}` is no location on any page.
    const objective = { objectiveRef: 'obj-1', contact: 'c', timeslot: { from: 1, to: 2 } };
    const located = { ...body, objectives: [{ ...objective, location: { address: 'x', geolocation: { lat: '12.5', long: '-77.25' } } }] };
    expect(dissentingReadings(validator, op('createJob'), located).map((r) => r.id)).toEqual(['locationObject']);
    expect(dissentingReadings(validator, op('createJob'), { ...body, objectives: [{ ...objective, location: {} }] })).toEqual([]);
  });

  test('a contested case conforms whichever way the target answers, but never with a 5xx', () => {
    const c: Case = { operationId: 'createJob', kind: 'violation', expect: 'reject', instancePointer: '/objectives', path: 'objectives', description: 'objectives missing', body, contested: [{ id: 'objectivesOptional', source: 'x' }] };
    const check = (status: number) => expectation.run({ contract, op: op('createJob') }, reply(status, {}), c).ok;
    expect([check(202), check(400), check(500)]).toEqual([true, true, false]);
    expect(expectation.run({ contract, op: op('createJob') }, reply(202, {}), { ...c, contested: undefined }).ok).toBe(false);
  });
});

test.describe('an OS1-shaped target and the conventions', () => {
  test('a write answered without its id: exit 0 and one deviation; --strict fails on it; the bulk change answered {"data":{"count":1}} is no deviation at all', async () => {
    test.setTimeout(120_000);
    const reports = freshDir('reports');
    // The attributes make no job: a target that names no job it makes leaves their test its own to judge.
    const args = ['--fault', 'success-without-id', '--grep', 'createJobAttributes random valid'];
    const run = await runCommand('src/cli/conformance.ts', args, { env: { CONFORMANCE_REPORT_DIR: reports, CONFORMANCE_SEED: '11' } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const json = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8'));
    expect(json.summary.violated).toBe(0);
    expect(json.summary.deviations).toBe(1);
    const row = json.results.find((r: { verdict: string }) => r.verdict === 'deviation');
    expect(row.rowId).toBe('check:success-envelope.createJobAttributes');
    // The rule mixes parts: the one that broke is assumed (the row's facts say so), and the evidence with it.
    expect(row.facts.findings.map((f: { provenance: string }) => f.provenance)).toEqual(['assumed']);
    expect(row.evidence[0].provenance).toBe('assumed');
    expect(row.evidence[0].exchange.requestId).toMatch(/\S/);
    // The request id names the very exchange in exchanges.har: the attributes write whose answer
    // deviated, sent by the random valid bodies test (the envelope check judges the answers other tests get).
    const har = JSON.parse(fs.readFileSync(path.join(reports, 'exchanges.har'), 'utf8')) as Har;
    const entries = har.log.entries.filter((e) => e._requestId === row.evidence[0].exchange.requestId);
    expect(entries).toHaveLength(1);
    expect(entries[0]!._rowId).toBe('check:accepts-valid.createJobAttributes');
    expect(entries[0]!.request.method).toBe('POST');
    expect(entries[0]!.request.url).toBe(row.evidence[0].exchange.url);
    expect(entries[0]!.request.url).toMatch(/\/job-types\/[^/]+\/attributes$/);
    expect(entries[0]!.response.status).toBe(row.evidence[0].exchange.status);
    expect(JSON.parse(entries[0]!.response.content.text!).data).toEqual({ accepted: true });
    expect(row.evidence[0].exchange.curl).toContain('curl');
    expect(run.stdout).toContain('≈ check:success-envelope.createJobAttributes deviates from an assumed convention (not failing)');
    const md = fs.readFileSync(path.join(reports, 'summary.md'), 'utf8');
    expect(md).toContain('### Deviations from assumed conventions (1');
    const junit = fs.readFileSync(path.join(reports, 'junit.xml'), 'utf8');
    expect(junit).toContain('<property name="provenance" value="assumed"/>');
    expect(junit).toContain('deviation from an assumed convention');

    const strict = await runCommand('src/cli/conformance.ts', ['--strict', ...args], { env: { CONFORMANCE_REPORT_DIR: freshDir('reports'), CONFORMANCE_SEED: '11' } });
    expect(strict.code).not.toBe(0);
    expect(strict.stdout).toContain('Conformance: FAIL (strict): 1 violated');

    const bulkReports = freshDir('reports');
    const bulk = await runCommand('src/cli/conformance.ts', ['--fault', 'bulk-count-answer', '--grep', 'changeJobsSubStatus random valid'], { env: { CONFORMANCE_REPORT_DIR: bulkReports, CONFORMANCE_SEED: '11' } });
    expect(bulk.code, bulk.stdout + bulk.stderr).toBe(0);
    const bulkJson = JSON.parse(fs.readFileSync(path.join(bulkReports, 'conformance.json'), 'utf8'));
    expect(bulkJson.summary).toMatchObject({ violated: 0, deviations: 0 });
    expect(bulkJson.results.find((r: { rowId: string }) => r.rowId === 'check:success-envelope.changeJobsSubStatus').verdict).toBe('conforms');
  });

  test('the os1 profile answers change-sub-status with 200 and the bulk change without data: exit 0, nothing violated or deviating', async () => {
    test.setTimeout(120_000);
    const reports = freshDir('reports');
    const run = await runCommand('src/cli/conformance.ts', ['--profile', 'os1', '--grep', 'random valid|answers 401'], { env: { CONFORMANCE_REPORT_DIR: reports, CONFORMANCE_SEED: '12' } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('profile os1');
    const json = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8'));
    expect(json.summary).toMatchObject({ violated: 0, deviations: 0 });
    expect(json.results.find((r: { rowId: string }) => r.rowId === 'check:documented-status.changeJobSubStatus').verdict).toBe('conforms');
    expect(json.results.find((r: { rowId: string }) => r.rowId === 'check:success-envelope.changeJobsSubStatus').verdict).toBe('conforms');
  });

  test('a wrong --profile is one line that names the profiles', async () => {
    const run = await runCommand('src/cli/conformance.ts', ['--profile', 'os2']);
    expect(run.code).not.toBe(0);
    expect(run.stderr.trim()).toBe('dispatch-conformance: --profile "os2" is not a profile: use contract, os1 or lenient (did you mean os1?)');
  });
});

test.describe('a model that never blames the wrong operation', () => {
  for (const profile of ['contract', 'os1'] as const) {
    test(`[${profile}] reads lagging 300 ms behind writes are no violation`, async () => {
      test.setTimeout(120_000);
      const { ctx, recorder, close } = await embeddedSuite({ lagMs: 300, profile, settings: { CONFORMANCE_SEED: '5' } });
      try {
        await runReadAfterWrite(ctx, recorder, { numRuns: 3, maxCommands: 5 });
      } finally {
        await close();
      }
      const broken = recorder.records().filter((r) => r.verdict === 'violated' || r.verdict === 'deviation');
      expect(broken.map((r) => `${r.rowId}: ${r.evidence[0]?.actual}`)).toEqual([]);
      expect(recorder.records().filter((r) => r.rowId.startsWith('check:read-after-write.') && r.verdict === 'conforms').length).toBe(7);
    });
  }

  test('through a forced shrink, no jobRef the suite writes repeats, and the shrunk sequence is replayed before it is reported', async () => {
    test.setTimeout(120_000);
    const { ctx: suite, recorder, close } = await embeddedSuite({ faults: ['lost-update'], settings: { CONFORMANCE_SEED: '9', DISPATCH_CONSISTENCY_MS: '100' } });
    const written: string[] = [];
    const send = suite.client.send.bind(suite.client);
    suite.client.send = (o, options = {}) => {
      const ref = (options.body as { jobRef?: unknown } | undefined)?.jobRef;
      if (o.operationId === 'createJob' && typeof ref === 'string') written.push(ref);
      return send(o, options);
    };
    try {
      await runReadAfterWrite(suite, recorder, { numRuns: 10, maxCommands: 6 });
    } finally {
      await close();
    }
    const shrunk = recorder.records().flatMap((r) => r.evidence).find((e) => /after \d+ shrinks/.test(e.caseDescription ?? ''));
    expect(shrunk, 'the lost update made a sequence fail and shrink').toBeDefined();
    expect(shrunk!.caseDescription).toContain('failed again when replayed on fresh jobs');
    expect(Number(/after (\d+) shrinks/.exec(shrunk!.caseDescription!)![1])).toBeGreaterThan(0);
    expect(written.length).toBeGreaterThan(10);
    expect(written.filter((r, i) => written.indexOf(r) !== i)).toEqual([]);
  });
});
