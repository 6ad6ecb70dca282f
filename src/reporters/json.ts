/** reports/conformance.json: the ConformanceReport itself, for machines (baseline, merge, dashboards). */
import { REPORT_VERSION, type ConformanceReport } from '../results/model.ts';

/** The JSON text of a report (two-space indented, newline-terminated). */
export function renderJson(report: ConformanceReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** Reads a report back, checking just enough to merge or baseline it; `file` is for messages. */
export function parseReport(text: string, file: string): ConformanceReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not JSON: ${(e as Error).message}`);
  }
  const r = data as ConformanceReport;
  if (r && typeof r === 'object' && typeof r.version === 'number' && r.version < REPORT_VERSION) {
    throw new Error(`${file} is a conformance report of version ${r.version}, written by an earlier dispatch-conformance: run the suite again to write one of version ${REPORT_VERSION}`);
  }
  if (!r || typeof r !== 'object' || r.version !== REPORT_VERSION || !Array.isArray(r.results) || !r.summary || !r.outcome) {
    throw new Error(`${file} is not a conformance report (version ${REPORT_VERSION} with summary, outcome and results)`);
  }
  return r;
}
