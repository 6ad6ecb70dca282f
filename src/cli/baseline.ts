/**
 * Writes a CI baseline from the last run: `npm run baseline [-- <file>]` reads
 * `reports/conformance.json` (CONFORMANCE_REPORT_DIR, or `--from <dir|file>`) and writes every
 * violated row as an accepted violation to <file> (default `conformance-baseline.json`).
 * Reasons already given (in the run's baselined rows or in the file being replaced) are kept;
 * new entries get "TODO: why this violation is accepted". Rows that conform again are dropped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { baselineFromReport, BaselineError, loadBaseline, TODO_REASON, type Baseline } from '../results/baseline.ts';
import { parseReport } from '../reporters/json.ts';
import { REPORT_FILES, resolveReportDir } from '../reporters/write.ts';
import { runCli, UserError } from './run-cli.ts';

const USAGE = 'usage: npm run baseline -- [<baseline file, default conformance-baseline.json>] [--from <report dir or conformance.json>]';

runCli(() => {
  const args = process.argv.slice(2);
  let from: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--from') from = args[++i];
    else if (a.startsWith('--from=')) from = a.slice('--from='.length);
    else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    } else if (a.startsWith('-')) throw new UserError(`unknown option ${a}; ${USAGE}`);
    else positional.push(a);
  }
  if (positional.length > 1) throw new UserError(`one baseline file at most; ${USAGE}`);
  const target = path.resolve(positional[0] ?? 'conformance-baseline.json');
  const source = from ? path.resolve(from) : resolveReportDir();
  const reportFile = source.endsWith('.json') ? source : path.join(source, REPORT_FILES.json);
  if (!fs.existsSync(reportFile)) throw new UserError(`no report at ${reportFile}: run the suite first (npm run conformance)`);

  let report;
  try {
    report = parseReport(fs.readFileSync(reportFile, 'utf8'), reportFile);
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  let previous: Baseline | undefined;
  if (fs.existsSync(target)) {
    try {
      previous = loadBaseline(target);
    } catch (e) {
      if (e instanceof BaselineError) throw new UserError(`${e.message} (fix or delete it; it would be replaced)`);
      throw e;
    }
  }
  // A run that did not finish judged only part of the target: a baseline from it would accept too little, silently.
  if (report.outcome.headline === 'INTERRUPTED' || report.outcome.headline === 'STOPPED') {
    throw new UserError(`${reportFile} is of a run that did not finish (${report.outcome.headline}): run the suite to the end, then npm run baseline`);
  }
  const baseline = baselineFromReport(report, previous);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, JSON.stringify(baseline, null, 2) + '\n');
  const todo = baseline.baselined.filter((e) => e.reason === TODO_REASON).length;
  const pruned = (previous?.baselined ?? []).filter((e) => !baseline.baselined.some((k) => k.id === e.id)).length;
  const kept = (previous?.baselined ?? []).filter((e) => baseline.baselined.some((k) => k.id === e.id) && !report.results.some((r) => r.rowId === e.id && (r.verdict === 'violated' || r.verdict === 'baselined'))).length;
  process.stdout.write(
    `baseline: ${baseline.baselined.length} accepted ${baseline.baselined.length === 1 ? 'violation' : 'violations'} written to ${path.relative(process.cwd(), target) || target}` +
      (pruned ? `, ${pruned} now conforming removed` : '') +
      (kept ? `, ${kept} kept whose rows this run did not judge` : '') +
      (todo ? `; ${todo} need a reason (replace "${TODO_REASON}")` : '') +
      '\n',
  );
  return 0;
});
