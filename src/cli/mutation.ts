/**
 * `npm run mutation`: the whole suite against the reference server under each of its faults and
 * against the unfaulted server, in each profile, orchestrated as `npm run conformance` is
 * (src/mutation/runner.ts); writes reports/mutation.json and prints each profile's score.
 * Flags: `--fast` (each fault's run stops when the fault is caught), `--fault NAME` (repeatable),
 * `--family NAME` (repeatable: the faults of a family, e.g. `state`; `npm run serve -- --list-faults`),
 * `--profile contract|os1|lenient` (repeatable; default all three), `--plan remote|local`
 * (`remote`, or `--remote`: judge the server as a remote target is judged by default: few random
 * bodies, at most 60 jobs), `--seeds N` (N seeds from CONFORMANCE_SEED on: a fault counts as
 * detected only when every seed detects it, and a false alarm at any seed is one), `--jobs N`
 * (profiles and seeds run in up to N processes at once; default 2, this machine's cores).
 * The plan settings in the environment (CONFORMANCE_RUNS, DISPATCH_CONSISTENCY_MS, CONFORMANCE_TOKEN_WAIT_S,
 * ...: those src/config/settings.ts marks `plan`) set each run's plan as they set a run's; `.env`,
 * which points at a target of the user's, does not.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { embeddedRun } from '../targets/embedded.ts';
import { loadConfig } from '../config/config.ts';
import { planSettingsOf } from '../config/settings.ts';
import { runMutation, type MutationReport } from '../mutation/runner.ts';
import { EXIT, runCli, UserError } from './run-cli.ts';
import { REPORT_FILES, writeReports } from '../reporters/write.ts';
import { combineSeeds, faultLabel, scoreOf, sweepOutcome } from '../results/fault-outcome.ts';
import type { ConformanceReport } from '../results/model.ts';
import { listFaults, PROFILE_NAMES, type ProfileName } from '../server/index.ts';
import { profileOption } from './profile-option.ts';

/** Set in a child: the file its one profile and seed's report goes to. */
const PART = 'CONFORMANCE_MUTATION_PART';

