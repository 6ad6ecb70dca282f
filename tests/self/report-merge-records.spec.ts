/**
 * The merge rules of results/merge.ts, on data: facts and counts summed and judged by the gate,
 * the evidence cap, run facts, and independence from the order tests finish in.
 */
import { test, expect } from '@playwright/test';
import type { Evidence, ResultRecord } from '../../src/results/model.ts';
import { EVIDENCE_CAP, mergeFacts, mergeRecords, shareTestTime, type CatalogueEntry } from '../../src/results/merge.ts';
import { baselineReasons, unknownBaselineIds } from '../../src/results/baseline.ts';
import { judgeRows } from '../../src/results/gate.ts';
import { factsFor } from './helpers/rows.ts';

const catalogue: CatalogueEntry[] = [
  { id: 'createJob.jobRef.maxLength', operationId: 'createJob', path: 'jobRef', keyword: 'maxLength', limit: 64, source: 'jobRef: string maxLength: 64', description: 'jobRef has at most 64 characters', provenance: 'reference' },
  { id: 'createJob.jobRef.minLength', operationId: 'createJob', path: 'jobRef', keyword: 'minLength', limit: 1, source: 'jobRef: string minLength: 1', description: 'jobRef has at least 1 characters', provenance: 'reference' },
];

function rec(id: string, verdict: ResultRecord['verdict'], evidence: Evidence[] = [], over: Partial<ResultRecord> = {}): ResultRecord {
  return { rowId: id, operationId: 'createJob', category: 'constraint', title: `t ${id}`, verdict, facts: factsFor(verdict), cases: { accept: 1, reject: 2 }, requests: 3, evidence, ...over };
}
const ev = (n: number): Evidence => ({ expected: 'reject (4xx)', actual: `accepted, case ${n}` });

test('the facts add up and the gate judges the sums: a finding anywhere makes the row violated; cases and requests add up; the evidence of the violations, capped', () => {
  const records = [
    rec('createJob.jobRef.maxLength', 'conforms', [{ expected: 'accept', actual: 'accepted' }]),
    rec('createJob.jobRef.maxLength', 'untested'),
    ...[1, 2, 3, 4, 5, 6, 7].map((n) => rec('createJob.jobRef.maxLength', 'violated', [ev(n)])),
  ];
  const [row] = mergeRecords(records, catalogue);
  expect(row).toMatchObject({ rowId: 'createJob.jobRef.maxLength', verdict: 'violated', cases: { accept: 9, reject: 18 }, requests: 27, title: 'jobRef has at most 64 characters', limit: 64 });
  expect(row!.facts).toEqual({ findings: [{ provenance: 'documented', count: 7 }], judged: 8, observed: false });
  expect(row!.evidence).toHaveLength(EVIDENCE_CAP);
  expect(row!.evidence.every((e) => e.actual?.startsWith('accepted, case'))).toBe(true);
});

test('the merge does not depend on the order records arrive in', () => {
  const records = [
    rec('createJob.jobRef.maxLength', 'violated', [ev(3), ev(1)]),
    rec('createJob.jobRef.maxLength', 'violated', [ev(9), ev(2), ev(8)]),
    rec('createJob.jobRef.maxLength', 'conforms'),
    rec('check:no-5xx', 'conforms', [], { category: 'check', operationId: '', title: 'b' }),
    rec('check:no-5xx', 'conforms', [], { category: 'check', operationId: '', title: 'a' }),
    rec('observation:x', 'observation', [ev(1)], { category: 'observation' }),
    rec('observation:x', 'observation', [ev(2)], { category: 'observation' }),
  ];
  const expected = mergeRecords(records, catalogue);
  for (let i = 0; i < 20; i++) {
    const shuffled = [...records].sort(() => Math.random() - 0.5);
    expect(mergeRecords(shuffled, catalogue)).toEqual(expected);
  }
  expect(expected.map((r) => r.rowId)).toEqual(['createJob.jobRef.maxLength', 'createJob.jobRef.minLength', 'check:no-5xx', 'observation:x']);
  expect(expected[1]).toMatchObject({ verdict: 'untested', cases: { accept: 0, reject: 0 }, requests: 0, evidence: [] });
  expect(expected[2]!.title).toBe('a');
  expect(expected[3]).toMatchObject({ verdict: 'observation', evidence: [ev(1), ev(2)] });
});

