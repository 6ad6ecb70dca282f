/**
 * Small shared wording of the reports, so that HTML, JUnit and Markdown say the same things. What
 * a row's verdict is, and what the run comes to, they read from the report (the gate decided both).
 */
import type { ConformanceReport, Evidence, Provenance, ResultRecord, RunError, Verdict } from '../results/model.ts';

export const VERDICT_LABEL: Record<Verdict, string> = {
  conforms: 'conforms',
  violated: 'violated',
  deviation: 'deviation',
  untested: 'untested',
  observation: 'observation',
  baselined: 'baselined',
};

/**
 * The provenance to show with a row: that of the firmest rule it broke (a row of mixed parts, such
 * as an envelope, shows the part that broke), else the rule's own.
 */
export function shownProvenance(r: Pick<ResultRecord, 'facts' | 'provenance'>): Provenance | undefined {
  const own = r.facts.findings.filter((f) => f.rule === undefined && f.count > 0).map((f) => f.provenance);
  return own.find((p) => p !== 'assumed') ?? own[0] ?? r.provenance;
}

/** Where an error happened, for people: its test, or the run, its baseline, its target. */
export function errorPlace(e: RunError): string {
  return e.test ?? { run: 'the run', baseline: 'the baseline', target: 'the target', test: 'a test' }[e.kind];
}

/** The evidence to show first: the minimal failing case when there is one. */
export function primaryEvidence(r: ResultRecord): Evidence | undefined {
  return r.evidence.find((e) => e.exchange) ?? r.evidence[0];
}

/** `1 m 05 s`, `4.2 s`, `310 ms`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m} m ${String(s).padStart(2, '0')} s`;
}

/** A limit as the reports print it. */
export function formatLimit(limit: unknown): string {
  if (limit === undefined) return '';
  return typeof limit === 'string' ? limit : JSON.stringify(limit);
}

/** A request body as the reports print it. */
export function formatBody(body: unknown): string {
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  return JSON.stringify(body, null, 2);
}

/** What the target did, in one line. */
export function actualOf(e: Evidence | undefined): string {
  if (!e) return '';
  if (e.actual) return e.actual;
  if (e.exchange) return `answered ${e.exchange.status}`;
  return '';
}

/** `0, 1 and last`. */
function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Where in its array a constraint was checked, in one phrase: `checked at positions 0, 1 and last`,
 * or by direction when they differ (`rejected at positions 0, 1 and last; accepted at position 0`).
 * Empty for a row outside arrays.
 */
export function formatPositions(r: ResultRecord): string {
  const p = r.positions;
  if (!p || (p.accept.length === 0 && p.reject.length === 0)) return '';
  const at = (items: string[]) => `${items.length === 1 ? 'position' : 'positions'} ${listed(items)}`;
  if (p.accept.length === 0 || p.reject.length === 0 || p.accept.join() === p.reject.join()) return `checked at ${at([...new Set([...p.reject, ...p.accept])])}`;
  return `rejected at ${at(p.reject)}; accepted at ${at(p.accept)}`;
}

/**
 * The rows not judged because of a root finding on `rootId` (their `knock-on` reasons name it):
 * shown under the root in every report, not as violations of their own.
 */
export function knockOnsOf(results: readonly ResultRecord[], rootId: string): string[] {
  return results.filter((r) => r.reasons?.some((x) => x.code === 'knock-on' && x.root === rootId)).map((r) => r.rowId);
}

/** The peer's note (why it had no job of its own) and what that means for its rows: the console's lines and summary.md say it alike. */
export function peerNoteText(note: string): string {
  return `Peer: ${note}; its tenant-isolation rows count its refusals on an id that names nothing, as each row's note says`;
}

/** One line naming a root finding's knock-on rows, or undefined when it has none. */
export function knockOnLine(results: readonly ResultRecord[], rootId: string): string | undefined {
  const rows = knockOnsOf(results, rootId);
  return rows.length ? `knock-on: ${rows.length} ${rows.length === 1 ? 'row' : 'rows'} not judged for this cause (${rows.join(', ')})` : undefined;
}

/** What each expired baseline entry came to: its row is judged as if it were not listed. */
export function expiredEntryTexts(report: Pick<ConformanceReport, 'expiredBaseline' | 'results'>): string[] {
  return (report.expiredBaseline ?? []).map((e) => {
    const row = report.results.find((r) => r.rowId === e.id);
    const now = row ? `its row is ${row.verdict} now` : 'it matches no row of this run';
    return `baseline entry ${e.id} expired on ${e.expires}${e.owner ? ` (owner ${e.owner})` : ''}: it no longer excuses its row; ${now}`;
  });
}

/** The response times in one line: `createJob 2.1/6.3/40 ms (412)`, p50/p95/max per operation. */
export function latencyText(report: Pick<ConformanceReport, 'latency'>): string | undefined {
  if (!report.latency?.length) return undefined;
  return `response times p50/p95/max: ${report.latency.map((l) => `${l.operationId} ${l.p50Ms}/${l.p95Ms}/${l.maxMs} ms (${l.requests})`).join(', ')}`;
}
