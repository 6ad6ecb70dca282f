/**
 * Shards judge what one run judges: three shards of `npm run conformance -- --shard=I/3`, merged
 * with `npm run merge-reports`, give the verdict table of one run, row for row, on a target that
 * conforms and on one with faults. Each shard's part of DISPATCH_MAX_JOBS follows what its tests
 * need (src/suite/run/shards.ts): split evenly, the shard that draws the boundaries and the state
 * probes runs out of jobs at a cap that is enough for all of them together, and rows one run
 * judges stay untested.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { startServer } from '../../src/server/index.ts';
import { freshDir } from './fixtures/reporters/run-fixture.ts';
import { runCommand } from './helpers/cli.ts';
import { remoteTargetEnv } from './targets/remote.ts';
import type { ConformanceReport } from '../../src/results/model.ts';

/** Enough for the three shards' needs together (about 72 today), not for an even split (the first shard needs more than a third). */
const CAP = '80';

async function oneAndShards(faults: string[]) {
  const server = await startServer({ faults, quiet: true });
  try {
    const dir = freshDir('shards');
    const env = remoteTargetEnv(server, { CONFORMANCE_SEED: '20261207', DISPATCH_MAX_JOBS: CAP });
    const run = (name: string, args: string[]) => runCommand('src/cli/conformance.ts', args, { env: { ...env, CONFORMANCE_REPORT_DIR: path.join(dir, name) }, timeoutMs: 240_000 });
    const one = await run('one', []);
    const lines: string[] = [];
    for (const i of [1, 2, 3]) {
      const shard = await run(`shard${i}`, [`--shard=${i}/3`]);
      expect(shard.code, shard.stdout.slice(-1500) + shard.stderr).toBeLessThanOrEqual(1);
      lines.push(shard.stdout.split('\n').find((l) => l.startsWith(`Conformance: shard ${i}/3:`)) ?? '');
    }
    const merged = await runCommand('src/cli/merge.ts', [1, 2, 3].map((i) => path.join(dir, `shard${i}`)).concat(['--out', path.join(dir, 'merged')]), { timeoutMs: 60_000 });
    const table = (name: string) => {
      const report = JSON.parse(fs.readFileSync(path.join(dir, name, 'conformance.json'), 'utf8')) as ConformanceReport;
      return { verdicts: Object.fromEntries(report.results.map((r) => [r.rowId, r.verdict])), jobs: report.createdJobs.length, headline: report.outcome.headline, answered: (report.latency ?? []).reduce((n, l) => n + l.requests, 0), coverageTotals: (report.coverage?.totals ?? []).map((t) => `${t.criterion} of ${t.total}`) };
    };
    const shardsAnswered = [1, 2, 3].reduce((n, i) => n + table(`shard${i}`).answered, 0);
    // The history records the merged run, not its shards.
    expect([1, 2, 3].map((i) => fs.existsSync(path.join(dir, `shard${i}`, 'history.jsonl')))).toEqual([false, false, false]);
    expect(fs.readFileSync(path.join(dir, 'merged', 'history.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    return { one: { code: one.code, ...table('one') }, merged: { code: merged.code, ...table('merged') }, lines, shardsAnswered };
  } finally {
    await server.close();
  }
}

for (const faults of [[], ['createJob.jobRef.maxLength:off-by-one', 'stale-write-back']]) {
  test(`3 shards merged give one run's verdict table, row for row, ${faults.length ? `with faults (${faults.join(', ')})` : 'on a target that conforms'}`, async () => {
    test.setTimeout(360_000);
    const { one, merged, lines, shardsAnswered } = await oneAndShards(faults);
    expect(merged.verdicts).toEqual(one.verdicts);
    // The merged response times are computed from every shard's exchanges (their HAR files).
    expect(shardsAnswered).toBeGreaterThan(0);
    expect(merged.answered).toBe(shardsAnswered);
    // Coverage too, against the same documented items as one run's.
    expect(merged.coverageTotals).toHaveLength(7);
    expect(merged.coverageTotals).toEqual(one.coverageTotals);
    expect(merged.headline).toBe(one.headline);
    expect(merged.code).toBe(one.code);
    if (faults.length) expect(Object.values(one.verdicts)).toContain('violated');
    // Each shard says its part, and the parts add up to the cap.
    const parts = lines.map((l) => Number(/(\d+) of DISPATCH_MAX_JOBS 80 jobs/.exec(l)?.[1]));
    expect(parts.every(Number.isFinite), lines.join('\n')).toBe(true);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(Number(CAP));
  });
}