test('a verdict a record carries is not what a merge reads: its facts are (a baselined record is violated until the run\'s baseline says otherwise)', () => {
  const rows = mergeRecords([rec('createJob.jobRef.maxLength', 'baselined')], catalogue);
  expect(rows[0]!.verdict).toBe('violated');
  // A record whose verdict disagrees with its facts is judged by its facts.
  expect(mergeRecords([{ ...rec('createJob.jobRef.maxLength', 'conforms'), verdict: 'violated' }], catalogue)[0]!.verdict).toBe('conforms');
  const baseline = { baselined: [{ id: 'createJob.jobRef.maxLength', reason: 'r' }, { id: 'gone', reason: 'r' }] };
  expect(judgeRows(rows, { baseline: baselineReasons(baseline) })[0]).toMatchObject({ verdict: 'baselined', baselineReason: 'r' });
  expect(unknownBaselineIds(rows, baseline)).toEqual(['gone']);
});

test('a row judged in parts, its accepting side in one record and its refusing side in another, conforms once the parts cover its plan', () => {
  const accepting = { ...rec('createJob.jobRef.maxLength', 'untested'), planned: ['accept', 'reject'] as ('accept' | 'reject')[], cases: { accept: 2, reject: 0 }, facts: { findings: [], judged: 2, observed: false } };
  const refusing = { ...accepting, cases: { accept: 0, reject: 3 }, facts: { findings: [], judged: 3, observed: false } };
  expect(mergeRecords([accepting], catalogue)[0]).toMatchObject({ verdict: 'untested', reasons: [{ code: 'partial' }] });
  expect(mergeRecords([accepting, refusing], catalogue)[0]).toMatchObject({ verdict: 'conforms', facts: { judged: 5 } });
});

test('run facts: counters summed, arrays concatenated, settings and target from the last one', () => {
  expect(
    mergeFacts([
      { requests: 3, retries: 1, seed: 7, runs: 100, createdJobs: [{ jobId: 'a', jobRef: 'ra' }], target: { baseUrl: 'http://one', embedded: true } },
      { requests: 4, seed: 7, runs: 100, createdJobs: [{ jobId: 'b', jobRef: 'rb' }] },
      { retries: 2, target: { baseUrl: 'http://two', embedded: false } },
    ]),
  ).toEqual({ requests: 7, retries: 3, seed: 7, runs: 100, createdJobs: [{ jobId: 'a', jobRef: 'ra' }, { jobId: 'b', jobRef: 'rb' }], target: { baseUrl: 'http://two', embedded: false } });
});

test("a test's time is shared among its rows by requests, and a row's time adds up over the tests that reported it", () => {
  const a = shareTestTime([rec('createJob.jobRef.maxLength', 'conforms', [], { requests: 3 }), rec('check:no-5xx', 'conforms', [], { requests: 1, category: 'check' })], 400);
  expect(a.map((r) => r.durationMs)).toEqual([300, 100]);
  // A test that sent nothing shares its time equally.
  const b = shareTestTime([rec('createJob.jobRef.maxLength', 'untested', [], { requests: 0 }), rec('createJob.jobRef.minLength', 'untested', [], { requests: 0 })], 50);
  expect(b.map((r) => r.durationMs)).toEqual([25, 25]);
  const rows = mergeRecords([...a, ...b], catalogue);
  expect(rows.map((r) => [r.rowId, r.durationMs])).toEqual([
    ['createJob.jobRef.maxLength', 325],
    ['createJob.jobRef.minLength', 25],
    ['check:no-5xx', 100],
  ]);
  // Records without a time (a report from before rows had one) give none.
  expect(mergeRecords([rec('createJob.jobRef.maxLength', 'conforms')], catalogue)[0]!.durationMs).toBeUndefined();
});
