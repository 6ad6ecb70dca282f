/**
 * `npm run mutation`: runs the conformance engine against the reference server under each of its
 * faults and against the unfaulted server, in each profile (the contract's envelopes, and OS1's);
 * writes reports/mutation.json and prints each profile's score.
 * Flags: `--fast` (stop at the first detection; what npm test runs), `--fault NAME` (repeatable),
 * `--profile contract|os1` (one profile only), `--remote` (judge the server as a remote target is
 * judged by default: few random bodies, at most 60 jobs).
 */
import { embeddedSuite } from './embedded.ts';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config.ts';
import { runMutation, type MutationReport } from '../mutation/runner.ts';
import { runCli } from './run-cli.ts';
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
  const plan = args.includes('--remote') ? 'remote' : 'local';
  process.stdout.write(`mutation run (${mode}${plan === 'remote' ? ', as a remote target' : ''}), seed ${config.seed}, profiles ${profiles.join(', ')}\n`);
  const reports: MutationReport[] = [];
  for (const profile of profiles) {
    reports.push(
      await runMutation({ target: embeddedSuite,
        mode,
        plan,
        seed: config.seed,
        profile,
        faults: faults.length ? faults : undefined,
        onFault: (r, i, n) =>
          process.stdout.write(
            `[${profile}] ${String(i + 1).padStart(3)}/${n} ${faultLabel(r) === 'missed' ? 'MISSED  ' : faultLabel(r)} ${r.name}${r.detected ? ` (by ${r.caughtBy[0]}, ${r.requests} requests)` : ''}\n`,
          ),
      }),
    );
  }
  fs.mkdirSync(config.reportDir, { recursive: true });
  const file = path.join(config.reportDir, REPORT_FILES.mutation);
  fs.writeFileSync(file, JSON.stringify({ version: 2, seed: config.seed, mode, plan, profiles: reports }, null, 2));
  // The conformance report of the last run gets its Mutation section now, not at the next run.
  const last = path.join(config.reportDir, REPORT_FILES.json);
  if (fs.existsSync(last)) writeReports(config.reportDir, JSON.parse(fs.readFileSync(last, 'utf8')) as ConformanceReport);
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
