/**
 * reports/summary.md for CI job summaries (GitHub's $GITHUB_STEP_SUMMARY): the verdict, the counts,
 * a table of violations, then deviations, baselined and fixed rows and errors. Short on purpose: the HTML
 * report has the evidence.
 */
import { untestedGroups, untestedText } from './untested.ts';
import { describeOverrides } from '../results/severity.ts';
import type { ConformanceReport, ResultRecord } from '../results/model.ts';
import { CRITERION_LABEL, shortfallText } from '../results/coverage.ts';
import { historyText } from '../results/history.ts';
import { actualOf, errorPlace, expiredEntryTexts, formatDuration, knockOnLine, peerNoteText, primaryEvidence, shownProvenance } from './format.ts';

/** At most this many rows of each list are shown; a last line says how many more the HTML and JSON reports have. */
const MAX_ROWS = 50;

/** The line that says how many rows of a list of `count` were left out, if any were. */
function more(count: number, line: (left: number) => string): string[] {
  return count > MAX_ROWS ? [line(count - MAX_ROWS)] : [];
}

/** The Markdown text of a report. */
export function renderMarkdown(report: ConformanceReport): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`## Dispatch conformance: ${report.outcome.exitCode === 0 ? '✅' : '❌'} ${report.outcome.headline} (exit ${report.outcome.exitCode})`);
  out.push('');
  out.push(
    `Target ${code(report.target.baseUrl || '(none)')}${report.target.embedded ? ' (embedded reference server)' : ''} · seed ${code(String(report.seed))} · ${formatDuration(report.durationMs)} · ${s.requests} requests · ${report.createdJobs.length} jobs created${report.auth ? ` · ${report.auth}` : ''}`,
  );
  out.push('');
  out.push('| Rows | Conform | Violated | Deviations (assumed) | Baselined | Fixed (baselined, conforming) | Untested | Observations | Errors | Retries (429/503) | Transport retries |');
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  out.push(`| ${s.rows} | ${s.conforms} | ${s.violated} | ${s.deviations} | ${s.baselined} | ${s.fixed} | ${s.untested} | ${s.observations} | ${s.errors} | ${s.retries} | ${s.transportRetries ?? 0} |`);
  out.push('');
  if (report.strict) {
    out.push('Strict mode: deviations from assumed conventions are judged as violations.');
    out.push('');
  }
  if (report.rules?.length) {
    out.push(`Rule severities (CONFORMANCE_RULES): ${describeOverrides(report.rules)}.`);
    out.push('');
  }

  if (report.peerNote) {
    // A paragraph, not a table cell: said whole (a cell is cut at 160 characters).
    out.push(`${peerNoteText(report.peerNote).replace(/\r?\n/g, ' ')}.`);
    out.push('');
  }
  const untested = untestedGroups(report.results);
  if (untested.length) {
    out.push('Untested rows, by why (conformance.html lists each):');
    out.push('');
    for (const g of untested) out.push(`- ${cell(untestedText(g))}`);
    out.push('');
  }
  if (report.history) {
    // Its own words begin the sentence ("history: the first run ...", "since the last run ...").
    const text = historyText(report.history);
    out.push(`${text[0]!.toUpperCase()}${text.slice(1)}.`);
    out.push('');
  }
  if (report.coverage) {
    out.push('| Coverage | Covered | % | Threshold |');
    out.push('|---|---:|---:|---|');
    for (const t of report.coverage.totals) out.push(`| ${t.criterion} (${CRITERION_LABEL[t.criterion]}) | ${t.covered}/${t.total} | ${t.percent}% | ${t.min === undefined ? '' : `${t.min}%${report.coverage.shortfalls.some((x) => x.criterion === t.criterion) ? ' ❌ below' : ' met'}`} |`);
    out.push('');
    for (const t of shortfallText(report.coverage)) out.push(`- ❌ ${cell(t)}`);
    if (report.coverage.shortfalls.length) out.push('');
  }
  if (report.latency?.length) {
    out.push('| Operation | Requests answered | p50 ms | p95 ms | max ms |');
    out.push('|---|---:|---:|---:|---:|');
    for (const l of report.latency) out.push(`| ${code(l.operationId)} | ${l.requests} | ${l.p50Ms} | ${l.p95Ms} | ${l.maxMs} |`);
    out.push('');
  }
  const violated = report.results.filter((r) => r.verdict === 'violated');
  if (violated.length > 0) {
    out.push(`### Violations (${violated.length})`);
    out.push('');
    out.push('| Constraint | Provenance | Expected | Actual | Request | X-COREOS-REQUEST-ID |');
    out.push('|---|---|---|---|---|---|');
    for (const r of violated.slice(0, MAX_ROWS)) out.push(violationRow(r));
    out.push(...more(violated.length, (n) => `| … ${n} more in conformance.html | | | | | |`));
    out.push('');
    // Rows a root finding left unjudged, under it (not violations of their own).
    for (const r of violated) {
      const line = knockOnLine(report.results, r.rowId);
      if (line) out.push(`- ${code(r.rowId)}: ${line}`);
    }
    if (violated.some((r) => knockOnLine(report.results, r.rowId))) out.push('');
  }
  const deviating = report.results.filter((r) => r.verdict === 'deviation');
  if (deviating.length > 0) {
    out.push(`### Deviations from assumed conventions (${deviating.length}: reported, they do not fail the run)`);
    out.push('');
    out.push('| Rule | Provenance | Expected | Actual | Request | X-COREOS-REQUEST-ID |');
    out.push('|---|---|---|---|---|---|');
    for (const r of deviating.slice(0, MAX_ROWS)) out.push(violationRow(r));
    out.push(...more(deviating.length, (n) => `| … ${n} more in conformance.html | | | | | |`));
    out.push('');
  }
  const known = report.results.filter((r) => r.verdict === 'baselined');
  if (known.length > 0) {
    out.push(`### Baselined (${known.length} violations the baseline accepts: they do not fail the run)`);
    out.push('');
    out.push('| Constraint | Reason |');
    out.push('|---|---|');
    for (const r of known.slice(0, MAX_ROWS)) out.push(`| ${code(r.rowId)} | ${cell(r.baselineReason ?? '')} |`);
    out.push(...more(known.length, (n) => `| … ${n} more in conformance.html | |`));
    out.push('');
  }
  const expired = expiredEntryTexts(report);
  if (expired.length > 0) {
    out.push(`### Expired baseline entries (${expired.length}): they excuse nothing until given a new date`);
    out.push('');
    for (const t of expired) out.push(`- ${cell(t)}`);
    out.push('');
  }
  const fixed = report.results.filter((r) => r.verdict === 'conforms' && r.baselineReason !== undefined);
  if (fixed.length > 0) {
    out.push(`### Fixed (${fixed.length} baselined rows conform now): remove them from the baseline`);
    out.push('');
    for (const r of fixed) out.push(`- ${code(r.rowId)} now conforms`);
    out.push('');
  }
  if (report.errors.length > 0) {
    out.push(`### Errors (${report.errors.length})`);
    out.push('');
    for (const e of report.errors.slice(0, MAX_ROWS)) out.push(`- ${cell(errorPlace(e))}: ${cell(e.message.split('\n')[0] ?? '')}`);
    out.push(...more(report.errors.length, (n) => `- … ${n} more in conformance.html`));
    out.push('');
  }
  if (report.completed) {
    const done = report.completed.filter((c) => c.after === 'COMPLETED').length;
    out.push(`Jobs created: ${report.createdJobs.length}; \`--complete-created\` left ${done} of ${report.completed.length} COMPLETED.`);
    out.push('');
  }
  out.push('The full report with evidence and replay commands is `conformance.html`, beside this file (in CI, in the report artifact).');
  return out.join('\n') + '\n';
}

