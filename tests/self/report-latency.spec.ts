/**
 * Response times: every report shows p50, p95 and max per operation, computed from the exchanges
 * the run sent; DISPATCH_MAX_RESPONSE_MS makes slower answers deviations of check:response-time
 * (an assumed rule: they do not fail the run). The target is the reference server behind a proxy
 * that holds every createJob answer 400 ms: a slow operation, nobody's fault in the server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '@playwright/test';
import { startServer } from '../../src/server/index.ts';
import type { ConformanceReport } from '../../src/results/model.ts';
import { freshDir } from './fixtures/reporters/run-fixture.ts';
import { runCommand } from './helpers/cli.ts';
import { flakyProxy } from './helpers/flaky-proxy.ts';
import { remoteTargetEnv } from './targets/remote.ts';

const HOLD_MS = 400;

test('a target slow on one operation: its p50 shows the wait, and past DISPATCH_MAX_RESPONSE_MS its answers deviate while the others conform', async () => {
  test.setTimeout(180_000);
  const server = await startServer({ quiet: true });
  const proxy = await flakyProxy(server.origin, { delay: (r) => (r.method === 'POST' && /\/jobs$/.test(r.url) ? HOLD_MS : 0) });
  try {
    const dir = freshDir('latency');
    const env = remoteTargetEnv(server, { DISPATCH_BASE_URL: proxy.origin + server.baseUrl.slice(server.origin.length), DISPATCH_MAX_RESPONSE_MS: '250', CONFORMANCE_SEED: '30' });
    const run = await runCommand('src/cli/conformance.ts', ['--grep', ' (createJob|updateJob) boundary values are accepted$'], { cwd: dir, env, timeoutMs: 150_000 });
    // A deviation of an assumed rule does not fail the run.
    expect(run.code, run.stdout.split("\n").filter((l) => l.startsWith("Conformance")).join("\n") + run.stderr).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'reports', 'conformance.json'), 'utf8')) as ConformanceReport;
    const create = report.latency?.find((l) => l.operationId === 'createJob');
    const update = report.latency?.find((l) => l.operationId === 'updateJob');
    expect(create, JSON.stringify(report.latency)).toBeDefined();
    expect(create!.p50Ms).toBeGreaterThanOrEqual(HOLD_MS);
    expect(create!.maxMs).toBeGreaterThanOrEqual(create!.p95Ms);
    expect(create!.p95Ms).toBeGreaterThanOrEqual(create!.p50Ms);
    expect(update!.p50Ms).toBeLessThan(HOLD_MS);
    // Every answer the run sent is counted under its operation (the preflight's are its own).
    expect(report.latency!.reduce((n, l) => n + l.requests, 0)).toBeLessThanOrEqual(report.summary.requests);
    const row = (id: string) => report.results.find((r) => r.rowId === id);
    expect(row('check:response-time.createJob')).toMatchObject({ verdict: 'deviation', provenance: 'assumed' });
    expect(row('check:response-time.createJob')!.evidence[0]!.actual).toMatch(/^answered 20[02] in \d+ ms, over DISPATCH_MAX_RESPONSE_MS 250$/);
    expect(row('check:response-time.updateJob')?.verdict).toBe('conforms');
    // The console, summary.md and the HTML show the same numbers.
    expect(run.stdout).toContain(`createJob ${create!.p50Ms}/${create!.p95Ms}/${create!.maxMs} ms (${create!.requests})`);
    expect(fs.readFileSync(path.join(dir, 'reports', 'summary.md'), 'utf8')).toContain(`| \`createJob\` | ${create!.requests} | ${create!.p50Ms} | ${create!.p95Ms} | ${create!.maxMs} |`);
    expect(fs.readFileSync(path.join(dir, 'reports', 'conformance.html'), 'utf8')).toMatch(new RegExp(`data-testid="latency"[\\s\\S]*<code>createJob</code></td><td class="n">${create!.requests}</td><td class="n">${create!.p50Ms}</td>`));
  } finally {
    await proxy.close();
    await server.close();
  }
});
