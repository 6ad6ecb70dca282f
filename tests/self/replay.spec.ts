/**
 * Every finding can be sent again as it was: each evidence of a broken row carries a replay
 * command, checks' and probes' included (not only the constraints'), and the command, pasted into
 * a shell, selects the one test that found it.
 */
import { execFileSync } from 'node:child_process';
import { test, expect } from '@playwright/test';
import { embeddedSuite } from '../../src/targets/embedded.ts';
import { runSuite } from '../../src/suite/run/run-suite.ts';
import { CHECKS } from '../../src/results/model.ts';

test('a check row found broken carries a replay command that, pasted, selects the one test that found it', async () => {
  test.setTimeout(120_000);
  const s = await embeddedSuite({ faults: ['sub-status-reopens', '405-without-allow'], remote: true, settings: { CONFORMANCE_SEED: '77', DISPATCH_CONSISTENCY_MS: '500' } });
  let report;
  try {
    report = await runSuite([s.ctx], { only: (step) => step.file === 'read-after-write' || step.title.startsWith('methods: ') });
  } finally {
    await s.close();
  }
  const broken = report.results.filter((r) => r.verdict === 'violated');
  const ids = broken.map((r) => r.rowId);
  expect(ids).toContain(`${CHECKS.frame}.changeJobSubStatus`);
  expect(ids.some((id) => id.startsWith("check:unsupported-method.")), ids.join(', ')).toBe(true);
  const replays = new Set<string>();
  for (const r of broken) for (const e of r.evidence) {
    expect(e.replay, `${r.rowId} has no replay`).toMatch(/^CONFORMANCE_SEED=77 CONFORMANCE_REPORT_DIR=reports\/replay npm run conformance -- --grep '/);
    replays.add(e.replay!);
  }
  // Pasted into a shell, the command's --grep (with Playwright's --list: nothing runs) selects one test.
  for (const replay of replays) {
    const grep = replay.slice(replay.indexOf('--grep '));
    const listed = execFileSync('bash', ['-c', `npx playwright test --project=conformance --list ${grep}`], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    expect(listed, replay).toMatch(/Total: 1 test in 1 file/);
  }
});

test("the console says a replay command once where two of a row's cases replay by the same one", async () => {
  const { failureBlock } = await import('../../src/reporters/failure-block.ts');
  const { reportOf } = await import('./helpers/rows.ts');
  const base = reportOf([]).results[0]!;
  const replay = "CONFORMANCE_SEED=1 CONFORMANCE_POSITION=1 npm run conformance -- --grep 'updateJobById\\.assets\\[\\]\\.type$'";
  const evidence = (actual: string, r: string) => ({ expected: 'refused (4xx)', actual, replay: r });
  const same = failureBlock({ ...base, verdict: 'violated', evidence: [evidence('accepted a', replay), evidence('accepted b', replay)] } as typeof base);
  expect(same.split('\n').filter((l) => l.startsWith('  replay: '))).toEqual([`  replay: ${replay}`]);
  const other = failureBlock({ ...base, verdict: 'violated', evidence: [evidence('accepted a', replay), evidence('accepted b', `${replay} x`)] } as typeof base);
  expect(other.split('\n').filter((l) => l.startsWith('  replay: '))).toHaveLength(2);
});