runCli(async () => {
  const args = process.argv.slice(2);
  const valuesOf = (flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : a.startsWith(`${flag}=`) ? [a.slice(flag.length + 1)] : []));
  const families = valuesOf('--family');
  const known = new Set(listFaults().map((f) => f.family));
  for (const f of families) if (!known.has(f)) throw new UserError(`--family takes one of ${[...known].join(', ')}, not "${f}"`);
  const names = new Set(listFaults().map((f) => f.name));
  for (const f of valuesOf('--fault')) if (!names.has(f)) throw new UserError(`unknown fault "${f}" (list them with: npm run serve -- --list-faults)`);
  const faults = [...valuesOf('--fault'), ...listFaults().filter((f) => families.includes(f.family)).map((f) => f.name)];
  const only = valuesOf('--profile').map((p) => profileOption(p)!);
  const profiles = only.length ? only : [...PROFILE_NAMES];
  const config = loadConfig();
  const mode = args.includes('--fast') ? 'fast' : 'full';
  const planValue = valuesOf('--plan')[0] ?? (args.includes('--remote') ? 'remote' : 'local');
  if (planValue !== 'remote' && planValue !== 'local') throw new UserError(`--plan takes remote or local, not "${planValue}"`);
  const plan: 'remote' | 'local' = planValue;
  const seedsText = valuesOf('--seeds')[0] ?? '1';
  if (!/^[1-9]\d*$/.test(seedsText) || Number(seedsText) > 100) throw new UserError(`--seeds takes a whole number from 1 to 100, not "${seedsText}"`);
  const jobsText = valuesOf('--jobs')[0] ?? String(Math.min(2, os.availableParallelism()));
  if (!/^[1-9]\d*$/.test(jobsText) || Number(jobsText) > 16) throw new UserError(`--jobs takes a whole number from 1 to 16, not "${jobsText}"`);
  const seeds = Array.from({ length: Number(seedsText) }, (_, k) => config.seed + k);

  // A child runs one profile at one seed and writes its report where the parent said.
  const part = process.env[PART];
  if (part) {
    const [profile] = profiles as [ProfileName];
    const seed = seeds[0]!;
    const report = await runMutation({
      target: embeddedRun,
      mode,
      plan,
      seed,
      profile,
      settings: planSettingsOf(process.env),
      faults: faults.length ? faults : undefined,
      onFault: (r, i, n) => process.stdout.write(`[${profile}${seedsText === '1' ? '' : ` seed ${seed}`}] ${String(i + 1).padStart(3)}/${n} ${faultLabel(r) === 'missed' ? 'MISSED  ' : faultLabel(r)} ${r.name}${r.detected ? ` (by ${r.caughtBy[0]}, ${r.requests} requests)` : ''}\n`),
    });
    fs.writeFileSync(part, JSON.stringify(report));
    return EXIT.pass;
  }

  const planSettings = Object.entries(planSettingsOf(process.env)).map(([k, v]) => `${k}=${v}`);
  process.stdout.write(`mutation run (${mode}${plan === 'remote' ? ', as a remote target' : ''}), seed${seeds.length > 1 ? `s ${seeds[0]}..${seeds.at(-1)}` : ` ${config.seed}`}, profiles ${profiles.join(', ')}, ${jobsText} at once${planSettings.length ? `, with ${planSettings.join(' ')}` : ''}\n`);
  // Every profile at every seed, in processes of their own, a few at once: the runs are CPU-bound.
  const work = profiles.flatMap((profile) => seeds.map((seed) => ({ profile, seed })));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dc-mutation-'));
  const parts = new Map<string, MutationReport>();
  try {
    const queue = [...work];
    const runOne = async (): Promise<void> => {
      for (let w = queue.shift(); w; w = queue.shift()) {
        const out = path.join(dir, `${w.profile}-${w.seed}.json`);
        const childArgs = [...args.filter((a, i) => !['--profile', '--seeds', '--jobs'].some((f) => a === f || a.startsWith(`${f}=`) || args[i - 1] === f)), '--profile', w.profile];
        const code = await child(childArgs, { ...process.env, [PART]: out, CONFORMANCE_SEED: String(w.seed) });
        if (code !== 0 || !fs.existsSync(out)) throw new UserError(`the mutation run of profile ${w.profile} at seed ${w.seed} ended with exit ${code}: run it alone (--profile ${w.profile}) to see why`);
        parts.set(`${w.profile}-${w.seed}`, JSON.parse(fs.readFileSync(out, 'utf8')) as MutationReport);
      }
    };
    await Promise.all(Array.from({ length: Math.min(Number(jobsText), work.length) }, runOne));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // One report per profile: a fault is detected only when every seed detected it; false alarms of every seed.
  const reports = profiles.map((profile) => {
    const runs = seeds.map((seed) => parts.get(`${profile}-${seed}`)!);
    const faultsBySeed = combineSeeds(runs.map((r) => r.faults), seeds);
    const falseAlarms = runs.flatMap((r) => r.falseAlarms.map((a) => ({ ...a, id: seeds.length > 1 ? `${a.id} (seed ${r.seed})` : a.id })));
    return { ...runs[0]!, ...scoreOf(faultsBySeed), faults: faultsBySeed, falseAlarms, baselineRequests: Math.max(...runs.map((r) => r.baselineRequests)) };
  });
  fs.mkdirSync(config.reportDir, { recursive: true });
  const file = path.join(config.reportDir, REPORT_FILES.mutation);
  // The conformance report of the last run gets its Mutation section now, not at the next run: the
  // mutation run names that run, and no later run's report shows it (it names another run).
  const lastFile = path.join(config.reportDir, REPORT_FILES.json);
  let last: ConformanceReport | undefined;
  try {
    last = JSON.parse(fs.readFileSync(lastFile, 'utf8')) as ConformanceReport;
  } catch {
    last = undefined;
  }
  fs.writeFileSync(file, JSON.stringify({ version: 3, runId: last?.runId ?? config.runId, seed: config.seed, seeds, mode, plan, profiles: reports }, null, 2));
  if (last?.outcome) writeReports(config.reportDir, last);
  let failed = false;
  for (const report of reports) {
    const { missed, fails } = sweepOutcome(report);
    process.stdout.write(
      `[${report.profile}] mutation score ${(report.score * 100).toFixed(1)}% (${report.detected}/${report.total} detected; ${report.equivalent} equivalent, ${report.untestable} untestable on any target, ${report.contested} only where the pages contradict each other), false alarms on the unfaulted server: ${report.falseAlarms.length}\n`,
    );
    for (const m of missed) process.stdout.write(`[${report.profile}] missed: ${m.name}: ${m.description}\n`);
    for (const f of report.faults.filter((x) => !x.detected && x.excuse && x.excuse.code !== 'equivalent')) process.stdout.write(`[${report.profile}] ${faultLabel(f)}: ${f.name}: ${f.excuse!.text}\n`);
    for (const f of report.falseAlarms) process.stdout.write(`[${report.profile}] false alarm: ${f.id}: ${f.actual ?? ''}\n`);
    failed ||= fails;
  }
  process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
  return failed ? EXIT.fail : EXIT.pass;
});

/** Runs this command line again in a child process, its output passed through; resolves with its exit code. */
function child(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const script = fileURLToPath(import.meta.url);
  const p = spawn(process.execPath, [...process.execArgv, script, ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve) => p.on('exit', (code) => resolve(code ?? 1)));
}
