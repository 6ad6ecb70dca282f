/**
 * Why rows went untested, grouped by their first reason's code, for the console and summary.md
 * (the HTML and conformance.json list every row's reasons): what a person can set or fix to have
 * them judged (`no-peer`, `not-configured`, `budget`, ...), each with the first row's sentence.
 */
import type { ReasonCode, ResultRecord } from '../results/model.ts';

export interface UntestedGroup {
  code: ReasonCode | 'no-reason';
  rows: string[];
  /** The first row's reason, as it says it. */
  text: string;
}

export function untestedGroups(results: readonly ResultRecord[]): UntestedGroup[] {
  const groups = new Map<string, UntestedGroup>();
  for (const r of results.filter((x) => x.verdict === 'untested')) {
    const reason = r.reasons?.[0];
    const code = reason?.code ?? 'no-reason';
    const g = groups.get(code) ?? { code, rows: [], text: reason ? `${r.rowId}: ${reason.text}` : r.rowId };
    g.rows.push(r.rowId);
    groups.set(code, g);
  }
  return [...groups.values()].sort((a, b) => b.rows.length - a.rows.length);
}

/** A group in one line: how many, the code, the first rows, the first row's reason. */
export function untestedText(g: UntestedGroup): string {
  const named = `${g.rows.slice(0, 3).join(', ')}${g.rows.length > 3 ? `, … (${g.rows.length} in all)` : ''}`;
  return `${g.rows.length} untested (${g.code}): ${named}; first: ${g.text}`;
}
