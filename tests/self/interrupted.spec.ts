/**
 * An interrupted run never overstates conformance: after Ctrl-C part-way, no row conforms with a
 * side of its plan unsent (the boundary test sends the accepting side, the constraint's own test
 * the refusing one), every unjudged row says why, and the headline says INTERRUPTED, never PASS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import type { ConformanceReport } from '../../src/results/model.ts';
import { runCommand } from './helpers/cli.ts';

test('Ctrl-C part-way: INTERRUPTED everywhere, no row conforming with a planned side unsent, a non-zero exit', async () => {
  test.setTimeout(180_000);
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-interrupted-'));
  try {
    // Interrupted once the boundary tests (the accepting sides) and a few constraint tests have run.
    const run = await runCommand('src/cli/conformance.ts', [], {
      env: { CONFORMANCE_SEED: '5150', CONFORMANCE_REPORT_DIR: reports, CONFORMANCE_WORKERS: '1' },
      importTsx: true,
      timeoutMs: 150_000,
      // A constraint test's console line: "  ✓  17 createJob › createJob.jobRef.maxLength (12 ms)".
      interruptWhen: (out) => (out.match(/^ {2}[✓✗△○✘] +\d+ \w+ › \w+\.\S+ \(\d+ ms\)$/gm) ?? []).length >= 12,
    });
    expect(run.code, run.stdout.slice(-3000)).toBe(130);
    expect(run.stdout).toMatch(/^Conformance: INTERRUPTED/m);
    expect(run.stdout).not.toMatch(/^Conformance: PASS/m);
    const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
    expect(report.interrupted).toBe(true);
    const conforming = report.results.filter((r) => r.verdict === 'conforms');
    expect(conforming.length).toBeGreaterThan(0);
    expect(conforming.filter((r) => (r.planned ?? []).some((side) => r.cases[side] === 0)).map((r) => r.rowId)).toEqual([]);
    // Rows judged on one side only (their boundary values, not their own test) are untested and say so.
    const partial = report.results.filter((r) => r.verdict === 'untested' && r.reasons?.some((x) => x.code === 'partial'));
    expect(partial.length).toBeGreaterThan(10);
    for (const r of report.results.filter((x) => x.verdict === 'untested')) expect(r.reasons?.length, r.rowId).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(reports, 'conformance.html'), 'utf8')).toContain('data-testid="verdict">INTERRUPTED<');
    expect(fs.readFileSync(path.join(reports, 'summary.md'), 'utf8')).toContain('INTERRUPTED');
  } finally {
    fs.rmSync(reports, { recursive: true, force: true });
  }
});
