/**
 * A baseline on a bad day: rebuilt after a partial run it keeps every entry whose row the run did
 * not judge (only a conforming row removes its entry); an entry whose reason is still the TODO
 * placeholder is refused before the run, with one line, instead of being printed as the reason.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { baselineFromReport, todoEntries, TODO_REASON, type Baseline } from '../../src/results/baseline.ts';
import type { ConformanceReport, ResultRecord, Verdict } from '../../src/results/model.ts';
import { runCommand } from './helpers/cli.ts';
import { factsFor } from './helpers/rows.ts';

const row = (rowId: string, verdict: Verdict): ResultRecord => ({ rowId, operationId: 'createJob', category: 'constraint', title: rowId, verdict, facts: factsFor(verdict), cases: { accept: 0, reject: 0 }, requests: 0, evidence: [] });
const report = (results: ResultRecord[]) => ({ results }) as unknown as ConformanceReport;

test('rebuilt after a partial run, a baseline keeps the entries of rows the run did not judge; only a conforming row removes its entry', () => {
  const previous: Baseline = {
    baselined: [
      { id: 'a.untested', reason: 'ticket A' },
      { id: 'b.conforms', reason: 'ticket B' },
      { id: 'c.violated', reason: 'ticket C' },
      { id: 'd.absent', reason: 'ticket D' },
      { id: 'e.deviation', reason: 'ticket E' },
    ],
  };
  const rebuilt = baselineFromReport(report([row('a.untested', 'untested'), row('b.conforms', 'conforms'), row('c.violated', 'violated'), row('e.deviation', 'deviation'), row('f.new', 'violated')]), previous);
  expect(Object.fromEntries(rebuilt.baselined.map((e) => [e.id, e.reason]))).toEqual({
    'a.untested': 'ticket A',
    'c.violated': 'ticket C',
    'd.absent': 'ticket D',
    'e.deviation': 'ticket E',
    'f.new': TODO_REASON,
  });
  expect(todoEntries(rebuilt)).toEqual(['f.new']);
});

test('a run with a baseline entry still reading TODO: one line naming it, exit 2, before the target is asked', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-todo-'));
  try {
    const file = path.join(dir, 'baseline.json');
    fs.writeFileSync(file, JSON.stringify({ baselined: [{ id: 'createJob.jobRef.maxLength', reason: TODO_REASON }] }));
    // An unreachable target: exit 2 (configuration), not 3, shows the baseline was refused first.
    const run = await runCommand('src/cli/conformance.ts', [], { env: { DISPATCH_BASE_URL: 'http://127.0.0.1:9/core/api/v2/dispatch-service', DISPATCH_ACCESS_TOKEN: 't', CONFORMANCE_BASELINE: file } });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/baseline .*: 1 entry still reads "TODO" \(createJob\.jobRef\.maxLength\): write why each violation is accepted/)]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
