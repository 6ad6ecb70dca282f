/**
 * Rule severity in settings (issue 28): CONFORMANCE_RULES sets a rule, or every rule under a
 * prefix, off, advisory or failing; the gate applies it (the longest key wins, over provenance and
 * strict mode), every report lists it with the rows it decided, and a key that names no rule is
 * one line and exit 2 before anything is sent.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { judgeRows, verdictOf, type GatedRow } from '../../src/results/gate.ts';
import { formatRuleOverrides, overrideOf, overridesReport, parseRuleOverrides, ruleOverridesOfEnv, RuleSyntaxError, unknownKeys } from '../../src/results/severity.ts';
import { mergeReports } from '../../src/results/merge.ts';
import { loadCatalogue } from '../../src/reporters/catalogue.ts';
import { CHECKS, type ConformanceReport, type Finding, type ResultRecord } from '../../src/results/model.ts';
import { freshDir } from './fixtures/reporters/run-fixture.ts';
import { runCommand } from './helpers/cli.ts';

const CLI = 'src/cli/conformance.ts';
const readReport = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'conformance.json'), 'utf8')) as ConformanceReport;
const rowsOf = (report: ConformanceReport, verdict: string) => report.results.filter((r) => r.verdict === verdict).map((r) => r.rowId).sort();
const MALFORMED_ROWS = ['changeJobStatus', 'changeJobSubStatus', 'changeJobsSubStatus', 'createJob', 'createJobAttributes', 'updateJob', 'updateJobById'].map((op) => `${CHECKS.malformedBody}.${op}`);

/** A row judged on both sides with one finding of `provenance` (none when undefined). */
function row(rowId: string, provenance?: Finding['provenance']): GatedRow & { verdict: 'untested' } {
  return {
    rowId,
    category: 'check',
    cases: { accept: 1, reject: 1 },
    planned: ['accept', 'reject'],
    facts: { findings: provenance ? [{ provenance, count: 1 }] : [], judged: 2, observed: false },
    verdict: 'untested',
  };
}

test('CONFORMANCE_RULES reads KEY=SEVERITY pairs, and names what is wrong with one that is not', () => {
  expect(parseRuleOverrides(' check:malformed-body=advisory , check:round-trip=off,createJob.jobRef=failing ')).toEqual([
    { key: 'check:malformed-body', severity: 'advisory' },
    { key: 'check:round-trip', severity: 'off' },
    { key: 'createJob.jobRef', severity: 'failing' },
  ]);
  expect(parseRuleOverrides(undefined)).toEqual([]);
  expect(parseRuleOverrides('')).toEqual([]);
  expect(() => parseRuleOverrides('check:round-trip')).toThrow(RuleSyntaxError);
  expect(() => parseRuleOverrides('check:round-trip=warn')).toThrow(/the severity is one of off, advisory, failing/);
  expect(() => parseRuleOverrides('a=off,a=failing')).toThrow(/"a" is given twice/);
  // What the command line hands its workers and reporter reads back the same; a bad one names the setting.
  const rules = parseRuleOverrides('check:malformed-body=advisory,createJob.jobRef=failing');
  expect(ruleOverridesOfEnv({ CONFORMANCE_RULES: formatRuleOverrides(rules) })).toEqual(rules);
  expect(() => ruleOverridesOfEnv({ CONFORMANCE_RULES: 'x=warn' })).toThrow(/^CONFORMANCE_RULES "x=warn": the severity is one of off, advisory, failing$/);
});

test('a key names its row, or the rows under it up to a dot; the longest key wins', () => {
  const rules = parseRuleOverrides('check:malformed-body=advisory,check:malformed-body.createJob=off,createJob=failing');
  expect(overrideOf('check:malformed-body.updateJob', rules)?.severity).toBe('advisory');
  expect(overrideOf('check:malformed-body.createJob', rules)?.severity).toBe('off');
  expect(overrideOf('createJob.jobRef.maxLength', rules)?.severity).toBe('failing');
  // A prefix counts up to a dot only: check:malformed is not check:malformed-body.
  expect(overrideOf('check:malformed-bodyx.createJob', rules)).toBeUndefined();
  expect(overrideOf('createJobAttributes.name.maxLength', rules)).toBeUndefined();
  // A member's key covers its array's items too (issue 28's trial: updateJobById.assets left assets[] failing).
  const items = parseRuleOverrides('updateJobById.assets=advisory');
  for (const id of ['updateJobById.assets.type', 'updateJobById.assets[].type', 'updateJobById.assets[].documentUrl.maxLength']) expect(overrideOf(id, items)?.severity, id).toBe('advisory');
  expect(overrideOf('updateJobById.assetsx.type', items)).toBeUndefined();
  expect(overridesReport(rules, ['check:malformed-body.createJob', 'check:malformed-body.updateJob', 'createJob.jobRef.maxLength', 'getJob.x'])).toEqual([
    { key: 'check:malformed-body', severity: 'advisory', rows: ['check:malformed-body.updateJob'] },
    { key: 'check:malformed-body.createJob', severity: 'off', rows: ['check:malformed-body.createJob'] },
    { key: 'createJob', severity: 'failing', rows: ['createJob.jobRef.maxLength'] },
  ]);
  expect(unknownKeys(parseRuleOverrides('check:malformed-body.createJob=off,check:round-trp=off,createJob=off'), ['check:malformed-body', 'createJob.jobRef.maxLength'])).toEqual(['check:round-trp']);
});

