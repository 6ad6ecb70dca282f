/**
 * reports/junit.xml for CI test tabs: one testsuite per operation, one testcase per result row;
 * `violated` is a failure, `untested` is skipped, a baselined row is skipped with its reason,
 * observations and fixed rows (baselined, conforming now) pass with a note in system-out. A testcase's time is its row's
 * share of the time of the tests that reported it (by requests); a testsuite's, the sum of its rows'.
 */
import type { ConformanceReport, Exchange, ResultRecord } from '../results/model.ts';
import { actualOf, errorPlace, formatBody, formatLimit, knockOnLine, primaryEvidence, shownProvenance } from './format.ts';

/** The JUnit XML text of a report. */
export function renderJunit(report: ConformanceReport): string {
  const byOp = new Map<string, ResultRecord[]>();
  for (const r of report.results) {
    const op = r.operationId || 'run';
    byOp.set(op, [...(byOp.get(op) ?? []), r]);
  }
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const s = report.summary;
  out.push(
    `<testsuites name="dispatch-conformance" tests="${report.results.length}" failures="${s.violated}" skipped="${s.untested + s.baselined}" errors="${report.errors.length}" time="${seconds(report.durationMs)}" timestamp="${attr(report.startedAt)}">`,
  );
  for (const [op, rows] of byOp) {
    const failures = rows.filter((r) => r.verdict === 'violated').length;
    const skipped = rows.filter((r) => r.verdict === 'untested' || r.verdict === 'baselined').length;
    out.push(`  <testsuite name="${attr(op)}" tests="${rows.length}" failures="${failures}" skipped="${skipped}" errors="0" time="${seconds(rows.reduce((t, r) => t + (r.durationMs ?? 0), 0))}" timestamp="${attr(report.startedAt)}">`);
    for (const r of rows) out.push(...testcase(op, r, knockOnLine(report.results, r.rowId)));
    out.push('  </testsuite>');
  }
  if (report.errors.length > 0) {
    out.push(`  <testsuite name="errors" tests="${report.errors.length}" failures="0" skipped="0" errors="${report.errors.length}" time="0">`);
    for (const e of report.errors) {
      out.push(`    <testcase classname="dispatch.errors.${attr(e.kind)}" name="${attr(errorPlace(e))}" time="0">`);
      out.push(`      <error message="${attr(firstLine(e.message))}">${text(e.message)}</error>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/** `knockOn`: the line naming the rows this row's finding left unjudged, if any. */
function testcase(op: string, r: ResultRecord, knockOn?: string): string[] {
  const open = `    <testcase classname="dispatch.${attr(op)}" name="${attr(r.rowId)}" time="${seconds(r.durationMs ?? 0)}">`;
  // Where the rule comes from, as a testcase property (CI test tabs show them).
  const provenance = shownProvenance(r);
  const properties = provenance ? [`      <properties><property name="provenance" value="${attr(provenance)}"/>${r.owasp ? `<property name="owasp" value="${attr(r.owasp)}"/>` : ''}</properties>`] : [];
  const head = [open, ...properties].join('\n');
  const e = primaryEvidence(r);
  switch (r.verdict) {
    case 'violated': {
      const message = `${r.title}: expected ${e?.expected ?? 'conformance'}, ${actualOf(e) || 'got a violation'}`;
      return [head, `      <failure type="violated" message="${attr(message)}">${text(details(r) + (knockOn ? `\n${knockOn}` : ''))}</failure>`, '    </testcase>'];
    }
    case 'untested':
      return [head, `      <skipped message="${attr(`untested: ${r.title}${r.reasons?.length ? ` (${r.reasons.map((x) => x.text).join('; ')})` : ''}`)}"/>`, '    </testcase>'];
    case 'baselined':
      return [head, `      <skipped message="${attr(`baselined (a violation the baseline accepts): ${r.baselineReason ?? ''}`)}"/>`, `      <system-out>${text(details(r))}</system-out>`, '    </testcase>'];
    case 'deviation':
      return [head, `      <system-out>${text(`deviation from an assumed convention (reported, not failing the run): ${details(r)}`)}</system-out>`, '    </testcase>'];
    case 'observation':
      return [head, `      <system-out>${text(`observation: ${details(r)}`)}</system-out>`, '    </testcase>'];
    default:
      if (r.baselineReason !== undefined) {
        return [head, `      <system-out>${text(`fixed: ${r.rowId} is in the baseline and now conforms; remove it from the baseline (reason was: ${r.baselineReason})`)}</system-out>`, '    </testcase>'];
      }
      return properties.length ? [head, '    </testcase>'] : [open.replace(/>$/, '/>')];
  }
}

/** A plain-text account of a row and its evidence, for failure bodies. */
function details(r: ResultRecord): string {
  const lines: string[] = [`${r.rowId} (${r.title})`];
  if (r.path) lines.push(`field: ${r.path}${r.keyword ? `  keyword: ${r.keyword}` : ''}${r.limit !== undefined ? `  limit: ${formatLimit(r.limit)}` : ''}`);
  if (r.source) lines.push(`${r.provenance ?? 'documented'}: ${r.source}`);
  for (const e of r.evidence) {
    lines.push('');
    lines.push(`expected: ${e.expected}`);
    if (actualOf(e)) lines.push(`actual: ${actualOf(e)}`);
    if (e.caseDescription) lines.push(`case: ${e.caseDescription}`);
    const exchange = (x: Exchange, label: string) => {
      lines.push(`${label}: ${x.method} ${x.url}`);
      if (x.requestBody !== undefined) lines.push(`body: ${formatBody(x.requestBody)}`);
      lines.push(`response: ${x.status} ${x.responseExcerpt}`);
      lines.push(`X-COREOS-REQUEST-ID: ${x.requestId}`);
      lines.push(`curl: ${x.curl}`);
    };
    for (const w of e.writes ?? []) exchange(w, 'write');
    if (e.exchange) exchange(e.exchange, e.writes?.length ? 'read' : 'request');
    if (e.replay) lines.push(`replay: ${e.replay}`);
    else if (e.seed !== undefined) lines.push(`seed: ${e.seed}${e.path ? ` path: ${e.path}` : ''}`);
    for (const n of e.notes ?? []) lines.push(`note: ${n}`);
  }
  for (const reason of r.reasons ?? []) lines.push(`note: ${reason.text}`);
  return lines.join('\n');
}

/** Characters XML 1.0 cannot carry at all (even escaped) are dropped. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function text(s: string): string {
  return clean(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** JUnit's time attribute: seconds with milliseconds. */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? '';
}
