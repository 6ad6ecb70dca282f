/**
 * `npm run conformance`: checks the configuration and the contract, starts the embedded reference
 * server when no DISPATCH_BASE_URL is set, checks the target answers, then runs the conformance
 * suite with Playwright. Arguments after `--` go to Playwright (`--grep`, `--shard`, ...).
 * Own flags (USAGE below says each): `--dry-run` (list the planned requests, send none), `--strict`,
 * `--thorough`, `--complete-created`, and for the embedded server only `--fault NAME`, `--lag-ms N`,
 * `--profile contract|os1|lenient` and `--drop-every N` / `--drop-when before|after`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { loadConfig } from '../config/config.ts';
import { buildCatalogue, loadContract, projectRoot } from '../contract/index.ts';
import type { RunningServer } from '../server/index.ts';
import { dropWhenOf, embeddedEnv, startEmbedded } from '../targets/embedded.ts';
import type { DropWhen } from '../server/index.ts';
import { describePlan, makeCasesAhead, printPlan } from './plan.ts';
import { preflight } from './preflight.ts';
import { EXIT, runCli, UserError } from './run-cli.ts';
import { completeAfterRun } from './complete-after-run.ts';
import { profileOption } from './profile-option.ts';
import type { ProfileName } from '../server/index.ts';
import { RunDir } from '../suite/run/run-dir.ts';
import { nearest } from '../shared/nearest.ts';
import { PLAYWRIGHT_WITH_VALUE, SelectionError, selectSteps } from '../playwright/selection.ts';
import { suiteSteps } from '../suite/run/steps.ts';
import { STEP_LIST_ENV, stepListOf, writeStepList } from '../playwright/step-list.ts';
import { peerNoteText } from '../reporters/format.ts';
import { loadBaseline, todoEntries } from '../results/baseline.ts';
import { formatRuleOverrides, unknownKeys } from '../results/severity.ts';
import { RULES } from '../checks/index.ts';
import type { ConformanceReport } from '../results/model.ts';

interface Flags {
  dryRun: boolean;
  strict: boolean;
  thorough: boolean;
  completeCreated: boolean;
  faults: string[];
  lagMs?: number;
  profile?: ProfileName;
  dropEvery?: number;
  dropWhen?: DropWhen;
  dropWhenText?: string;
  passthrough: string[];
}

function parseFlags(argv: string[]): Flags {
  const flags: Flags = { dryRun: false, strict: false, thorough: false, completeCreated: false, faults: [], passthrough: [] };
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
    else if (a === '--thorough') flags.thorough = true;
    else if (a === '--complete-created') flags.completeCreated = true;
    else if (a === '--fault' || a.startsWith('--fault=')) flags.faults.push(value('--fault'));
    else if (a === '--profile' || a.startsWith('--profile=')) flags.profile = profileOption(value('--profile'));
    else if (a === '--lag-ms' || a.startsWith('--lag-ms=')) {
      const v = value('--lag-ms');
      if (!/^\d+$/.test(v)) throw new UserError(`--lag-ms takes a whole number of milliseconds, not "${v}"`);
      flags.lagMs = Number(v);
    } else if (a === '--drop-every' || a.startsWith('--drop-every=')) {
      const v = value('--drop-every');
      if (!/^[1-9]\d*$/.test(v)) throw new UserError(`--drop-every takes a whole number of requests (1 or more), not "${v}"`);
      flags.dropEvery = Number(v);
    } else if (a === '--drop-when' || a.startsWith('--drop-when=')) flags.dropWhenText = value('--drop-when');
    else if (a.startsWith('-') && !PLAYWRIGHT_OPTIONS.has(a.split('=')[0]!)) {
      // Refused here, before the target and the plan, with the option it is closest to.
      const name = a.split('=')[0]!;
      const best = nearest(name, [...OWN_OPTIONS, ...PLAYWRIGHT_OPTIONS].filter((o) => o.startsWith('--')), Math.max(2, Math.floor(name.length / 4)));
      throw new UserError(`unknown option ${name}${best ? `; did you mean ${best}?` : ''} (npm run conformance -- --help lists them)`);
    } else {
      flags.passthrough.push(a);
      // A Playwright option's value goes through with it.
      if (PLAYWRIGHT_WITH_VALUE.has(a) && argv[i + 1] !== undefined) flags.passthrough.push(argv[++i]!);
    }
  }
  flags.dropWhen = dropWhenOf(flags.dropWhenText, flags.dropEvery);
  return flags;
}

/** The options of this command. */
const OWN_OPTIONS = ['--dry-run', '--strict', '--thorough', '--complete-created', '--fault', '--profile', '--lag-ms', '--drop-every', '--drop-when', '--help', '-h'];
/** Playwright's options a run may pass through; anything else starting with - is refused. */
const PLAYWRIGHT_OPTIONS = new Set([...PLAYWRIGHT_WITH_VALUE, '--list', '--last-failed', '--fail-on-flaky-tests', '--pass-with-no-tests', '--forbid-only', '--fully-parallel', '--quiet', '--debug', '--only-changed', '--no-deps']);

