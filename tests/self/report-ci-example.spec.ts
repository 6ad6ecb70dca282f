/**
 * examples/ci/conformance.yml stays in step with the project: it shards, merges what it sharded,
 * publishes the reports, and fails on a new violation, with the npm scripts that exist, on a Node
 * that is supported and that package.json's engines allow.
 */
import fs from 'node:fs';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import YAML from 'yaml';
import { test, expect } from '@playwright/test';
import { projectRoot } from './fixtures/reporters/run-fixture.ts';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
  shell?: string;
}
interface Job {
  needs?: string;
  if?: string;
  strategy?: { matrix?: { shard?: number[] } };
  steps: Step[];
}

const workflow = YAML.parse(fs.readFileSync(path.join(projectRoot, 'examples', 'ci', 'conformance.yml'), 'utf8')) as { env: Record<string, string>; jobs: Record<string, Job> };
const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string>; engines: { node: string } };
const scripts = manifest.scripts;

test('the workflow runs three shards from repository secrets and merges exactly those three', () => {
  expect(workflow.env.DISPATCH_BASE_URL).toBe('${{ secrets.DISPATCH_BASE_URL }}');
  expect(workflow.env.DISPATCH_ACCESS_TOKEN).toBe('${{ secrets.DISPATCH_ACCESS_TOKEN }}');
  expect(workflow.env.DISPATCH_CLIENT_SECRET).toBe('${{ secrets.DISPATCH_CLIENT_SECRET }}');
  const shard = workflow.jobs.shard!;
  expect(shard.strategy?.matrix?.shard).toEqual([1, 2, 3]);
  const run = shard.steps.find((s) => s.run?.includes('npm run conformance'));
  expect(run?.run).toContain('\nnpm run conformance -- --shard=${{ matrix.shard }}/3\n');
  const upload = shard.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
  expect(upload?.with).toMatchObject({ name: 'conformance-shard-${{ matrix.shard }}', path: 'reports/' });

  const report = workflow.jobs.report!;
  expect(report).toMatchObject({ needs: 'shard', if: 'always()' });
  const merge = report.steps.find((s) => s.id === 'merge')!;
  expect(merge.run).toContain('\nnpm run merge-reports -- shards/conformance-shard-1 shards/conformance-shard-2 shards/conformance-shard-3 --out reports\n');
  // The peer's secrets reach the run: without them every tenant-isolation row is untested (no-peer).
  expect(workflow.env.DISPATCH_PEER_ACCESS_TOKEN).toBe('${{ secrets.DISPATCH_PEER_ACCESS_TOKEN }}');
  expect(workflow.env.DISPATCH_PEER_CLIENT_SECRET).toBe('${{ secrets.DISPATCH_PEER_CLIENT_SECRET }}');
  expect(workflow.env.DISPATCH_PEER_TENANT_ID).toBe('${{ vars.DISPATCH_PEER_TENANT_ID }}');
  // npm run conformance runs in one node process (tsx's own command line would spawn a second).
  expect(scripts.conformance).toBe('node --import tsx src/cli/conformance.ts');
  expect(scripts['merge-reports']).toBe('tsx src/cli/merge.ts');
  expect(scripts.baseline).toBe('tsx src/cli/baseline.ts');
});

test('the workflow publishes HTML, JSON and JUnit, writes the job summary and fails on a new violation', () => {
  const steps = workflow.jobs.report!.steps;
  const paths = steps.filter((s) => s.uses?.startsWith('actions/upload-artifact')).map((s) => String(s.with?.path));
  expect(paths.join('\n')).toContain('reports/conformance.html');
  // The HTML links every finding to its exchanges in exchanges.har: the artifact ships it beside the HTML.
  expect(paths.join('\n')).toContain('reports/exchanges.har');
  expect(paths.join('\n')).toContain('reports/junit.xml');
  expect(steps.some((s) => s.run?.includes('cat reports/summary.md >> "$GITHUB_STEP_SUMMARY"'))).toBe(true);
  const gate = steps[steps.length - 1]!;
  expect(gate.if).toBe("steps.merge.outputs.code != '0'");
  // The report job runs whatever the shards did (it decides).
  expect(workflow.jobs.report).toMatchObject({ if: 'always()' });
});

