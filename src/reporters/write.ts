/**
 * Writes every report file of a run into one folder: conformance.json, conformance.html,
 * junit.xml, summary.md, the evidence's request bodies (bodies/, which their curls send) and, when
 * the exchanges are known, exchanges.har (Playwright's own HTML report goes to `html/` by its own
 * reporter).
 * Every file's text is masked once more just before it is written.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConformanceReport } from '../results/model.ts';
import { asMutationSummary, renderHtml, type MutationSummary } from './html.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';
import { knownSecrets, maskDeep, maskText } from '../results/mask.ts';
import { placeBodies, writeBodies } from './bodies.ts';
import { appendHistory, historyFile, historyOf, readHistory, recordable } from '../results/history.ts';
import { buildHar, HAR_FILE, harEntries, harLinks, type Har, type TestExchange } from './har.ts';

/** The files written, by name. */
export const REPORT_FILES = {
  json: 'conformance.json',
  html: 'conformance.html',
  junit: 'junit.xml',
  markdown: 'summary.md',
  mutation: 'mutation.json',
  har: HAR_FILE,
} as const;

/** Where the reports go: `CONFORMANCE_REPORT_DIR` wins over the given folder, which defaults to `reports`. */
export function resolveReportDir(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.CONFORMANCE_REPORT_DIR || option || 'reports');
}

/**
 * Reads `<dir>/mutation.json` when there is a usable one for `report`'s run: a mutation run
 * names the run whose report it was shown with (its `runId`); one of another run is not shown.
 */
export function readMutation(dir: string, report: ConformanceReport): MutationSummary | undefined {
  const data = readJson(path.join(dir, REPORT_FILES.mutation)) as { runId?: unknown } | undefined;
  return data?.runId === report.runId ? asMutationSummary(data) : undefined;
}

/**
 * Reads `<dir>/exchanges.har` when it is the HAR of `report`'s run (its `_runId`). One of another
 * run (a merge written over an earlier run's folder) would link rows to exchanges they never
 * had: it is not read.
 */
export function readHar(dir: string, report: ConformanceReport): Har | undefined {
  const har = readJson(path.join(dir, REPORT_FILES.har)) as Har | undefined;
  return har?.log?._runId === report.runId && harEntries(har).length > 0 ? har : undefined;
}

/** A JSON file's value; undefined when it is missing or not JSON. */
function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** What the HAR file is written from: a run's exchanges, or (merging shards) a HAR already built. */
export type HarSource = { exchanges: TestExchange[] } | { har: Har };

/**
 * Masks the report, then writes the files (exchanges.har when `har` is given); returns their paths.
 * Without `har` (a report written again: --complete-created, a mutation run), the HTML links to the
 * exchanges.har already in `dir`, as it shows the mutation.json there.
 */
export function writeReports(dir: string, report: ConformanceReport, har?: HarSource): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const secrets = knownSecrets();
  const masked = placeBodies(maskDeep(report, secrets), dir);
  writeBodies(dir, masked);
  const mutation = readMutation(dir, report);
  const built = har ? ('har' in har ? har.har : buildHar(har.exchanges, report.tool)) : undefined;
  const archive = built ? maskDeep({ ...built, log: { ...built.log, _runId: report.runId } }, secrets) : undefined;
  const linked = archive ?? readHar(dir, report);
  const files: [string, string][] = [
    [REPORT_FILES.json, renderJson(masked)],
    [REPORT_FILES.html, renderHtml(masked, mutation ? maskDeep(mutation, secrets) : undefined, linked ? harLinks(linked, HAR_FILE) : undefined)],
    [REPORT_FILES.junit, renderJunit(masked)],
    [REPORT_FILES.markdown, renderMarkdown(masked)],
    ...(archive ? [[REPORT_FILES.har, JSON.stringify(archive) + '\n'] as [string, string]] : []),
  ];
  return files.map(([name, text]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, maskText(text, secrets));
    return file;
  });
}

/**
 * The run's history (src/results/history.ts): what changed since the earlier runs in the history
 * file, on the report; and the run's own line appended (secrets masked), for a whole run that
 * finished. A history file that cannot be written is said on the history (the run's outcome,
 * decided already, stands), not a crash.
 */
export function recordHistory(dir: string, report: ConformanceReport): ConformanceReport {
  const file = historyFile(dir);
  if (!file || !recordable(report)) return report;
  const earlier = readHistory(file);
  const withHistory = { ...report, history: historyOf(file, earlier, report) };
  try {
    appendHistory(file, earlier, maskDeep(report, knownSecrets()));
    return withHistory;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return { ...withHistory, history: { ...withHistory.history, unwritten: `the history file ${file} cannot be written (${code}): this run is not in it; set CONFORMANCE_HISTORY to a writable path, or to off` } };
  }
}