/** The shard a Playwright `--shard=I/N` (or `--shard I/N`) argument asks for. */
function shardOf(passthrough: string[]): { current: number; total: number } | undefined {
  const i = passthrough.findIndex((a) => a === '--shard' || a.startsWith('--shard='));
  if (i < 0) return undefined;
  const value = passthrough[i]!.includes('=') ? passthrough[i]!.split('=')[1] : passthrough[i + 1];
  const m = /^(\d+)\/(\d+)$/.exec(value ?? '');
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UserError(`--shard takes I/N with 1 <= I <= N (got "${value ?? ''}")`);
  return { current: Number(m[1]), total: Number(m[2]) };
}

/** Where a dry run's embedded server would be: a dry run starts none and sends nothing. */
const DRY_RUN_TARGET = 'http://127.0.0.1:9/core/api/v2/dispatch-service';

const USAGE = `usage: npm run conformance -- [options] [playwright options]

Runs the Dispatch conformance suite against DISPATCH_BASE_URL (from .env or the environment), or
against the embedded reference server when none is set. See .env.example for every setting.

options:
  --dry-run          list the planned requests and send none
  --strict           deviations from assumed conventions fail the run like violations
                     (CONFORMANCE_STRICT=true does the same)
  --thorough         the heavy run on any target: 100 random bodies per operation, random
                     violations, 25 read-after-write sequences, no default job cap
                     (CONFORMANCE_THOROUGH=true; a remote target otherwise gets what
                     detection needs, at most 60 jobs: see README "Cost on staging")
  --complete-created after every check, complete (status COMPLETED) each job the run
                     created that is not completed yet, and list what was done in the report
  --fault NAME       embedded server only: break one rule (repeatable; npm run serve -- --list-faults)
  --lag-ms N         embedded server only: reads see writes N ms late
  --profile P        embedded server only: contract (default), os1 (answers as OS1's
                     API reference shows: error and request on every answer, 200 for a
                     sub-status change, no data in the bulk answer, ...) or lenient (takes
                     what RFC 8259 lets a parser take, as mainstream stacks do: invalid
                     UTF-8, trailing text, NaN, a BOM, any content type; 200 for 202)
  --drop-every N     embedded server only: close the connection of every Nth request unanswered
  --drop-when W      with --drop-every: before (default) or after carrying the request out
  -h, --help         this text

exit codes:
  0    the target conforms (deviations and baselined violations do not fail a run)
  1    the target fails: a violation, or a case that could not be judged
  2    usage or configuration error (an unknown option, a bad setting, a --grep that
       selects no test, credentials or workflow the target refuses): one line says what
       to fix, nothing is run
  3    the target could not be reached, or stopped answering mid-run
  130  the run was interrupted (Ctrl-C): its report says INTERRUPTED

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
  const config = loadConfig({ env: flags.thorough ? { ...process.env, CONFORMANCE_THOROUGH: 'true' } : process.env });
  const contract = loadContract();
  const catalogue = buildCatalogue(contract);
  // Settings the reporter reads from its environment go there whether they came from .env or the environment.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CONFORMANCE_SEED: String(config.seed),
    CONFORMANCE_RUN_ID: config.runId,
    CONFORMANCE_STRICT: String(flags.strict || config.strict),
    CONFORMANCE_THOROUGH: String(config.thorough),
    // The folder the reporter writes and this command reads the outcome from: one, from .env too.
    CONFORMANCE_REPORT_DIR: config.reportDir,
    // The folder the user ran the command in (npm's INIT_CWD when npm ran it): the report's curls
    // name the kept bodies by the path a paste there reaches them by.
    INIT_CWD: process.env.INIT_CWD || process.cwd(),
    ...(config.baseline ? { CONFORMANCE_BASELINE: config.baseline } : {}),
    ...(config.rules.length ? { CONFORMANCE_RULES: formatRuleOverrides(config.rules) } : {}),
  };
  // A key that names no rule would change nothing, silently: one line names it, and what it is closest to.
  const ruleIds = [...catalogue.map((c) => c.id), ...Object.values(RULES).map((r) => r.id)];
  for (const key of unknownKeys(config.rules, ruleIds)) {
    const near = nearest(key, ruleIds, Math.max(3, Math.floor(key.length / 4)));
    throw new UserError(`CONFORMANCE_RULES names "${key}", which is no rule and no prefix of one${near ? `: did you mean ${near}?` : ''} (npm run catalogue lists every rule)`);
  }
  // A baseline is checked before the target: a broken file, or an entry whose reason is still the
  // placeholder, is one line to fix, not a run that silently accepts a deviation nobody explained.
  if (config.baseline) {
    let baseline;
    try {
      baseline = loadBaseline(config.baseline);
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    const todo = todoEntries(baseline);
    if (todo.length) throw new UserError(`baseline ${config.baseline}: ${todo.length} ${todo.length === 1 ? 'entry still reads' : 'entries still read'} "TODO" (${todo.slice(0, 3).join(', ')}${todo.length > 3 ? ', ...' : ''}): write why each violation is accepted (CONFORMANCE_BASELINE)`);
  }
  // The tests the command line selects, as Playwright will: none is a usage error, said before the target.
  let selection;
  const steps = suiteSteps(contract, catalogue);
  try {
    selection = selectSteps(steps, flags.passthrough, shardOf(flags.passthrough));
  } catch (e) {
    if (e instanceof SelectionError) throw new UserError(e.message);
    throw e;
  }
  // Selections Playwright makes from its own records (--last-failed, --only-changed) are left to it.
  const ownSelection = flags.passthrough.some((a) => a === '--last-failed' || a.startsWith('--only-changed'));
  if (selection.steps.length === 0 && !ownSelection) {
    throw new UserError(`no conformance test matches what was asked (${selection.asked.join(' ')}): npx playwright test --project=conformance --list shows every title`);
  }
  if (flags.dryRun) {
    // Configured as the run would be; for the embedded server, with its settings (its seeded ids) and none started.
    const planned = loadConfig({ env: config.embedded ? { ...env, ...embeddedEnv(DRY_RUN_TARGET, 'dry-run', { peerToken: 'dry-run-peer' }) } : env });
    try {
      return printPlan(planned, contract, catalogue, selection);
    } finally {
      // The cases the plan made were left in the run's folder for workers a dry run never starts.
      new RunDir(config.runId).remove();
    }
  }
  if (!config.embedded && (flags.faults.length || flags.lagMs !== undefined || flags.profile || flags.dropEvery !== undefined)) {
    throw new UserError('--fault, --lag-ms, --profile and --drop-every apply to the embedded server only: unset DISPATCH_BASE_URL to use them');
  }

  let server: RunningServer | undefined;
  if (config.embedded) {
    const embedded = await startEmbedded({ lagMs: flags.lagMs, faults: flags.faults, profile: flags.profile, dropEvery: flags.dropEvery, dropWhen: flags.dropWhen });
    server = embedded.server;
    Object.assign(env, embedded.env);
    const extras = [
      flags.profile ? `profile ${flags.profile}` : '',
      flags.lagMs ? `lag ${flags.lagMs} ms` : '',
      flags.dropEvery ? `dropping the connection of every ${flags.dropEvery}th request ${flags.dropWhen} carrying it out` : '',
      ...flags.faults.map((f) => `fault ${f}`),
    ]
      .filter(Boolean)
      .join(', ');
    process.stdout.write(`No DISPATCH_BASE_URL: running against the embedded reference server at ${server.baseUrl}${extras ? ` (${extras})` : ''}\n`);
  }
  try {
    const effective = loadConfig({ env });
    const facts = await preflight(effective, contract);
    if (facts.peerJobId) env.DISPATCH_PEER_JOB_ID = facts.peerJobId;
    // A peer that could not make a job of its own still tests isolation, less firmly: said before
    // any test, and handed to the reporter, which says it again in the reports.
    if (facts.peerNote) {
      env.CONFORMANCE_PEER_NOTE = facts.peerNote;
      process.stdout.write(`${peerNoteText(facts.peerNote)}\n`);
    }
    // The preflight's jobs are the run's too: the report lists them for cleanup.
    if (facts.created.length) env.CONFORMANCE_PREFLIGHT_JOBS = JSON.stringify(facts.created);
    process.stdout.write(
      `Target ${effective.baseUrl} · ${catalogue.length} constraints · seed ${config.seed}${config.seedGiven ? '' : ' (replay with CONFORMANCE_SEED=' + config.seed + ')'}\n${describePlan(effective, contract, catalogue, shardOf(flags.passthrough))}\n`,
    );
    // Playwright's runner lists the tests from the plan made here, without loading the engine.
    env[STEP_LIST_ENV] = writeStepList(new RunDir(config.runId).file('steps.json'), stepListOf(steps));
    const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
    const args = [cli, 'test', '--project=conformance', `--workers=${effective.workers}`, ...flags.passthrough];
    const child = spawn(process.execPath, args, { cwd: projectRoot, env: { ...env, DISPATCH_CONFORMANCE_RUN: '1' }, stdio: 'inherit' });
    // While the runner starts: the cases the workers would each make, made once, here.
    const ahead = makeCasesAhead(effective, contract, catalogue, shardOf(flags.passthrough)).catch(() => undefined);
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const code = await new Promise<number>((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? EXIT.interrupted : EXIT.fail))));
    // Done before the run's folder is removed, which it writes in.
    await ahead;
    if (flags.completeCreated) await completeAfterRun(effective, contract);
    return exitCodeOf(code, effective.reportDir, effective.runId);
  } finally {
    await server?.close();
    // The run's folder (job ledger, jobRef claims) its workers shared: nothing is left behind.
    new RunDir(config.runId).remove();
  }
});

/**
 * The exit code: the outcome the gate decided for this run (src/results/gate.ts runOutcome), as its
 * report holds it; Playwright's own code when no report of this run (its run id) was written
 * (Playwright stopped before its reporter could write one).
 */
function exitCodeOf(playwrightCode: number, reportDir: string, runId: string): number {
  let report: ConformanceReport;
  try {
    report = JSON.parse(fs.readFileSync(path.join(reportDir, 'conformance.json'), 'utf8')) as ConformanceReport;
  } catch {
    return playwrightCode;
  }
  return report.runId === runId && typeof report.outcome?.exitCode === 'number' ? report.outcome.exitCode : playwrightCode;
}
