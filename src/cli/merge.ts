/**
 * Merges the reports of a sharded run: `npm run merge-reports -- <dir> <dir> ...` (each holding one
 * shard's conformance.json, or the file itself) writes conformance.json, conformance.html,
 * junit.xml, summary.md and, when the shards have theirs, one exchanges.har to `reports/`
 * (`--out <dir>`, or CONFORMANCE_REPORT_DIR), the same as a single run would have. The baseline is
 * CONFORMANCE_BASELINE (or `--baseline <file>`); without one, the reasons the shards carried are
 * re-applied. Exits with the merged run's outcome, as a single run would (src/results/gate.ts
 * runOutcome: 1 on a violation not in the baseline or an error, 3 when a shard's target stopped
 * answering, 130 when one was interrupted).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConformanceReport } from '../results/model.ts';
import { BaselineError, baselineReasons, expiredEntries, loadBaseline } from '../results/baseline.ts';
import type { ExpiredBaselineEntry } from '../results/model.ts';
import { samplesOfHar } from '../results/samples.ts';
import { coverageThresholdsOfEnv, type CoverageThreshold } from '../results/coverage.ts';
import { loadCatalogue, loadCoveragePlan } from '../reporters/catalogue.ts';
import { parseReport } from '../reporters/json.ts';
import { mergeReports } from '../results/merge.ts';
import { recordHistory, REPORT_FILES, resolveReportDir, writeReports } from '../reporters/write.ts';
import { mergeHars } from '../reporters/har.ts';
import { runCli, UserError } from './run-cli.ts';
import { ruleOverridesOfEnv } from '../results/severity.ts';

const USAGE = 'usage: npm run merge-reports -- <shard dir or conformance.json>... [--out <dir>] [--baseline <file>]';

runCli(() => {
  const args = process.argv.slice(2);
  let out: string | undefined;
  let baselineFile = process.env.CONFORMANCE_BASELINE || undefined;
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (name: string) => {
      if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
      const v = args[++i];
      if (!v) throw new UserError(`${name} needs a value; ${USAGE}`);
      return v;
    };
    if (a === '--out' || a.startsWith('--out=')) out = value('--out');
    else if (a === '--baseline' || a.startsWith('--baseline=')) baselineFile = value('--baseline');
    else if (a === '-h' || a === '--help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    } else if (a.startsWith('-')) throw new UserError(`unknown option ${a}; ${USAGE}`);
    else inputs.push(a);
  }
  if (inputs.length === 0) throw new UserError(`no shard report given; ${USAGE}`);

  // Each shard's folder, and its conformance.json (a path to the file names its folder too).
  const shards = inputs.map((input) => {
    const p = path.resolve(input);
    return p.endsWith('.json') ? { dir: path.dirname(p), file: p } : { dir: p, file: path.join(p, REPORT_FILES.json) };
  });
  const reports: ConformanceReport[] = shards.map(({ file }) => {
    if (!fs.existsSync(file)) throw new UserError(`no shard report at ${file}`);
    try {
      return parseReport(fs.readFileSync(file, 'utf8'), file);
    } catch (e) {
      throw new UserError((e as Error).message);
    }
  });

  checkShardSet(reports, inputs);

  let baseline: Map<string, string>;
  let expired: ExpiredBaselineEntry[] | undefined;
  if (baselineFile) {
    try {
      const file = loadBaseline(path.resolve(baselineFile));
      baseline = baselineReasons(file);
      expired = expiredEntries(file);
    } catch (e) {
      if (e instanceof BaselineError) throw new UserError(e.message);
      throw e;
    }
  } else {
    // The shards applied a baseline already: its reasons travel in their rows.
    baseline = new Map();
    for (const r of reports.flatMap((rep) => rep.results)) if (r.baselineReason !== undefined) baseline.set(r.rowId, r.baselineReason);
  }

  // The shards' exchanges.har files, when they have them, merge into one in start-time order.
  const hars = shards
    .map(({ dir }) => path.join(dir, REPORT_FILES.har))
    .filter((file) => fs.existsSync(file))
    .map((file) => {
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      } catch (e) {
        throw new UserError(`${file} is not JSON: ${(e as Error).message}`);
      }
    });
  const har = hars.length ? mergeHars(hars, reports[reports.length - 1]!.tool) : undefined;
  // Response times and coverage come from the exchanges: all of them when every shard kept its
  // HAR, else neither (a shard's figures do not add up to the run's).
  const samples = har && hars.length === shards.length ? samplesOfHar(har) : undefined;
  // CONFORMANCE_RULES (and CONFORMANCE_MIN_COVERAGE) given to the merge win; else the severities the shards ran with apply.
  const merged = mergeReports(reports, loadCatalogue(), {
    baseline,
    ...(expired ? { expiredBaseline: expired } : {}),
    ...(process.env.CONFORMANCE_RULES ? { rules: ruleOverridesOfEnv() } : {}),
    ...(samples ? { exchanges: { samples, plan: loadCoveragePlan(), thresholds: process.env.CONFORMANCE_MIN_COVERAGE ? coverageThresholdsOfEnv() : shardThresholds(reports) } } : {}),
  });
  const dir = resolveReportDir(out);
  // The merged run is the one the history records (its shards did not).
  const files = writeReports(dir, recordHistory(dir, merged), har ? { har } : undefined);
  const s = merged.summary;
  process.stdout.write(
    `merge-reports: ${reports.length} shards: ${merged.outcome.headline} (exit ${merged.outcome.exitCode}): ${s.violated} violated, ${s.deviations} deviations, ${s.conforms} conform, ${s.baselined} baselined, ${s.fixed} fixed, ${s.untested} untested, ${s.observations} observations, ${s.errors} errors\n` +
      `merge-reports: ${files.map((f) => path.relative(process.cwd(), f) || f).join(', ')}\n`,
  );
  return merged.outcome.exitCode;
});

/**
 * The shards must make one run: each says which shard of how many it is, all of one seed and one
 * total, each shard once, none missing. Anything else is one line that names the shard.
 */
