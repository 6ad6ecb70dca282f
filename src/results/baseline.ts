/**
 * The CI baseline: rows known to be violated by the target, each with the reason it is accepted.
 * The gate (gate.ts) makes a violation it lists `baselined`, which does not fail the run; a row it
 * lists that conforms keeps the reason (fixed: the entry can be removed); any other violation
 * fails the run. Nothing here decides a verdict: it reads, checks and writes the file.
 *
 * File shape: `{"baselined":[{"id":"createJob.jobRef.maxLength","reason":"..."}]}` (a file of an
 * earlier version, `{"knownDeviations":[...]}`, is read the same way).
 */
import fs from 'node:fs';
import type { ConformanceReport, ResultRecord } from './model.ts';

export interface BaselineEntry {
  id: string;
  reason: string;
}

export interface Baseline {
  baselined: BaselineEntry[];
}

/** The reason `npm run baseline` writes for a new entry, to be replaced by a person. */
export const TODO_REASON = 'TODO: why this violation is accepted';

/** A baseline file that cannot be used; the message names the file and what to fix. */
export class BaselineError extends Error {
  override name = 'BaselineError';
}

/** Parses and checks a baseline; `file` is only used in messages. */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`baseline ${file} is not JSON: ${(e as Error).message}`);
  }
  const record = data && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
  const key = record && Array.isArray(record.baselined) ? 'baselined' : record && Array.isArray(record.knownDeviations) ? 'knownDeviations' : undefined;
  if (!key) throw new BaselineError(`baseline ${file} must be an object {"baselined":[{"id":"...","reason":"..."}]}`);
  const seen = new Set<string>();
  const entries = (record![key] as unknown[]).map((item, i) => {
    const entry = item as Partial<BaselineEntry> | undefined;
    if (!entry || typeof entry !== 'object' || typeof entry.id !== 'string' || entry.id === '') {
      throw new BaselineError(`baseline ${file}: ${key}[${i}] needs an "id" (a constraint or check id)`);
    }
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
      throw new BaselineError(`baseline ${file}: ${key}[${i}] (${entry.id}) needs a "reason" saying why the violation is accepted`);
    }
    if (seen.has(entry.id)) throw new BaselineError(`baseline ${file}: ${entry.id} is listed twice`);
    seen.add(entry.id);
    return { id: entry.id, reason: entry.reason };
  });
  return { baselined: entries };
}

/** Reads a baseline file. */
export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new BaselineError(`cannot read baseline ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseBaseline(text, file);
}

/** The baseline as the gate takes it: row id → reason (none: an empty map). */
export function baselineReasons(baseline: Baseline | undefined): Map<string, string> {
  return new Map((baseline?.baselined ?? []).map((e) => [e.id, e.reason]));
}

/** Baseline ids that match no row of a run (stale entries to remove). */
export function unknownBaselineIds(results: readonly ResultRecord[], baseline: Baseline | undefined): string[] {
  const ids = new Set(results.map((r) => r.rowId));
  return (baseline?.baselined ?? []).map((e) => e.id).filter((id) => !ids.has(id));
}

/**
 * The baseline that accepts every violation of a report. Reasons already given (in the report's
 * baselined rows, or in `previous`, the baseline file being replaced) are kept; new entries get
 * {@link TODO_REASON}. An entry of `previous` goes only when its row conforms in the report (it is
 * fixed): a row the run did not judge (a partial run, `--grep`, a shard) keeps its entry, since
 * nothing says it is fixed.
 */
export function baselineFromReport(report: ConformanceReport, previous?: Baseline): Baseline {
  const old = baselineReasons(previous);
  const verdicts = new Map(report.results.map((r) => [r.rowId, r.verdict]));
  const violated = report.results
    .filter((r) => r.verdict === 'violated' || r.verdict === 'baselined')
    .map((r) => ({ id: r.rowId, reason: r.baselineReason ?? old.get(r.rowId) ?? TODO_REASON }));
  const unjudged = (previous?.baselined ?? []).filter((e) => !violated.some((v) => v.id === e.id) && verdicts.get(e.id) !== 'conforms');
  return { baselined: [...violated, ...unjudged] };
}

/** Entries whose reason is still the placeholder `npm run baseline` wrote: a run refuses them. */
export function todoEntries(baseline: Baseline): string[] {
  return baseline.baselined.filter((e) => e.reason.trim().startsWith('TODO')).map((e) => e.id);
}