/** Runs a step's script as GitHub's bash would, with `npm` answering `code`; its exit code, output and GITHUB_OUTPUT. */
function runStep(step: Step, npmCode: number, env: Record<string, string> = {}): { code: number; out: string; outputs: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-ci-step-'));
  try {
    fs.writeFileSync(path.join(dir, 'npm'), `#!/bin/sh\necho "npm $*"\nexit ${npmCode}\n`, { mode: 0o755 });
    const outputs = path.join(dir, 'github-output');
    fs.writeFileSync(outputs, '');
    const script = step.run!.replaceAll('${{ matrix.shard }}', '2');
    const r = spawnSync('bash', ['-e', '-c', script], { cwd: dir, encoding: 'utf8', env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: outputs, ...env } });
    return { code: r.status ?? -1, out: r.stdout + r.stderr, outputs: fs.readFileSync(outputs, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a shard passes PASS and FAIL on to the report job, and fails on 2, 3 and 130 with its own code and what it means', () => {
  const step = workflow.jobs.shard!.steps.find((s) => s.run?.includes('npm run conformance'))!;
  expect(step.shell).toBe('bash');
  expect(step['continue-on-error']).toBeUndefined();
  expect(runStep(step, 0).code).toBe(0);
  const fail = runStep(step, 1);
  expect(fail.code).toBe(0);
  expect(fail.out).toContain('npm run conformance -- --shard=2/3');
  const config = runStep(step, 2);
  expect(config.code).toBe(2);
  expect(config.out).toContain('::error title=Dispatch conformance::shard 2: a setting or secret to fix (exit 2)');
  const stopped = runStep(step, 3);
  expect(stopped.code).toBe(3);
  expect(stopped.out).toContain('staging could not be reached or stopped answering (exit 3)');
  expect(runStep(step, 130).code).toBe(130);
});

test('the report job names what the merged run came to: a violation, shards that could not be merged, staging that stopped', () => {
  const steps = workflow.jobs.report!.steps;
  const merge = steps.find((s) => s.id === 'merge')!;
  const gate = steps[steps.length - 1]!;
  for (const [code, said] of [
    [1, 'a documented, reference or security rule is violated'],
    [2, 'the shards could not be merged'],
    [3, 'staging stopped answering during a shard'],
    [130, 'a shard was interrupted'],
  ] as const) {
    const merged = runStep(merge, code);
    expect(merged.code, `merge ${code}`).toBe(0);
    expect(merged.outputs.trim()).toBe(`code=${code}`);
    const failed = runStep(gate, 0, { CODE: String(code) });
    expect(failed.code).toBe(1);
    expect(failed.out).toContain(`::error title=Dispatch conformance::${said}`);
  }
  expect(runStep(merge, 0).outputs.trim()).toBe('code=0');
});

/** Node's current LTS line (22 is in maintenance; 20 reached its end of life in April 2026). */
const CURRENT_LTS = 24;

test('every job sets up the current LTS of Node, which engines allows', () => {
  const setups = Object.entries(workflow.jobs).flatMap(([name, job]) => job.steps.filter((s) => s.uses?.startsWith('actions/setup-node')).map((s) => ({ name, version: s.with?.['node-version'] })));
  // Every job runs npm ci, so every job sets up Node itself rather than taking the runner's.
  expect(setups.map((s) => s.name).sort()).toEqual(Object.keys(workflow.jobs).sort());
  for (const { name, version } of setups) expect(version, name).toBe(CURRENT_LTS);
  const floor = /^>=(\d+)$/.exec(manifest.engines.node);
  expect(floor, `engines.node "${manifest.engines.node}" is of the form >=N`).not.toBeNull();
  expect(CURRENT_LTS).toBeGreaterThanOrEqual(Number(floor![1]));
});