test('the gate applies them: advisory deviates, failing violates, off judges nothing; over provenance, strict mode and the baseline', () => {
  const rules = parseRuleOverrides('r.documented=advisory,r.assumed=failing,r.off=off');
  expect(verdictOf(row('r.documented', 'documented'), { rules }).verdict).toBe('deviation');
  expect(verdictOf(row('r.documented', 'documented'), { rules, strict: true }).verdict).toBe('deviation');
  expect(verdictOf(row('r.assumed', 'assumed'), { rules }).verdict).toBe('violated');
  expect(verdictOf(row('r.assumed', 'assumed'), { rules, baseline: new Map([['r.assumed', 'known']]) }).verdict).toBe('baselined');
  expect(verdictOf(row('r.assumed'), { rules }).verdict).toBe('conforms');
  expect(verdictOf(row('r.off', 'security'), { rules }).verdict).toBe('untested');
  // Without an override, the row's own provenance decides, as before.
  expect(verdictOf(row('r.other', 'documented'), { rules }).verdict).toBe('violated');
  expect(verdictOf(row('r.other', 'assumed'), { rules }).verdict).toBe('deviation');
  const [off] = judgeRows([{ ...row('r.off', 'documented'), reasons: [{ code: 'partial' as const, text: 'x' }] }], { rules });
  expect(off!.verdict).toBe('untested');
  expect(off!.reasons).toEqual([{ code: 'rule-off', text: 'not judged: CONFORMANCE_RULES turns it off (r.off=off)' }]);
});