function checkShardSet(reports: ConformanceReport[], inputs: string[]): void {
  const named = reports.map((r, i) => ({ r, input: inputs[i]! }));
  // One whole run alone is fine (merging it re-applies a baseline); a whole run among others is not.
  if (named.length === 1 && !named[0]!.r.shard) return;
  const whole = named.find((x) => !x.r.shard);
  if (whole) throw new UserError(`${whole.input} is not a shard (no --shard=I/N in its run): merge the shards of one run`);
  const { total } = named[0]!.r.shard!;
  const seed = named.find((x) => x.r.seed !== 0)?.r.seed ?? 0;
  for (const { r, input } of named) {
    if (r.shard!.total !== total) throw new UserError(`${input} is shard ${r.shard!.current}/${r.shard!.total} of another run: ${named[0]!.input} is of ${total} shards`);
    // A shard in which no test gave run facts shows seed 0: unknown, not another seed.
    if (r.seed !== seed && r.seed !== 0 && seed !== 0) throw new UserError(`${input} is from another run: seed ${r.seed}, where the others have seed ${seed}`);
  }
  const seen = new Map<number, string>();
  for (const { r, input } of named) {
    const again = seen.get(r.shard!.current);
    if (again !== undefined) throw new UserError(`shard ${r.shard!.current}/${total} is given twice: ${again} and ${input}`);
    seen.set(r.shard!.current, input);
  }
  const missing = Array.from({ length: total }, (_, k) => k + 1).filter((k) => !seen.has(k));
  if (missing.length) throw new UserError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${total}`).join(', ')} missing: a merge needs every shard of the run`);
}

/** The coverage thresholds the shards ran with (each shard's totals carry them). */
function shardThresholds(reports: ConformanceReport[]): CoverageThreshold[] {
  const totals = reports.find((r) => r.coverage)?.coverage?.totals ?? [];
  return totals.flatMap((t) => (t.min !== undefined ? [{ criterion: t.criterion, min: t.min }] : []));
}
