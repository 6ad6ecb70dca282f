/**
 * The CI baseline: constraints known to be violated by the target, each with the reason it is
 * accepted. A baselined violation is reported as `known-deviation` and does not fail the run; a
 * baselined constraint that now conforms is flagged (fixed deviation) so the entry can be removed;
 * any other violation fails the run.
 *
 * File shape: `{"knownDeviations":[{"id":"createJob.jobRef.maxLength","reason":"..."}]}`.
 */
import fs from 'node:fs';
import type { ConformanceReport, ResultRecord } from '../results/model.ts';

export interface BaselineEntry {
  id: string;
  reason: string;
}

export interface Baseline {
  knownDeviations: BaselineEntry[];
}

/** The reason `npm run baseline` writes for a new entry, to be replaced by a person. */
export const TODO_REASON = 'TODO: why this deviation is accepted';

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
  if (!data || typeof data !== 'object' || !Array.isArray((data as Baseline).knownDeviations)) {
    throw new BaselineError(`baseline ${file} must be an object {"knownDeviations":[{"id":"...","reason":"..."}]}`);
  }
  const seen = new Set<string>();
  const entries = (data as Baseline).knownDeviations.map((entry, i) => {
    if (!entry || typeof entry !== 'object' || typeof entry.id !== 'string' || entry.id === '') {
      throw new BaselineError(`baseline ${file}: knownDeviations[${i}] needs an "id" (a constraint or check id)`);
    }
    if (typeof entry.reason !== 'string' || entry.reason.trim() === '') {
      throw new BaselineError(`baseline ${file}: knownDeviations[${i}] (${entry.id}) needs a "reason" saying why the deviation is accepted`);
    }
    if (seen.has(entry.id)) throw new BaselineError(`baseline ${file}: ${entry.id} is listed twice`);
    seen.add(entry.id);
    return { id: entry.id, reason: entry.reason };
  });
  return { knownDeviations: entries };
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

/**
 * Applies a baseline to merged rows: a violated row listed in it becomes `known-deviation`, a listed
 * row that conforms keeps `conforms` and gets the reason too (a fixed deviation). Returns the rows and
 * the baseline ids that match no row (stale entries to remove).
 */
export function applyBaseline(results: ResultRecord[], baseline: Baseline | undefined): { results: ResultRecord[]; unknownIds: string[] } {
  if (!baseline) return { results, unknownIds: [] };
  const reasons = new Map(baseline.knownDeviations.map((e) => [e.id, e.reason]));
  const ids = new Set(results.map((r) => r.rowId));
  const out = results.map((r): ResultRecord => {
    const reason = reasons.get(r.rowId);
    if (reason === undefined) return r;
    if (r.verdict === 'violated' || r.verdict === 'known-deviation') return { ...r, verdict: 'known-deviation', baselineReason: reason };
    if (r.verdict === 'conforms') return { ...r, baselineReason: reason };
    return r;
  });
  return { results: out, unknownIds: baseline.knownDeviations.map((e) => e.id).filter((id) => !ids.has(id)) };
}

/**
 * The baseline that accepts every violation of a report. Reasons already given (in the report's known
 * deviations, or in `previous`, the baseline file being replaced) are kept; new entries get
 * {@link TODO_REASON}. An entry of `previous` goes only when its row conforms in the report (a fixed
 * deviation): a row the run did not judge (a partial run, `--grep`, an interruption, a shard) keeps
 * its entry, since nothing says it is fixed.
 */
export function baselineFromReport(report: ConformanceReport, previous?: Baseline): Baseline {
  const old = new Map((previous?.knownDeviations ?? []).map((e) => [e.id, e.reason]));
  const verdicts = new Map(report.results.map((r) => [r.rowId, r.verdict]));
  const violated = report.results
    .filter((r) => r.verdict === 'violated' || r.verdict === 'known-deviation')
    .map((r) => ({ id: r.rowId, reason: r.baselineReason ?? old.get(r.rowId) ?? TODO_REASON }));
  const unjudged = (previous?.knownDeviations ?? []).filter((e) => !violated.some((v) => v.id === e.id) && verdicts.get(e.id) !== 'conforms');
  return { knownDeviations: [...violated, ...unjudged] };
}

/** Entries whose reason is still the placeholder `npm run baseline` wrote: a run refuses them. */
export function todoEntries(baseline: Baseline): string[] {
  return baseline.knownDeviations.filter((e) => e.reason.trim().startsWith('TODO')).map((e) => e.id);
}
