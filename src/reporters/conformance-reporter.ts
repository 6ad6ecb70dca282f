/**
 * The conformance reporter (a Playwright Test reporter). It collects, in onTestEnd, the ResultRecords,
 * RunFacts and exchanges each of the suite's tests attaches as one TEST_ATTACHMENT (a test may also
 * attach records and facts apart, as RESULT_ATTACHMENT and RUN_ATTACHMENT), and writes in onEnd
 * reports/conformance.{json,html}, junit.xml, summary.md and exchanges.har.
 *
 * In playwright.config.ts (list it before Playwright's `html` reporter, which then sees masked attachments):
 *
 *   ['./src/reporters/conformance-reporter.ts', { outputDir: 'reports', projects: ['conformance'] }]
 *
 * Options: `outputDir` (default `reports`; env CONFORMANCE_REPORT_DIR wins), `projects` (only tests of
 * these projects count; default all; a run with none of them writes nothing, so `npm test` leaves the
 * last conformance report alone), `baseline` (env CONFORMANCE_BASELINE wins).
 *
 * The run fails when a violation is not in the baseline. A test that failed only because of
 * baselined violations does not fail the run: the reporter turns the run's status back to passed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult, TestStep } from '@playwright/test/reporter';
import { RESULT_ATTACHMENT, RUN_ATTACHMENT, TEST_ATTACHMENT, type ResultRecord, type RunError, type RunFacts } from '../results/model.ts';
import type { SentExchange } from '../results/exchanges.ts';
import type { TestExchange } from './har.ts';
import { projectRoot } from '../contract/index.ts';
import { stripAnsi } from '../shared/text.ts';
import { newRunId } from '../shared/run-id.ts';
import { loadCatalogue, loadCoveragePlan } from './catalogue.ts';
import { baselineReasons, expiredEntries, unknownBaselineIds } from '../results/baseline.ts';
import { buildReport, isFixed, mergeFacts, shareTestTime } from '../results/merge.ts';
import { expiredEntryTexts, knockOnLine, latencyText, peerNoteText } from './format.ts';
import { coverageText, coverageThresholdsOfEnv, CoverageSyntaxError, shortfallText, type CoverageThreshold } from '../results/coverage.ts';
import { samplesOfExchanges } from '../results/samples.ts';
import { historyText } from '../results/history.ts';
import { maskText, maskDeep, knownSecrets } from '../results/mask.ts';
import { recordHistory, REPORT_FILES, resolveReportDir, writeReports } from './write.ts';
import { failureBlock } from './failure-block.ts';
import { untestedGroups, untestedText } from './untested.ts';
import { runGateOfEnv } from './run-gate.ts';
import { placeBodies } from './bodies.ts';
import { setLastLine } from './last-line.ts';
import { describeOverrides, type RuleOverrideReport } from '../results/severity.ts';

export interface ConformanceReporterOptions {
  /** Folder of the reports (default `reports`); CONFORMANCE_REPORT_DIR overrides it. */
  outputDir?: string;
  /** Only tests of these Playwright projects are read (default: every project). */
  projects?: string[];
  /** Baseline file of accepted violations; CONFORMANCE_BASELINE overrides it. */
  baseline?: string;
}

/** What one test left, from its last attempt. */
interface Collected {
  /** Order-free key: file, line, column, title path, repeat index. */
  key: string;
  title: string;
  status: TestResult['status'];
  records: ResultRecord[];
  facts: RunFacts[];
  error?: string;
  /** Attachments present but unreadable: reported as errors. */
  badAttachments: string[];
  /** Errors the test reported in its run facts (a case it could not judge, a crash, an unreachable target). */
  errors: string[];
  /** The test's fixture attached its run facts (so its errors are known even when there are none). */
  reported: boolean;
  /** The target was called unreachable during the test: the line that says so. */
  unreachable?: string;
  /** Every request the test sent (for exchanges.har). */
  exchanges: TestExchange[];
}

export default class ConformanceReporter implements Reporter {
  private readonly options: ConformanceReporterOptions;
  private rootDir = process.cwd();
  private selectedTests = 0;
  /** The shard this run is, when it is one (`--shard=I/N`). */
  private shard?: { current: number; total: number };
  private readonly collected = new Map<string, Collected>();
  private readonly globalErrors: string[] = [];

