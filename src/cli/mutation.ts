/**
 * `npm run mutation`: runs the conformance engine against the reference server under each of its
 * faults and against the unfaulted server; writes reports/mutation.json and prints the score.
 * Flags: `--fast` (stop at the first detection; what npm test runs), `--fault NAME` (repeatable).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/config.ts';
import { runMutation } from '../mutation/runner.ts';
import { runCli } from './run-cli.ts';
import { REPORT_FILES, writeReports } from '../reporters/write.ts';
import type { ConformanceReport } from '../results/model.ts';

runCli(async () => {
  const args = process.argv.slice(2);
  const faults = args.flatMap((a, i) => (a === '--fault' ? [args[i + 1]!] : a.startsWith('--fault=') ? [a.slice(8)] : []));
  const config = loadConfig();
  const mode = args.includes('--fast') ? 'fast' : 'full';
  process.stdout.write(`mutation run (${mode}), seed ${config.seed}\n`);
  const report = await runMutation({
    mode,
    seed: config.seed,
    faults: faults.length ? faults : undefined,
    onFault: (r, i, n) => process.stdout.write(`${String(i + 1).padStart(3)}/${n} ${r.detected ? 'detected' : r.equivalent ? 'equivalent' : r.untestable ? 'untestable' : 'MISSED  '} ${r.name}${r.detected ? ` (by ${r.caughtBy[0]}, ${r.requests} requests)` : ''}\n`),
  });
  fs.mkdirSync(config.reportDir, { recursive: true });
  const file = path.join(config.reportDir, 'mutation.json');
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  // The conformance report of the last run gets its Mutation section now, not at the next run.
  const last = path.join(config.reportDir, REPORT_FILES.json);
  if (fs.existsSync(last)) writeReports(config.reportDir, JSON.parse(fs.readFileSync(last, 'utf8')) as ConformanceReport);
  const missed = report.faults.filter((f) => !f.detected && !f.equivalent && !f.untestable);
  process.stdout.write(
    `mutation score ${(report.score * 100).toFixed(1)}% (${report.detected}/${report.total} detected; ${report.equivalent} equivalent, ${report.untestable} untestable on any target), false alarms on the unfaulted server: ${report.falseAlarms.length}; ${path.relative(process.cwd(), file)}\n`,
  );
  for (const m of missed) process.stdout.write(`missed: ${m.name}: ${m.description}\n`);
  for (const u of report.faults.filter((f) => f.untestable)) process.stdout.write(`untestable: ${u.name}: ${u.untestable}\n`);
  for (const f of report.falseAlarms) process.stdout.write(`false alarm: ${f.id}: ${f.actual ?? ''}\n`);
  return missed.length === 0 && report.falseAlarms.length === 0 ? 0 : 1;
});
