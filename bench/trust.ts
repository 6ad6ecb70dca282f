/**
 * `npm run bench:trust`: does the suite raise a false alarm on a correct target? The whole suite,
 * through `npm run conformance`, against every correct target the project has: the reference
 * server in each profile (contract, os1, lenient; the embedded default plan) and the reference
 * behaviour behind Express's own JSON parser (as a remote target: the staging plan), each under
 * the conditions a real deployment brings (reads lagging 300 ms, 1 connection in 100 dropped
 * after it is carried out, tokens that live 6 seconds), at N seeds. Prints, per target and
 * condition, the exit codes, the violated rows and the deviations seen (a correct target gets no
 * violation; its deviations are the leeway it takes by design).
 * Options: --seeds N (default 5), --from SEED (default 20261206), --quick (no extra conditions).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ConformanceReport } from '../src/results/model.ts';
import { runCommand } from '../tests/self/helpers/cli.ts';
import { startExpressTarget } from '../tests/self/targets/express.ts';
import { remoteTargetEnv } from '../tests/self/targets/remote.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '5' }, from: { type: 'string', default: '20261206' }, quick: { type: 'boolean', default: false } } });
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => Number(values.from) + i);

interface Target {
  name: string;
  /** Whether it can be given a condition that needs a server of this process. */
  remote: boolean;
  /** The command line's arguments, and the settings of the environment, for one run at `seed`. */
  run(seed: number, reports: string, condition: Condition): Promise<{ args: string[]; env: Record<string, string>; close?: () => Promise<void> }>;
}

interface Condition {
  name: string;
  /** Options of the embedded server. */
  args: string[];
  /** Options of a server this process starts. */
  server: { lagMs?: number; dropEvery?: number; dropWhen?: 'after'; tokenTtlSeconds?: number };
  /** Settings over the target's (client credentials for short-lived tokens). */
  clientCredentials?: boolean;
}

const CONDITIONS: Condition[] = [
  { name: 'plain', args: [], server: {} },
  ...(values.quick
    ? []
    : [
        { name: 'reads lag 300 ms', args: ['--lag-ms', '300'], server: { lagMs: 300 } },
        { name: '1 in 100 dropped after', args: ['--drop-every', '100', '--drop-when', 'after'], server: { dropEvery: 100, dropWhen: 'after' as const } },
        // A server of this process only: the embedded one takes a static token.
        { name: '6-second tokens (client credentials)', args: [], server: { tokenTtlSeconds: 6 }, clientCredentials: true },
      ]),
];

const embedded = (profile: string): Target => ({
  name: `reference server, ${profile}`,
  remote: false,
  run: async (seed, reports, c) => ({ args: ['--profile', profile, ...c.args], env: { CONFORMANCE_SEED: String(seed), CONFORMANCE_REPORT_DIR: reports } }),
});

const express: Target = {
  name: "Express's JSON parser (remote)",
  remote: true,
  run: async (seed, reports, c) => {
    const server = await startExpressTarget({ quiet: true, ...c.server });
    const { DISPATCH_ACCESS_TOKEN: token, ...env } = remoteTargetEnv(server);
    const credentials: Record<string, string> = c.clientCredentials ? { DISPATCH_CLIENT_ID: server.credentials.clientId, DISPATCH_CLIENT_SECRET: server.credentials.clientSecret, DISPATCH_AUTH_URL: server.authUrl } : { DISPATCH_ACCESS_TOKEN: token! };
    return { args: [], env: { ...env, ...credentials, CONFORMANCE_SEED: String(seed), CONFORMANCE_REPORT_DIR: reports }, close: () => server.close() };
  },
};

const TARGETS = [embedded('contract'), embedded('os1'), embedded('lenient'), express];

console.log(`seeds ${seeds.join(', ')}`);
for (const target of TARGETS) {
  for (const condition of CONDITIONS.filter((c) => target.remote || !c.clientCredentials)) {
    const exits: number[] = [];
    const violated = new Map<string, number>();
    const deviations = new Map<string, number>();
    for (const seed of seeds) {
      const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-trust-'));
      const { args, env, close } = await target.run(seed, reports, condition);
      try {
        const run = await runCommand('src/cli/conformance.ts', args, { importTsx: true, timeoutMs: 600_000, env });
        exits.push(run.code);
        const report = JSON.parse(fs.readFileSync(path.join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
        for (const r of report.results) {
          const into = r.verdict === 'violated' ? violated : r.verdict === 'deviation' ? deviations : undefined;
          into?.set(r.rowId, (into.get(r.rowId) ?? 0) + 1);
        }
      } finally {
        await close?.();
        fs.rmSync(reports, { recursive: true, force: true });
      }
    }
    const list = (m: Map<string, number>) => (m.size ? [...m].map(([id, n]) => `${id}${n < seeds.length ? ` (${n}/${seeds.length} seeds)` : ''}`).join(', ') : 'none');
    console.log(`${target.name} · ${condition.name}: exit ${[...new Set(exits)].join('/')} · violated: ${list(violated)} · deviations: ${list(deviations)}`);
  }
}