  constructor(options: ConformanceReporterOptions = {}) {
    this.options = options;
  }

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.rootDir = config.rootDir;
    this.shard = config.shard && config.shard.total > 1 ? { current: config.shard.current, total: config.shard.total } : undefined;
    this.selectedTests = suite.allTests().filter((t) => this.selected(t)).length;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    maskResultInPlace(result);
    if (!this.selected(test)) return;
    const records: ResultRecord[] = [];
    const facts: RunFacts[] = [];
    const badAttachments: string[] = [];
    const exchanges: TestExchange[] = [];
    const testTitle = test.titlePath().slice(1).filter(Boolean).join(' › ');
    const take = (name: string, data: unknown) => {
      if (name === RESULT_ATTACHMENT) {
        if (!Array.isArray(data)) throw new Error('expected an array of ResultRecord');
        records.push(...(data as ResultRecord[]));
      } else {
        if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('expected a RunFacts object');
        facts.push(data as RunFacts);
      }
    };
    for (const a of result.attachments) {
      if (a.name !== TEST_ATTACHMENT && a.name !== RESULT_ATTACHMENT && a.name !== RUN_ATTACHMENT) continue;
      try {
        const text = a.body ? a.body.toString('utf8') : a.path ? fs.readFileSync(a.path, 'utf8') : '';
        const data: unknown = JSON.parse(text);
        if (a.name === TEST_ATTACHMENT) {
          const all = data as { records?: unknown; facts?: unknown; exchanges?: unknown };
          if (!all || typeof all !== 'object') throw new Error('expected { records, facts, exchanges }');
          take(RESULT_ATTACHMENT, all.records);
          take(RUN_ATTACHMENT, all.facts);
          if (!Array.isArray(all.exchanges)) throw new Error('expected an array of exchanges');
          for (const x of all.exchanges as SentExchange[]) if (x && typeof x.requestId === 'string' && typeof x.url === 'string') exchanges.push({ ...x, test: testTitle });
        } else take(a.name, data);
      } catch (e) {
        badAttachments.push(`attachment ${a.name} unreadable: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    const testErrors = facts.flatMap((f) => (Array.isArray(f.errors) ? f.errors.filter((e): e is string => typeof e === 'string') : []));
    const unreachable = facts.map((f) => f.unreachable).find((u): u is string => typeof u === 'string');
    const loc = test.location;
    const file = path.relative(this.rootDir, loc.file);
    // The last attempt replaces the earlier ones: a retried test counts once.
    this.collected.set(test.id, {
      key: `${file}:${String(loc.line).padStart(6, '0')}:${String(loc.column).padStart(4, '0')} ${test.titlePath().join(' › ')} #${test.repeatEachIndex}`,
      title: `${file}:${loc.line} › ${test.titlePath().slice(1).filter(Boolean).join(' › ')}`,
      status: result.status,
      // The test's time, shared among its rows by requests: JUnit's testcase time.
      records: shareTestTime(records, result.duration),
      facts,
      error: result.error?.message ?? result.errors[0]?.message,
      badAttachments,
      errors: testErrors.map((e) => maskText(e)),
      reported: facts.length > 0,
      exchanges,
      ...(unreachable ? { unreachable: maskText(unreachable) } : {}),
    });
  }