test.describe('npm run conformance with CONFORMANCE_RULES', () => {
  test.describe.configure({ mode: 'parallel' });

  test('failing makes the lenient profile fail on the malformed bodies it takes; a longer key turns one of them off; every report lists them', async () => {
    test.setTimeout(120_000);
    const reports = freshDir('rules-failing');
    const run = await runCommand(CLI, ['--profile', 'lenient', '--grep', 'rejects a body that is not JSON'], {
      env: { CONFORMANCE_SEED: '26', CONFORMANCE_REPORT_DIR: reports, CONFORMANCE_RULES: 'check:malformed-body=failing,check:malformed-body.createJob=off' },
      timeoutMs: 110_000,
    });
    expect(run.code, run.stdout.slice(-3000) + run.stderr).toBe(1);
    const report = readReport(reports);
    const others = MALFORMED_ROWS.filter((id) => !id.endsWith('.createJob'));
    expect(rowsOf(report, 'violated')).toEqual(others);
    const off = report.results.find((r) => r.rowId === `${CHECKS.malformedBody}.createJob`)!;
    expect(off.verdict).toBe('untested');
    expect(off.reasons?.map((r) => r.code)).toEqual(['rule-off']);
    expect(report.rules).toEqual([
      { key: 'check:malformed-body', severity: 'failing', rows: others },
      { key: 'check:malformed-body.createJob', severity: 'off', rows: [`${CHECKS.malformedBody}.createJob`] },
    ]);
    const listed = `check:malformed-body=failing (${others.length} rows), check:malformed-body.createJob=off (1 row)`;
    expect(run.stdout).toContain(`Conformance: rule severities (CONFORMANCE_RULES): ${listed}`);
    expect(fs.readFileSync(path.join(reports, 'summary.md'), 'utf8')).toContain(`Rule severities (CONFORMANCE_RULES): ${listed}.`);
    const html = fs.readFileSync(path.join(reports, 'conformance.html'), 'utf8');
    expect(html).toContain('<section id="rules">');
    expect(html).toMatch(/<details data-reason="rule-off"><summary><code>rule-off<\/code> <span class="count">1<\/span>/);
    // Without the override the same run passes (they are deviations of an assumed rule).
    const plain = await runCommand(CLI, ['--profile', 'lenient', '--grep', 'rejects a body that is not JSON'], { env: { CONFORMANCE_SEED: '26', CONFORMANCE_REPORT_DIR: freshDir('rules-none') }, timeoutMs: 110_000 });
    expect(plain.code, plain.stdout.slice(-2000)).toBe(0);
  });

  test('advisory lets a run whose only violation is that rule pass, the finding listed as a deviation', async () => {
    test.setTimeout(120_000);
    const args = ['--fault', 'createJob.jobRef.maxLength:off-by-one', '--grep', 'createJob\\.jobRef'];
    const failing = await runCommand(CLI, args, { env: { CONFORMANCE_SEED: '9', CONFORMANCE_REPORT_DIR: freshDir('rules-none-fault') }, timeoutMs: 110_000 });
    expect(failing.code, failing.stdout.slice(-2000)).toBe(1);
    const reports = freshDir('rules-advisory');
    const run = await runCommand(CLI, args, { env: { CONFORMANCE_SEED: '9', CONFORMANCE_REPORT_DIR: reports, CONFORMANCE_RULES: 'createJob.jobRef=advisory' }, timeoutMs: 110_000 });
    expect(run.code, run.stdout.slice(-2000)).toBe(0);
    const report = readReport(reports);
    expect(rowsOf(report, 'violated')).toEqual([]);
    expect(rowsOf(report, 'deviation')).toContain('createJob.jobRef.maxLength');
    expect(report.rules?.[0]?.rows).toEqual(expect.arrayContaining(['createJob.jobRef.maxLength', 'createJob.jobRef.minLength']));
    // The console says the team's rule made it advisory: the row is documented, no assumed convention.
    expect(run.stdout).toMatch(/^Conformance: ≈ createJob\.jobRef\.maxLength is broken, advisory by CONFORMANCE_RULES createJob\.jobRef=advisory \(not failing\): /m);
    expect(run.stdout).not.toMatch(/createJob\.jobRef\.maxLength deviates from an assumed convention/);
  });

  test('a key that names no rule, or an entry that is not KEY=SEVERITY, is one line and exit 2, before anything is sent', async () => {
    const typo = await runCommand(CLI, [], { env: { CONFORMANCE_RULES: 'check:malformed-bodi=off' } });
    expect(typo.code).toBe(2);
    expect(typo.stderr.trim().split('\n')).toHaveLength(1);
    expect(typo.stderr).toContain('CONFORMANCE_RULES names "check:malformed-bodi", which is no rule and no prefix of one: did you mean check:malformed-body?');
    const bad = await runCommand(CLI, [], { env: { CONFORMANCE_RULES: 'check:round-trip=warn' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/CONFORMANCE_RULES .*the severity is one of off, advisory, failing/);
  });
});

test('merging shards keeps the severities they ran with; CONFORMANCE_RULES given to the merge wins', () => {
  const catalogue = loadCatalogue();
  const finding: ResultRecord = {
    rowId: 'check:malformed-body.createJob',
    operationId: 'createJob',
    category: 'check',
    title: 't',
    source: 's',
    provenance: 'assumed',
    verdict: 'deviation',
    facts: { findings: [{ provenance: 'assumed', count: 1 }], judged: 3, observed: false },
    cases: { accept: 0, reject: 3 },
    planned: ['reject'],
    requests: 3,
    evidence: [],
  };
  const shard = (current: number, rules?: ConformanceReport['rules']): ConformanceReport =>
    ({
      version: 1,
      tool: 't',
      runId: 'r',
      target: { baseUrl: 'http://127.0.0.1:1', embedded: true },
      startedAt: new Date(0).toISOString(),
      durationMs: 1,
      seed: 1,
      runs: 1,
      strict: false,
      ...(rules ? { rules } : {}),
      shard: { current, total: 2 },
      summary: { requests: 3, retries: 0, transportRetries: 0 },
      results: current === 1 ? [finding] : [],
      createdJobs: [],
      errors: [],
    }) as unknown as ConformanceReport;
  const ran = [{ key: 'check:malformed-body', severity: 'failing' as const, rows: ['check:malformed-body.createJob'] }];
  const merged = mergeReports([shard(1, ran), shard(2, ran)], catalogue);
  expect(merged.results.find((r) => r.rowId === finding.rowId)?.verdict).toBe('violated');
  expect(merged.rules).toEqual(ran);
  const given = mergeReports([shard(1, ran), shard(2, ran)], catalogue, { rules: parseRuleOverrides('check:malformed-body=advisory') });
  expect(given.results.find((r) => r.rowId === finding.rowId)?.verdict).toBe('deviation');
  expect(mergeReports([shard(1), shard(2)], catalogue).rules).toBeUndefined();
});
