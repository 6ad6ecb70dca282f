/** Rows and reports built by hand, for the tests of what reads them: facts that give the verdict wanted, as the gate would judge them. */
import { runOutcome } from '../../../src/results/gate.ts';
import { REPORT_VERSION, type ConformanceReport, type Provenance, type ResultRecord, type RowFacts, type RunError, type Summary, type Verdict } from '../../../src/results/model.ts';

/** Facts from which the gate gives `verdict` (a violation or deviation of `provenance`'s kind). */
export function factsFor(verdict: Verdict, provenance: Provenance = verdict === 'deviation' ? 'assumed' : 'documented'): RowFacts {
  switch (verdict) {
    case 'violated':
    case 'baselined':
      return { findings: [{ provenance: provenance === 'assumed' ? 'documented' : provenance, count: 1 }], judged: 1, observed: false };
    case 'deviation':
      return { findings: [{ provenance: 'assumed', count: 1 }], judged: 1, observed: false };
    case 'conforms':
      return { findings: [], judged: 1, observed: false };
    case 'observation':
      return { findings: [], judged: 0, observed: true };
    default:
      return { findings: [], judged: 0, observed: false };
  }
}

/** An empty summary (every count 0), with `over` set. */
export function summary(over: Partial<Summary> = {}): Summary {
  return { constraints: 0, rows: 0, conforms: 0, violated: 0, untested: 0, observations: 0, deviations: 0, baselined: 0, fixed: 0, requests: 0, errors: 0, retries: 0, transportRetries: 0, ...over };
}

/** A report of these rows and errors, its outcome the gate's. */
export function reportOf(results: ResultRecord[], over: Partial<ConformanceReport> = {}, errors: RunError[] = []): ConformanceReport {
  return {
    version: REPORT_VERSION,
    tool: 'dispatch-conformance 0.1.0',
    runId: 'r',
    target: { baseUrl: 'http://127.0.0.1:4010/core/api/v2/dispatch-service', embedded: false },
    startedAt: '2026-11-28T10:00:00.000Z',
    durationMs: 1000,
    seed: 1,
    runs: 1,
    strict: false,
    summary: summary({ rows: results.length, violated: results.filter((r) => r.verdict === 'violated').length, errors: errors.length }),
    outcome: runOutcome(results, errors, { interrupted: over.interrupted }),
    results,
    createdJobs: [],
    errors,
    ...over,
  };
}