  onError(error: TestError): void {
    this.globalErrors.push(maskText(stripAnsi(error.message ?? error.value ?? 'error')));
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult['status'] } | undefined> {
    // Nothing of ours ran (another project, `--list`): keep the last report. A run that broke before
    // any test (global setup) still reports, so that CI shows why.
    if (this.selectedTests === 0 || (this.collected.size === 0 && this.globalErrors.length === 0)) return undefined;
    const dir = resolveReportDir(this.options.outputDir);
    // Strict mode, the team's rule severities and the baseline, as the console's marks read them too.
    const { strict, rules, baseline, errors: gateErrors } = runGateOfEnv(process.env, process.env.CONFORMANCE_BASELINE || this.options.baseline);
    const runErrors: RunError[] = [...this.globalErrors.map((message): RunError => ({ kind: 'run', message })), ...gateErrors];
    let thresholds: CoverageThreshold[] = [];
    try {
      thresholds = coverageThresholdsOfEnv();
    } catch (e) {
      if (!(e instanceof CoverageSyntaxError)) throw e;
      runErrors.push({ kind: 'run', message: `CONFORMANCE_MIN_COVERAGE: ${e.message}` });
    }
    const entries = [...this.collected.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const errors: RunError[] = [...runErrors];
    for (const c of entries) {
      for (const bad of c.badAttachments) errors.push({ kind: 'test', test: c.title, message: bad });
      // The test's fixture says which errors it ended in; a test that left no facts (its worker
      // crashed) and did not pass ended in an error too.
      for (const message of c.errors) errors.push({ kind: 'test', test: c.title, message });
      const crashed = c.status === 'failed' || c.status === 'timedOut' || c.status === 'interrupted';
      if (crashed && !c.reported) errors.push({ kind: 'test', test: c.title, message: `${c.status}: ${firstLines(stripAnsi(c.error ?? 'no error message'))}` });
    }
    // One seed replays the whole run: tests that ran with different ones cannot be replayed from the report's.
    const seeds = [...new Set(entries.flatMap((c) => c.facts).flatMap((f) => (f.seed === undefined ? [] : [f.seed])))];
    if (seeds.length > 1) errors.push({ kind: 'run', message: `the run's tests drew ${seeds.length} seeds (${seeds.join(', ')}): the report's seed replays only part of it; set CONFORMANCE_SEED` });
    const unreachable = entries.map((c) => c.unreachable).find((u) => u !== undefined);
    const notRun = Math.max(0, this.selectedTests - this.collected.size);
    // The run stopped: an error of the target's, whatever the tests that met it recorded.
    if (unreachable) errors.push({ kind: 'target', message: `the run stopped: ${unreachable}${notRun ? `; ${notRun} tests did not run` : ''}` });

    // Interrupted by the user (Ctrl-C, SIGTERM); a run the suite stopped itself on an unreachable target says STOPPED instead.
    const interrupted = result.status === 'interrupted' && !unreachable;
    const facts = mergeFacts([{ createdJobs: preflightJobs() }, ...entries.flatMap((c) => c.facts)]);
    const samples = samplesOfExchanges(entries.flatMap((c) => c.exchanges));
    const built = buildReport({
      tool: toolName(),
      runId: process.env.CONFORMANCE_RUN_ID ?? newRunId(),
      records: entries.flatMap((c) => c.records),
      facts,
      errors,
      startedAt: result.startTime.toISOString(),
      durationMs: Math.round(result.duration),
      catalogue: loadCatalogue(),
      baseline: baselineReasons(baseline),
      expiredBaseline: expiredEntries(baseline),
      exchanges: { samples, plan: loadCoveragePlan(), thresholds },
      defaultTarget: { baseUrl: process.env.DISPATCH_BASE_URL ?? '', embedded: !process.env.DISPATCH_BASE_URL },
      // Strict mode (CONFORMANCE_STRICT, set by --strict): deviations from assumed conventions fail the run.
      strict,
      rules,
      interrupted,
      ...(this.shard ? { shard: this.shard } : {}),
      ...(facts.auth ? { auth: facts.auth } : {}),
      ...(process.env.CONFORMANCE_PEER_NOTE ? { peerNote: process.env.CONFORMANCE_PEER_NOTE } : {}),
      ...(unreachable
        ? { untestedReason: { code: 'stopped', text: `not judged: the run stopped before its test ran (${unreachable})` } }
        : interrupted
          ? { untestedReason: { code: 'interrupted', text: `not judged: the run was interrupted before its test ran (${notRun} tests did not run)` } }
          : notRun > 0
            ? { untestedReason: { code: 'not-reached', text: `not judged: the run ended before its test ran (${notRun} tests did not run)` } }
            : {}),
    });
    // The console shows the curls as the report files do: each body sent from its kept file.
    const report = recordHistory(dir, placeBodies(built, dir));
    const files = writeReports(dir, report, { exchanges: entries.flatMap((c) => c.exchanges) });

    const s = report.summary;
    const outcome = report.outcome;
    const judged = s.conforms + s.violated + s.baselined + s.observations;
    const lines = [
      // A run that stopped says so on the line after (what stopped it); this one counts what was judged before.
      `Conformance: ${outcome.headline === 'STOPPED' ? 'judged before the stop' : outcome.headline}${report.strict ? ' (strict)' : ''}: ${s.violated} violated, ${s.deviations} deviations from assumed conventions, ${s.conforms} conform, ${s.baselined} baselined, ${s.untested} untested, ${s.observations} observations, ${s.errors} errors (${s.constraints} constraints in ${s.rows} rows, ${s.requests} requests, ${report.createdJobs.length} jobs created, ${report.auth ?? 'static token'}, ${s.transportRetries} sent again after a transport fault, ${s.retries} after 429/503)`,
      ...(latencyText(report) ? [`Conformance: ${latencyText(report)}`] : []),
      ...(report.history ? [`Conformance: ${historyText(report.history)}`] : []),
      ...(report.coverage ? [`Conformance: ${coverageText(report.coverage)}`, ...shortfallText(report.coverage).map((t) => `Conformance: ✗ ${t}`)] : []),
      ...(report.rules?.length ? [`Conformance: rule severities (CONFORMANCE_RULES): ${describeOverrides(report.rules)}`] : []),
      // An unreachable target stopped the run: one line that names it.
      ...(unreachable ? [`Conformance: STOPPED: ${unreachable}; the ${judged} rows judged before are in the report${notRun ? `, ${notRun} tests did not run` : ''}`] : []),
      // Every violation by name, so a failure that no single test owns (an envelope, a status) is seen too.
      ...violatedLines(report.results),
      ...deviationLines(report.results, report.rules),
      // Why the untested rows were not judged: what to set or fix to have them judged.
      ...untestedGroups(report.results).map((g) => `Conformance: ○ ${untestedText(g)}`),
      ...(report.peerNote ? [`Conformance: ${peerNoteText(report.peerNote)}`] : []),
      // The curls above read the token from the environment, where a .env user does not have it yet.
      ...(curlsReadToken(report.results) ? [`Conformance: the curls read the token from "$DISPATCH_ACCESS_TOKEN" (bash): with the token in .env, first run: export DISPATCH_ACCESS_TOKEN="$(sed -n 's/^DISPATCH_ACCESS_TOKEN=//p' .env)"`] : []),
      ...report.results.filter(isFixed).map((r) => `Conformance: baselined ${r.rowId} now conforms: remove it from the baseline`),
      ...unknownBaselineIds(report.results, baseline).map((id) => `Conformance: baseline entry ${id} matches no constraint or check of this run`),
      ...expiredEntryTexts(report).map((t) => `Conformance: ${t}`),
      ...report.errors.filter((e) => e.kind === 'baseline').map((e) => `Conformance: ${e.message}`),
      ...errorLines(report.errors.filter((e) => e.kind === 'run' || e.kind === 'test')),
      `Conformance reports: ${files.map((f) => path.relative(process.cwd(), f) || f).join(', ')}`,
    ];
    process.stdout.write(maskText(lines.join('\n')) + '\n');
    // The console's last line (printed after Playwright's own summary): the outcome and its exit code.
    const said = outcome.headline === 'STOPPED' ? 'STOPPED, the target stopped answering' : outcome.headline;
    setLastLine(`Conformance ended: ${said} (exit ${outcome.exitCode}): ${s.violated} violated, ${s.deviations} deviations, ${s.untested} untested, ${s.errors} errors${outcome.coverageShortfalls ? `, ${outcome.coverageShortfalls} coverage ${outcome.coverageShortfalls === 1 ? 'criterion' : 'criteria'} below CONFORMANCE_MIN_COVERAGE` : ''}; reports in ${path.relative(process.cwd(), dir) || dir}`);
    // Tests fail only on errors, so a run whose outcome passes has no failed test of ours: Playwright's status stands.
    return outcome.exitCode === 0 ? undefined : { status: outcome.headline === 'INTERRUPTED' ? 'interrupted' : 'failed' };
  }

  private selected(test: TestCase): boolean {
    const wanted = this.options.projects;
    if (!wanted || wanted.length === 0) return true;
    const project = test.parent.project()?.name ?? '';
    return wanted.includes(project);
  }
}

/**
 * Masks a test result where Playwright's other reporters (html, list) read it: attachments (bodies,
 * and text files such as error-context.md), stdout/stderr chunks, error messages, step titles.
 */
/** Whether a finding the console shows carries a curl that reads the token from DISPATCH_ACCESS_TOKEN. */
function curlsReadToken(results: readonly ResultRecord[]): boolean {
  return results.some((r) => (r.verdict === 'violated' || r.verdict === 'deviation') && r.evidence.some((e) => [e.exchange, ...(e.writes ?? [])].some((x) => x?.curl.includes('DISPATCH_ACCESS_TOKEN'))));
}

function maskResultInPlace(result: TestResult): void {
  const secrets = knownSecrets();
  for (const a of result.attachments) {
    const textual = a.contentType.startsWith('text/') || a.contentType.includes('json') || a.contentType.includes('markdown');
    if (!a.body) {
      // Files Playwright's html reporter copies into reports/html (error-context.md, logs).
      if (a.path && textual) maskFileInPlace(a.path, secrets);
      continue;
    }
    const text = a.body.toString('utf8');
    let masked: string;
    if (a.contentType.includes('json')) {
      try {
        masked = JSON.stringify(maskDeep(JSON.parse(text), secrets));
      } catch {
        masked = maskText(text, secrets);
      }
    } else if (a.contentType.startsWith('text/')) {
      masked = maskText(text, secrets);
    } else continue;
    if (masked !== text) (a as { body?: Buffer }).body = Buffer.from(masked, 'utf8');
  }
  const maskChunks = (chunks: (string | Buffer)[]) => chunks.forEach((c, i) => (chunks[i] = maskText(typeof c === 'string' ? c : c.toString('utf8'), secrets)));
  maskChunks(result.stdout);
  maskChunks(result.stderr);
  const maskError = (e: TestError) => {
    if (e.message) e.message = maskText(e.message, secrets);
    if (e.stack) e.stack = maskText(e.stack, secrets);
    if (e.value) e.value = maskText(e.value, secrets);
    if (e.snippet) e.snippet = maskText(e.snippet, secrets);
  };
  result.errors.forEach(maskError);
  if (result.error) maskError(result.error);
  // Steps carry their own titles and errors (an expect's message is a step title).
  const maskSteps = (steps: TestStep[]) => {
    for (const step of steps) {
      (step as { title: string }).title = maskText(step.title, secrets);
      if (step.error) maskError(step.error);
      maskSteps(step.steps);
    }
  };
  maskSteps(result.steps);
}

/** Text files larger than this are left alone (traces and videos are not text anyway). */
const MAX_MASKED_FILE = 8 * 1024 * 1024;

function maskFileInPlace(file: string, secrets: string[]): void {
  try {
    if (fs.statSync(file).size > MAX_MASKED_FILE) return;
    const text = fs.readFileSync(file, 'utf8');
    const masked = maskText(text, secrets);
    if (masked !== text) fs.writeFileSync(file, masked);
  } catch {
    // A vanished attachment file is Playwright's concern, not the report's.
  }
}

/** `dispatch-conformance <version>` from package.json. */
export function toolName(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { name?: string; version?: string };
    return `${pkg.name ?? 'dispatch-conformance'} ${pkg.version ?? ''}`.trim();
  } catch {
    return 'dispatch-conformance';
  }
}


