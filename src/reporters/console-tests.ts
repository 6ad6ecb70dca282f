/**
 * The console's line per conformance test, in place of Playwright's list reporter for a run of the
 * suite: each test marked by what its rows came to, as the recorder wrote their verdicts (the
 * gate's), not by Playwright's status. A test never fails on a verdict, so the list reporter
 * showed ✓ on a test whose rows were violated or never judged, and ended with "203 passed" just
 * before "FAIL (exit 1)". Here: ✓ its rows conform, ✗ a rule it owns is violated, ⊘ only violations
 * the baseline accepts, △ a deviation, ○ nothing was judged, ✘ the test ended in an error; and the
 * closing line counts those.
 */
import type { FullResult, Reporter, TestCase, TestError, TestResult } from '@playwright/test/reporter';
import { TEST_ATTACHMENT, type ResultRecord } from '../results/model.ts';
import { verdictOf, type GateOptions } from '../results/gate.ts';
import { baselineReasons } from '../results/baseline.ts';
import { runGateOfEnv } from './run-gate.ts';

type Mark = 'conforms' | 'violated' | 'baselined' | 'deviation' | 'untested' | 'error';

const SYMBOL: Record<Mark, string> = { conforms: '✓', violated: '✗', baselined: '⊘', deviation: '△', untested: '○', error: '✘' };
const WORD: Record<Mark, string> = { conforms: 'conform', violated: 'found a violation', baselined: 'found only baselined violations', deviation: 'found a deviation', untested: 'judged nothing', error: 'ended in an error' };

/** What a test's rows came to, worst first. */
export function markOf(status: TestResult['status'], records: readonly ResultRecord[]): Mark {
  if (status === 'failed' || status === 'timedOut' || status === 'interrupted') return 'error';
  if (records.some((r) => r.verdict === 'violated')) return 'violated';
  if (records.some((r) => r.verdict === 'baselined')) return 'baselined';
  if (records.some((r) => r.verdict === 'deviation')) return 'deviation';
  if (records.length > 0 && records.every((r) => r.verdict === 'untested')) return 'untested';
  return 'conforms';
}

export default class ConsoleTestsReporter implements Reporter {
  private readonly counts: Record<Mark, number> = { conforms: 0, violated: 0, baselined: 0, deviation: 0, untested: 0, error: 0 };
  private n = 0;
  // The gate's options as the conformance reporter applies them: the workers' recorders judged with
  // strict mode and the rule severities, and the baseline is the run's to apply, so a baselined
  // violation is marked as one here too. What does not load is the conformance reporter's to report.
  private readonly gate: GateOptions;

  constructor() {
    const { strict, rules, baseline } = runGateOfEnv();
    this.gate = { strict, rules, baseline: baselineReasons(baseline) };
  }

  printsToStdio(): boolean {
    return true;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const attachment = result.attachments.find((a) => a.name === TEST_ATTACHMENT);
    let records: ResultRecord[] = [];
    try {
      records = attachment?.body ? ((JSON.parse(attachment.body.toString('utf8')) as { records?: ResultRecord[] }).records ?? []) : [];
    } catch {
      // An unreadable attachment is the conformance reporter's error to report.
    }
    // Each row's verdict as the gate gives it with the run's baseline.
    if (this.gate.baseline?.size) records = records.map((r) => ({ ...r, verdict: verdictOf(r, this.gate).verdict }));
    const mark = markOf(result.status, records);
    this.counts[mark]++;
    const title = test.titlePath().slice(3).filter(Boolean).join(' › ');
    const named = records.filter((r) => r.verdict === mark).map((r) => r.rowId);
    const mine = mark === 'violated' || mark === 'deviation' || mark === 'baselined' ? `: ${named.slice(0, 3).join(', ')}${named.length > 3 ? `, … (${named.length} in all)` : ''}` : '';
    process.stdout.write(`  ${SYMBOL[mark]} ${String(++this.n).padStart(3)} ${title}${mine} (${result.duration} ms)\n`);
  }

  /** Errors outside any test (no test matched --grep, a file that does not load): their first line, as the list reporter would show them. */
  onError(error: TestError): void {
    const first = (error.message ?? error.value ?? 'an error outside any test').split('\n')[0]!.replace(/\x1b\[[0-9;]*m/g, '');
    // Playwright's own words for a --grep that selects nothing: say what to do instead.
    const line = /^Error: No tests found/.test(first) ? `no conformance test matches what was asked${grepOf(process.argv)}: npx playwright test --project=conformance --list shows every title` : first;
    process.stdout.write(`Conformance: ${line}\n`);
  }

  onEnd(_result: FullResult): void {
    if (this.n === 0) return;
    const parts = (Object.keys(SYMBOL) as Mark[]).filter((m) => this.counts[m] > 0).map((m) => `${this.counts[m]} ${WORD[m]}`);
    process.stdout.write(`\n  ${this.n} conformance test${this.n === 1 ? '' : 's'}: ${parts.join(', ')}\n`);
  }
}

/** ` (--grep X)` as the command line gave it, or nothing. */
function grepOf(argv: readonly string[]): string {
  const i = argv.findIndex((a) => a === '--grep' || a === '-g' || a.startsWith('--grep='));
  if (i < 0) return '';
  const value = argv[i]!.startsWith('--grep=') ? argv[i]!.slice('--grep='.length) : argv[i + 1];
  return value === undefined ? '' : ` (--grep ${value})`;
}