function violationRow(r: ResultRecord): string {
  const e = primaryEvidence(r);
  const x = e?.exchange;
  // A state finding: the write that broke the rule, then the read that showed it.
  const writes = e?.writes ?? [];
  const request = [...writes.map((w) => `write ${w.method} ${w.url} → ${w.status}`), ...(x ? [`${writes.length ? 'read ' : ''}${x.method} ${x.url} → ${x.status}`] : [])].join('; ');
  const ids = [...writes.map((w) => `write ${code(w.requestId)}`), ...(x ? [`${writes.length ? 'read ' : ''}${code(x.requestId)}`] : [])].join(', ');
  return `| ${code(r.rowId)} | ${shownProvenance(r) ?? ''}${r.owasp ? ` ${r.owasp}` : ''} | ${cell(e?.expected ?? '')} | ${cell(actualOf(e))} | ${cell(request)} | ${ids} |`;
}

/** Table cell text: one line, pipes escaped, HTML neutralised (GitHub renders inline HTML). */
function cell(s: string): string {
  const t = s.replace(/\r?\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
  return t.length > 160 ? t.slice(0, 157) + '…' : t;
}

/** Inline code that survives backticks in the text. */
function code(s: string): string {
  const t = s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const fence = t.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ' ' : ''}${t}${fence === '``' ? ' ' : ''}${fence}`;
}