/** The jobs the command line's preflight made before any test (CONFORMANCE_PREFLIGHT_JOBS): the run's, listed for cleanup. */
function preflightJobs(): { jobId: string; jobRef: string; tenantId?: string }[] {
  try {
    const jobs: unknown = JSON.parse(process.env.CONFORMANCE_PREFLIGHT_JOBS ?? '[]');
    return Array.isArray(jobs) ? jobs.filter((j): j is { jobId: string; jobRef: string } => typeof j?.jobId === 'string' && typeof j?.jobRef === 'string') : [];
  } catch {
    return [];
  }
}

function firstLines(s: string, n = 6): string {
  return s.split('\n').slice(0, n).join('\n');
}

export { REPORT_FILES };

const LISTED = 20;

/** Each error in one line, so that a run that errored says why at the end of its output. */
function errorLines(errors: RunError[]): string[] {
  const lines = errors.slice(0, LISTED).map((e) => `Conformance: error in ${e.test ?? `the ${e.kind}`}: ${e.message.split('\n')[0]}`);
  if (errors.length > LISTED) lines.push(`Conformance: … and ${errors.length - LISTED} more errors (reports/conformance.html)`);
  return lines;
}

function deviationLines(results: ResultRecord[], rules: readonly RuleOverrideReport[] = []): string[] {
  const deviating = results.filter((r) => r.verdict === 'deviation');
  // A row a team's rule made advisory is said to be so, not an assumed convention's.
  const why = (r: ResultRecord) => {
    const rule = rules.find((x) => x.severity === 'advisory' && x.rows.includes(r.rowId));
    return rule ? `is broken, advisory by CONFORMANCE_RULES ${rule.key}=advisory (not failing)` : 'deviates from an assumed convention (not failing)';
  };
  const lines = deviating.slice(0, LISTED).map((r) => `Conformance: ≈ ${r.rowId} ${why(r)}: ${r.evidence[0]?.actual ?? r.title}`);
  if (deviating.length > LISTED) lines.push(`Conformance: … and ${deviating.length - LISTED} more deviations (reports/conformance.html)`);
  return lines;
}

function violatedLines(results: ResultRecord[]): string[] {
  const violated = results.filter((r) => r.verdict === 'violated');
  // One block per violation: its line, then everything needed to reproduce it (the tests do not fail on verdicts, so nothing else prints it).
  const lines = violated.slice(0, LISTED).map((r) => {
    const knockOn = knockOnLine(results, r.rowId);
    return `Conformance: ✗ ${r.rowId}: ${r.evidence[0]?.actual ?? r.title}\n${failureBlock(r)}${knockOn ? `\n  ${knockOn}` : ''}`;
  });
  if (violated.length > LISTED) lines.push(`Conformance: … and ${violated.length - LISTED} more violations (reports/conformance.html)`);
  return lines;
}
