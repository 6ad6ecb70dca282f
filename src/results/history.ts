/**
 * The run's history: each finished run appends its summary and row verdicts as one JSON line to a
 * history file (CONFORMANCE_HISTORY; default `<report dir>/history.jsonl`), and the report says,
 * per row, what changed since the last run against the same target: `new` (violated or deviating
 * now, not before), `fixed` (violated or deviating before, conforming now) or `flaky` (at the same
 * seed and target its verdict changed and then went back: the same requests got different
 * answers). One change at the same seed is the target changing, not flakiness. The trend is the
 * counts of the last runs. Nothing here decides a verdict; shards do not append (their merge does),
 * nor do runs that did not finish.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConformanceReport, Verdict } from './model.ts';

/** One run, as its line in the history file. */
export interface HistoryEntry {
  runId: string;
  startedAt: string;
  /** `embedded` for the embedded server (its port changes every run), else the base URL. */
  target: string;
  seed: number;
  headline: string;
  violated: number;
  deviations: number;
  untested: number;
  verdicts: Record<string, Verdict>;
}

export type RowChange = 'new' | 'fixed' | 'flaky';

export interface HistoryReport {
  /** The file read and appended to. */
  file: string;
  /** Why this run could not be appended, when it could not. */
  unwritten?: string;
  /** The last earlier run against the same target, when there is one. */
  previous?: { runId: string; startedAt: string; seed: number };
  changes: { rowId: string; change: RowChange; was?: Verdict; now: Verdict }[];
  /** This run and the ones before it against the same target, oldest first (at most TREND_RUNS). */
  trend: { runId: string; startedAt: string; violated: number; deviations: number; untested: number }[];
}

/** Runs the trend shows. */
export const TREND_RUNS = 20;
/** Runs the file keeps (older lines are dropped when a run appends). */
export const KEPT_RUNS = 200;

const FINDING: readonly Verdict[] = ['violated', 'deviation'];

/** Where the history goes: CONFORMANCE_HISTORY, else history.jsonl in the report folder; `off`: nowhere. */
export function historyFile(reportDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env.CONFORMANCE_HISTORY?.trim();
  if (v && /^(off|false|no|0)$/i.test(v)) return undefined;
  return path.resolve(v || path.join(reportDir, 'history.jsonl'));
}

export function entryOf(report: ConformanceReport): HistoryEntry {
  const s = report.summary;
  return {
    runId: report.runId,
    startedAt: report.startedAt,
    target: report.target.embedded ? 'embedded' : report.target.baseUrl,
    seed: report.seed,
    headline: report.outcome.headline,
    violated: s.violated,
    deviations: s.deviations,
    untested: s.untested,
    verdicts: Object.fromEntries(report.results.map((r) => [r.rowId, r.verdict])),
  };
}

/** The entries of a history file; lines that cannot be read are skipped (a file cut by a crash loses one run, not all). */
export function readHistory(file: string): HistoryEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: HistoryEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as HistoryEntry;
      if (e && typeof e.runId === 'string' && e.verdicts && typeof e.verdicts === 'object') out.push(e);
    } catch {
      // skipped
    }
  }
  return out;
}

/** Whether a run's entry belongs in the history: a whole run that finished (not a shard, not interrupted or stopped). */
export function recordable(report: ConformanceReport): boolean {
  return !report.shard && (report.outcome.headline === 'PASS' || report.outcome.headline === 'FAIL');
}

/** What changed since the earlier runs against the same target. */
export function historyOf(file: string, earlier: readonly HistoryEntry[], report: ConformanceReport): HistoryReport {
  const now = entryOf(report);
  const same = earlier.filter((e) => e.target === now.target && e.runId !== now.runId);
  const previous = same[same.length - 1];
  const atSeed = [...same.filter((e) => e.seed === now.seed), now];
  const changes: HistoryReport['changes'] = [];
  for (const [rowId, verdict] of Object.entries(now.verdicts)) {
    if (flipFlops(atSeed.map((e) => e.verdicts[rowId]))) {
      changes.push({ rowId, change: 'flaky', ...(previous?.verdicts[rowId] ? { was: previous.verdicts[rowId] } : {}), now: verdict });
      continue;
    }
    if (!previous) continue;
    const was = previous.verdicts[rowId];
    const found = FINDING.includes(verdict);
    const wasFound = was !== undefined && (FINDING.includes(was) || was === 'baselined');
    if (found && !wasFound && was !== undefined) changes.push({ rowId, change: 'new', was, now: verdict });
    else if (found && was === undefined) changes.push({ rowId, change: 'new', now: verdict });
    else if (wasFound && verdict === 'conforms') changes.push({ rowId, change: 'fixed', was, now: verdict });
  }
  const trend = [...same, now].slice(-TREND_RUNS).map((e) => ({ runId: e.runId, startedAt: e.startedAt, violated: e.violated, deviations: e.deviations, untested: e.untested }));
  return { file, ...(previous ? { previous: { runId: previous.runId, startedAt: previous.startedAt, seed: previous.seed } } : {}), changes, trend };
}

/** A verdict that changed and later came back to an earlier value (runs a row was absent from are skipped). */
function flipFlops(seq: readonly (Verdict | undefined)[]): boolean {
  const v = seq.filter((x): x is Verdict => x !== undefined);
  const runs = v.filter((x, i) => i === 0 || x !== v[i - 1]);
  return new Set(runs).size < runs.length;
}

/** Appends the run's entry, keeping the last KEPT_RUNS. */
export function appendHistory(file: string, earlier: readonly HistoryEntry[], report: ConformanceReport): void {
  const kept = [...earlier.filter((e) => e.runId !== report.runId), entryOf(report)].slice(-KEPT_RUNS);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, kept.map((e) => JSON.stringify(e)).join('\n') + '\n');
}

/** The history in one line for the console. */
export function historyText(h: HistoryReport): string {
  const count = (c: RowChange) => h.changes.filter((x) => x.change === c).length;
  const unwritten = h.unwritten ? `; ${h.unwritten}` : '';
  if (!h.previous && count('flaky') === 0) return `history: the first run against this target in ${h.file}${unwritten}`;
  const named = (c: RowChange) => h.changes.filter((x) => x.change === c).slice(0, 3).map((x) => x.rowId);
  const part = (c: RowChange) => `${count(c)} ${c}${count(c) ? ` (${named(c).join(', ')}${count(c) > 3 ? ', ...' : ''})` : ''}`;
  return `since the last run${h.previous ? ` (${h.previous.startedAt})` : ''}: ${part('new')}, ${part('fixed')}, ${part('flaky')}${unwritten}`;
}
