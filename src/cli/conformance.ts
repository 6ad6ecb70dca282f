/**
 * `npm run conformance`: checks the configuration and the contract, starts the embedded reference
 * server when no DISPATCH_BASE_URL is set, checks the target answers, then runs the conformance
 * suite with Playwright. Arguments after `--` go to Playwright (`--grep`, `--shard`, ...).
 * Own flags: `--dry-run` (list the planned requests, send none), and for the embedded server only
 * `--fault NAME` and `--lag-ms N`.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadConfig } from '../config/config.ts';
import { buildCatalogue, loadContract, projectRoot } from '../contract/index.ts';
import type { RunningServer } from '../server/index.ts';
import { startEmbedded } from './embedded.ts';
import { printPlan } from './plan.ts';
import { preflight } from './preflight.ts';
import { runCli, UserError } from './run-cli.ts';

interface Flags {
  dryRun: boolean;
  faults: string[];
  lagMs?: number;
  passthrough: string[];
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = { dryRun: false, faults: [], passthrough: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string) => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UserError(`${name} needs a value`);
      return v;
    };
    if (a === '--dry-run') flags.dryRun = true;
    else if (a === '--fault' || a.startsWith('--fault=')) flags.faults.push(value('--fault'));
    else if (a === '--lag-ms' || a.startsWith('--lag-ms=')) {
      const v = value('--lag-ms');
      if (!/^\d+$/.test(v)) throw new UserError(`--lag-ms takes a whole number of milliseconds, not "${v}"`);
      flags.lagMs = Number(v);
    } else flags.passthrough.push(a);
  }
  return flags;
}

runCli(async () => {
  const flags = parseFlags(process.argv.slice(2));
  const config = loadConfig();
  const contract = loadContract();
  const catalogue = buildCatalogue(contract);
  if (flags.dryRun) return printPlan(config, contract, catalogue);
  if (!config.embedded && (flags.faults.length || flags.lagMs !== undefined)) {
    throw new UserError('--fault and --lag-ms apply to the embedded server only: unset DISPATCH_BASE_URL to use them');
  }

  const env: NodeJS.ProcessEnv = { ...process.env, CONFORMANCE_SEED: String(config.seed), CONFORMANCE_RUN_ID: config.runId };
  let server: RunningServer | undefined;
  if (config.embedded) {
    const embedded = await startEmbedded({ lagMs: flags.lagMs, faults: flags.faults });
    server = embedded.server;
    Object.assign(env, embedded.env);
    const extras = [flags.lagMs ? `lag ${flags.lagMs} ms` : '', ...flags.faults.map((f) => `fault ${f}`)].filter(Boolean).join(', ');
    process.stdout.write(`No DISPATCH_BASE_URL: running against the embedded reference server at ${server.baseUrl}${extras ? ` (${extras})` : ''}\n`);
  }
  try {
    const effective = loadConfig({ env });
    await preflight(effective, contract);
    process.stdout.write(
      `Target ${effective.baseUrl} · ${catalogue.length} constraints · seed ${config.seed}${config.seedGiven ? '' : ' (replay with CONFORMANCE_SEED=' + config.seed + ')'} · ${effective.runs} random bodies per operation\n`,
    );
    const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
    const args = [cli, 'test', '--project=conformance', `--workers=${effective.workers}`, ...flags.passthrough];
    const child = spawn(process.execPath, args, { cwd: projectRoot, env: { ...env, DISPATCH_CONFORMANCE_RUN: '1' }, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const code = await new Promise<number>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 130 : 1))));
    return code;
  } finally {
    await server?.close();
  }
});
