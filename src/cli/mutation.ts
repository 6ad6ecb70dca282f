/**
 * `npm run mutation`: runs the conformance engine against the reference server under each of its
 * faults and against the unfaulted server, in each profile (the contract's envelopes, and OS1's);
 * writes reports/mutation.json and prints each profile's score.
 * Flags: `--fast` (stop at the first detection; what npm test runs), `--fault NAME` (repeatable),
 * `--profile contract|os1|lenient` (one profile only), `--plan remote|local` (`remote`, or `--remote`:
 * judge the server as a remote target is judged by default: few random bodies, at most 60 jobs),
 * `--seeds N` (N seeds from CONFORMANCE_SEED on: a fault counts as detected only when every seed
 * detects it, and a false alarm at any seed is one).
 */
import { embeddedSuite } from './embedded.ts';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config.ts';
import { runMutation, type MutationReport } from '../mutation/runner.ts';
import { runCli, UserError } from './run-cli.ts';
import { REPORT_FILES, writeReports } from '../reporters/write.ts';
import { faultLabel } from '../results/fault-outcome.ts';
import type { ConformanceReport } from '../results/model.ts';
import { PROFILE_NAMES } from '../server/index.ts';
import { profileOption } from './profile-option.ts';

runCli(async () => {
  const args = process.argv.slice(2);
  const valuesOf = (flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : a.startsWith(`${flag}=`) ? [a.slice(flag.length + 1)] : []));
  const faults = valuesOf('--fault');
  const only = valuesOf('--profile').map((p) => profileOption(p)!);
  const profiles = only.length ? only : [...PROFILE_NAMES];
  const config = loadConfig();
  const mode = args.includes('--fast') ? 'fast' : 'full';
  const planValue = valuesOf('--plan')[0] ?? (args.includes('--remote') ? 'remote' : 'local');
  if (planValue !== 'remote' && planValue !== 'local') throw new UserError(`--plan takes remote or local, not "${planValue}"`);
  const plan: 'remote' | 'local' = planValue;
  const seedsText = valuesOf('--seeds')[0] ?? '1';
  if (!/^[1-9]\d*$/.test(seedsText) || Number(seedsText) > 100) throw new UserError(`--seeds takes a whole number from 1 to 100, not "${seedsText}"`);
  const seeds = Array.from({ length: Number(seedsText) }, (_, k) => config.seed + k);
  process.stdout.write(`mutation run (${mode}${plan === 'remote' ? ', as a remote target' : ''}), seed${seeds.length > 1 ? `s ${seeds[0]}..${seeds.at(-1)}` : ` ${config.seed}`}, profiles ${profiles.join(', ')}\n`);
  const perSeed: MutationReport[][] = [];
  for (const profile of profiles) {
    const runs: MutationReport[] = [];
    for (const seed of seeds) {
      runs.push(
        await runMutation({
          target: embeddedSuite,
          mode,
          plan,
          seed,
          profile,
          faults: faults.length ? faults : undefined,
          onFault: (r, i, n) =>
            process.stdout.write(
              `[${profile}${seeds.length > 1 ? ` seed ${seed}` : ''}] ${String(i + 1).padStart(3)}/${n} ${faultLabel(r) === 'missed' ? 'MISSED  ' : faultLabel(r)} ${r.name}${r.detected ? ` (by ${r.caughtBy[0]}, ${r.requests} requests)` : ''}\n`,
            ),
        }),
      );
    }
    perSeed.push(runs);
  }
  // One report per profile: a fault is detected only when every seed detected it; false alarms of every seed.
  const reports = perSeed.map(combineSeeds);
  fs.mkdirSync(config.reportDir, { recursive: true });
  const file = path.join(config.reportDir, REPORT_FILES.mutation);
  // The conformance report of the last run gets its Mutation section now, not at the next run: the
  // mutation run names that run, and no later run's report shows it (it names another run).
  const lastFile = path.join(config.reportDir, REPORT_FILES.json);
  const last = fs.existsSync(lastFile) ? (JSON.parse(fs.readFileSync(lastFile, 'utf8')) as ConformanceReport) : undefined;
  fs.writeFileSync(file, JSON.stringify({ version: 2, runId: last?.runId ?? config.runId, seed: config.seed, seeds, mode, plan, profiles: reports, ...(seeds.length > 1 ? { perSeed } : {}) }, null, 2));
  if (last) writeReports(config.reportDir, last);
  let failed = false;
  for (const report of reports) {
    const missed = report.faults.filter((f) => faultLabel(f) === 'missed');
    process.stdout.write(
      `[${report.profile}] mutation score ${(report.score * 100).toFixed(1)}% (${report.detected}/${report.total} detected; ${report.equivalent} equivalent, ${report.untestable} untestable on any target, ${report.contested} only where the pages contradict each other), false alarms on the unfaulted server: ${report.falseAlarms.length}\n`,
    );
    for (const m of missed) process.stdout.write(`[${report.profile}] missed: ${m.name}: ${m.description}\n`);
    for (const u of report.faults.filter((f) => f.untestable)) process.stdout.write(`[${report.profile}] untestable: ${u.name}: ${u.untestable}\n`);
    for (const c of report.faults.filter((f) => f.contested)) process.stdout.write(`[${report.profile}] contested: ${c.name}: ${c.contested}\n`);
    for (const f of report.falseAlarms) process.stdout.write(`[${report.profile}] false alarm: ${f.id}: ${f.actual ?? ''}\n`);
    failed ||= missed.length > 0 || report.falseAlarms.length > 0;
  }
  process.stdout.write(`${path.relative(process.cwd(), file)}\n`);
  return failed ? 1 : 0;
});

/** The runs of one profile at several seeds as one report: detected at every seed, and every false alarm. */
function combineSeeds(runs: MutationReport[]): MutationReport {
  if (runs.length === 1) return runs[0]!;
  const first = runs[0]!;
  const faults = first.faults.map((f) => {
    const all = runs.map((r) => r.faults.find((x) => x.name === f.name)!);
    const missedAt = runs.filter((_, k) => !all[k]!.detected).map((r) => r.seed);
    return { ...f, detected: all.every((x) => x.detected), ...(missedAt.length && !all.every((x) => !x.detected) ? { description: `${f.description} (missed at seed ${missedAt.join(', ')})` } : {}) };
  });
  const countable = faults.filter((f) => faultLabel(f) !== 'equivalent' && faultLabel(f) !== 'untestable' && faultLabel(f) !== 'contested');
  const detected = countable.filter((f) => f.detected).length;
  const falseAlarms = runs.flatMap((r) => r.falseAlarms.map((a) => ({ ...a, id: `${a.id} (seed ${r.seed})` })));
  return { ...first, score: countable.length ? detected / countable.length : 1, detected, total: countable.length, falseAlarms, baselineRequests: Math.max(...runs.map((r) => r.baselineRequests)), faults };
}
