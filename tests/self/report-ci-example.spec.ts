/**
 * examples/ci/conformance.yml stays in step with the project: it shards, merges what it sharded,
 * publishes the reports, and fails on a new violation, with the npm scripts that exist, on a Node
 * that is supported and that package.json's engines allow.
 */
import fs from 'node:fs';
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
  expect(run?.run).toBe('npm run conformance -- --shard=${{ matrix.shard }}/3');
  const upload = shard.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
  expect(upload?.with).toMatchObject({ name: 'conformance-shard-${{ matrix.shard }}', path: 'reports/' });

  const report = workflow.jobs.report!;
  expect(report).toMatchObject({ needs: 'shard', if: 'always()' });
  const merge = report.steps.find((s) => s.id === 'merge')!;
  expect(merge.run).toBe('npm run merge-reports -- shards/conformance-shard-1 shards/conformance-shard-2 shards/conformance-shard-3 --out reports');
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
  expect(gate.if).toBe("steps.merge.outcome != 'success'");
  expect(gate.run).toContain('exit 1');
  // Shard runs must not stop the report job from running (it decides).
  expect(workflow.jobs.shard!.steps.find((s) => s.run?.includes('npm run conformance'))?.['continue-on-error']).toBe(true);
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
