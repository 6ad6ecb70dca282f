/**
 * `npm run bench:reliability`: what a flaky network costs the suite, on this machine.
 * 1. The whole engine in-process (tests/self/helpers/flaky-engine.ts: the heavy plan) against the embedded server,
 *    clean and losing the connection of 1 request in 100 (before / after carrying it out), with the
 *    same seed, over several seeds: requests, the increase, dropped connections, requests sent
 *    again, violations, errors, rows a clean run judges that the flaky run did not.
 * 2. A target that stops answering halfway (silent / refusing), npm run conformance against it with
 *    DISPATCH_TIMEOUT_MS=2000 and DISPATCH_RETRY_BUDGET_MS=3000: seconds from the stop to the end
 *    of the run, and the exit code.
 * Options: --seeds N (default 5; 0 skips part 1), --skip-halfway.
 */
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCatalogue, loadContract } from '../src/contract/index.ts';
import { SEEDED_IDS, startServer, type DropWhen } from '../src/server/index.ts';
import { runCommand } from '../tests/self/helpers/cli.ts';
import { flakyEngineRun } from '../tests/self/helpers/flaky-engine.ts';
import { flakyProxy } from '../tests/self/helpers/flaky-proxy.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '5' }, 'skip-halfway': { type: 'boolean' } } });
const contract = loadContract();
const catalogue = buildCatalogue(contract);

const engine = (seed: number, when?: DropWhen) => flakyEngineRun(contract, catalogue, seed, when ? { every: 100, when } : undefined);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => 1000 + i * 7919);
for (const when of seeds.length ? (['before', 'after'] as const) : []) {
  const increase: number[] = [];
  let worst = { violated: 0, errors: 0, lostRows: 0 };
  const rows: string[] = [];
  for (const seed of seeds) {
    const clean = await engine(seed);
    const flaky = await engine(seed, when);
    const lostRows = [...clean.judged].filter((id) => !flaky.judged.has(id)).length;
    increase.push((flaky.requests / clean.requests - 1) * 100);
    worst = { violated: Math.max(worst.violated, flaky.violated.length), errors: Math.max(worst.errors, flaky.errors.length), lostRows: Math.max(worst.lostRows, lostRows) };
    rows.push(`  seed ${seed}: clean ${clean.requests}, dropped 1 in 100 ${when}: ${flaky.requests} (+${increase.at(-1)!.toFixed(1)}%), ${flaky.dropped} dropped, ${flaky.transportRetries} sent again, ${flaky.violated.length} violated, ${flaky.errors.length} errors, ${lostRows} rows lost`);
  }
  console.log(`1 connection in 100 dropped ${when} the server acts (${seeds.length} seeds):`);
  console.log(rows.join('\n'));
  console.log(`  median request increase ${median(increase).toFixed(1)}% (max ${Math.max(...increase).toFixed(1)}%); at worst ${worst.violated} violated, ${worst.errors} errors, ${worst.lostRows} rows a clean run judges left untested`);
}

if (!values['skip-halfway']) {
  // Halfway through a default remote run (about 760 requests).
  const stopAfter = 400;
  for (const mode of ['silent', 'refuse'] as const) {
    const server = await startServer({ quiet: true, accessToken: 'bench-halfway' });
    const proxy = await flakyProxy(server.origin, { stopAfter, mode });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-bench-halfway-'));
    const run = await runCommand('src/cli/conformance.ts', [], {
      env: {
        DISPATCH_BASE_URL: `${proxy.origin}/core/api/v2/dispatch-service`,
        DISPATCH_ACCESS_TOKEN: 'bench-halfway',
        DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType.join(','),
        DISPATCH_JOB_WORKFLOW_ID: SEEDED_IDS.jobWorkflow.join(','),
        DISPATCH_RATE_LIMIT: '1000000',
        DISPATCH_TIMEOUT_MS: '2000',
        DISPATCH_RETRY_BUDGET_MS: '3000',
        CONFORMANCE_REPORT_DIR: dir,
      },
      timeoutMs: 300_000,
    });
    const ended = performance.now();
    await proxy.close();
    await server.close();
    const stopped = run.stdout.split('\n').find((l) => l.startsWith('Conformance: STOPPED:')) ?? '(no STOPPED line)';
    if (proxy.stoppedAt === undefined) {
      console.log(`a target that stops answering (${mode}) after ${stopAfter} requests: the run sent fewer, so it never stopped (exit ${run.code}); lower stopAfter`);
      continue;
    }
    console.log(`a target that stops answering (${mode}) after ${stopAfter} requests: the run ended ${((ended - proxy.stoppedAt) / 1000).toFixed(1)} s after it stopped (timeout 2 s + budget 3 s), exit ${run.code}`);
    console.log(`  ${stopped.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT')}`);
  }
}
