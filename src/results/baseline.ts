/**
 * The CI baseline: rows known to be violated by the target, each with the reason it is accepted.
 * The gate (gate.ts) makes a violation it lists `baselined`, which does not fail the run; a row it
 * lists that conforms keeps the reason (fixed: the entry can be removed); any other violation
 * fails the run. Nothing here decides a verdict: it reads, checks and writes the file.
 *
 * File shape: `{"baselined":[{"id":"createJob.jobRef.maxLength","reason":"...","owner":"team-x","expires":"2027-03-31"}]}`
 * (owner and expires optional; a file of an earlier version, `{"knownDeviations":[...]}`, is read
 * the same way). An entry past its expiry date (UTC) no longer excuses its row, and the report
 * lists it with its owner.
 */
import fs from 'node:fs';
import type { ConformanceReport, ResultRecord } from './model.ts';

export interface BaselineEntry {
  id: string;
  reason: string;
  /** Who answers for the entry (a team, a person). */
  owner?: string;
  /** The last day (YYYY-MM-DD, UTC) the entry excuses its row; after it the row fails again. */
  expires?: string;
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
    if (entry.owner !== undefined && (typeof entry.owner !== 'string' || entry.owner.trim() === '')) {
      throw new BaselineError(`baseline ${file}: ${key}[${i}] (${entry.id}) has an "owner" that is not a name; give one, or leave it out`);
    }
    if (entry.expires !== undefined && !isDate(entry.expires)) {
      throw new BaselineError(`baseline ${file}: ${key}[${i}] (${entry.id}) "expires" must be a date YYYY-MM-DD (the last day it excuses its row), not ${JSON.stringify(entry.expires)}`);
    }
    return { id: entry.id, reason: entry.reason, ...(entry.owner !== undefined ? { owner: entry.owner } : {}), ...(entry.expires !== undefined ? { expires: entry.expires } : {}) };
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

/** A calendar date YYYY-MM-DD that exists (not 2027-02-30). */
function isDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Today in UTC (YYYY-MM-DD): the day an entry's expiry is read against. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Entries past their last day: they excuse nothing, and the report lists them. */
export function expiredEntries(baseline: Baseline | undefined, today = todayUtc()): (BaselineEntry & { expires: string })[] {
  return (baseline?.baselined ?? []).filter((e): e is BaselineEntry & { expires: string } => e.expires !== undefined && e.expires < today);
}

/** The baseline as the gate takes it: row id → reason, for the entries not expired (none: an empty map). */
export function baselineReasons(baseline: Baseline | undefined, today = todayUtc()): Map<string, string> {
  const expired = new Set(expiredEntries(baseline, today).map((e) => e.id));
  return new Map((baseline?.baselined ?? []).filter((e) => !expired.has(e.id)).map((e) => [e.id, e.reason]));
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
  // Every earlier entry, expired ones included: its reason, owner and expiry stay (an expired one
  // stays expired until a person gives it a new date).
  const old = new Map((previous?.baselined ?? []).map((e) => [e.id, e]));
  const verdicts = new Map(report.results.map((r) => [r.rowId, r.verdict]));
  const violated = report.results
    .filter((r) => r.verdict === 'violated' || r.verdict === 'baselined')
    .map((r): BaselineEntry => {
      const was = old.get(r.rowId);
      return { id: r.rowId, reason: r.baselineReason ?? was?.reason ?? TODO_REASON, ...(was?.owner !== undefined ? { owner: was.owner } : {}), ...(was?.expires !== undefined ? { expires: was.expires } : {}) };
    });
  const unjudged = (previous?.baselined ?? []).filter((e) => !violated.some((v) => v.id === e.id) && verdicts.get(e.id) !== 'conforms');
  return { baselined: [...violated, ...unjudged] };
}

/** Entries whose reason is still the placeholder `npm run baseline` wrote: a run refuses them. */
export function todoEntries(baseline: Baseline): string[] {
  return baseline.baselined.filter((e) => e.reason.trim().startsWith('TODO')).map((e) => e.id);
}
