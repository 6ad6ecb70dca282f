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
import { profileOption } from './profile-option.ts';
import type { ProfileName } from '../server/index.ts';

interface Flags {
  dryRun: boolean;
  strict: boolean;
  faults: string[];
  lagMs?: number;
  profile?: ProfileName;
  passthrough: string[];
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = { dryRun: false, strict: false, faults: [], passthrough: [] };
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
    else if (a === '--strict') flags.strict = true;
    else if (a === '--fault' || a.startsWith('--fault=')) flags.faults.push(value('--fault'));
    else if (a === '--profile' || a.startsWith('--profile=')) flags.profile = profileOption(value('--profile'));
    else if (a === '--lag-ms' || a.startsWith('--lag-ms=')) {
      const v = value('--lag-ms');
      if (!/^\d+$/.test(v)) throw new UserError(`--lag-ms takes a whole number of milliseconds, not "${v}"`);
      flags.lagMs = Number(v);
    } else flags.passthrough.push(a);
  }
  return flags;
}

const USAGE = `usage: npm run conformance -- [options] [playwright options]

Runs the Dispatch conformance suite against DISPATCH_BASE_URL (from .env or the environment), or
against the embedded reference server when none is set. See .env.example for every setting.

options:
  --dry-run          list the planned requests and send none
  --strict           deviations from assumed conventions fail the run like violations
                     (CONFORMANCE_STRICT=true does the same)
  --fault NAME       embedded server only: break one rule (repeatable; npm run serve -- --list-faults)
  --lag-ms N         embedded server only: reads see writes N ms late
  --profile P        embedded server only: contract (default) or os1 (answers as OS1's
                     API reference shows: error and request on every answer, 200 for a
                     sub-status change, no data in the bulk answer, ...)
  -h, --help         this text

playwright options (passed through), e.g.:
  --grep REGEX       only the tests whose title matches (constraint ids are test titles)
  --shard=I/N        run one part of N; merge with npm run merge-reports -- dir1 dir2 ...

parallel workers: set CONFORMANCE_WORKERS (default 2), so that the rate limit and the request budget
are shared out between them.
`;

runCli(async () => {
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const flags = parseFlags(process.argv.slice(2));
  const config = loadConfig();
  const contract = loadContract();
  const catalogue = buildCatalogue(contract);
  if (flags.dryRun) return printPlan(config, contract, catalogue);
  if (!config.embedded && (flags.faults.length || flags.lagMs !== undefined || flags.profile)) {
    throw new UserError('--fault, --lag-ms and --profile apply to the embedded server only: unset DISPATCH_BASE_URL to use them');
  }

  // Settings the reporter reads from its environment go there whether they came from .env or the environment.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONFORMANCE_SEED: String(config.seed),
    CONFORMANCE_RUN_ID: config.runId,
    CONFORMANCE_STRICT: String(flags.strict || config.strict),
    ...(config.baseline ? { CONFORMANCE_BASELINE: config.baseline } : {}),
  };
  let server: RunningServer | undefined;
  if (config.embedded) {
    const embedded = await startEmbedded({ lagMs: flags.lagMs, faults: flags.faults, profile: flags.profile });
    server = embedded.server;
    Object.assign(env, embedded.env);
    const extras = [flags.profile ? `profile ${flags.profile}` : '', flags.lagMs ? `lag ${flags.lagMs} ms` : '', ...flags.faults.map((f) => `fault ${f}`)].filter(Boolean).join(', ');
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
