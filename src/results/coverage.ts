/**
 * What the run covered of the API, per operation, after the criteria of Martin-Lopez, Segura and
 * Ruiz-Cortés, "Test Coverage Criteria for RESTful Web APIs" (A-TEST 2019): the documented statuses
 * seen, the request and response content types exchanged, each constraint's accepting and refusing
 * sides judged, the path parameters and the body members exercised. Computed from the exchanges
 * (src/results/samples.ts) and the rows, against what the spec documents (the plan, read by
 * src/reporters/catalogue.ts). Thresholds (CONFORMANCE_MIN_COVERAGE) name a percentage per
 * criterion across the API; a criterion below its threshold is a shortfall, and the gate fails the
 * run on one (gate.ts runOutcome). Nothing here decides a verdict.
 */
import type { ResultRecord } from './model.ts';
import type { ExchangeSample } from './samples.ts';

export const COVERAGE_CRITERIA = ['statuses', 'request-types', 'response-types', 'accept', 'reject', 'parameters', 'members'] as const;
export type CoverageCriterion = (typeof COVERAGE_CRITERIA)[number];

/** What each criterion counts, for the reports. */
export const CRITERION_LABEL: Record<CoverageCriterion, string> = {
  statuses: 'documented statuses seen',
  'request-types': 'request content types sent',
  'response-types': 'response content types seen',
  accept: 'constraints judged accepting',
  reject: 'constraints judged refusing',
  parameters: 'path parameters exercised',
  members: 'body members exercised',
};

/** What the spec documents of one operation. */
export interface OperationPlan {
  operationId: string;
  method: string;
  /** The path template relative to the base URL, e.g. `/jobs/{jobId}`. */
  path: string;
  /** Documented statuses; several documented 2xx are one item (`200|202`: the pages disagree, a target answers one). */
  statuses: string[];
  requestTypes: string[];
  responseTypes: string[];
  parameters: string[];
  /** Body members, as constraint paths name them (`objectives[].location`). */
  members: string[];
}

/** One criterion of one operation: what it covered, what it did not, and what it saw that is not documented. */
export interface CriterionCoverage {
  covered: string[];
  missing: string[];
  /** Seen but not documented (a status, a content type): not counted, shown. */
  undocumented?: string[];
}

export interface OperationCoverage {
  operationId: string;
  method: string;
  path: string;
  criteria: Record<CoverageCriterion, CriterionCoverage>;
}

export interface CoverageThreshold {
  criterion: CoverageCriterion;
  /** Percent, 0 to 100. */
  min: number;
}

export interface CoverageTotal {
  criterion: CoverageCriterion;
  covered: number;
  total: number;
  /** One decimal; 100 when there is nothing to cover. */
  percent: number;
  /** The threshold set for it, when one is. */
  min?: number;
}

export interface CoverageReport {
  operations: OperationCoverage[];
  totals: CoverageTotal[];
  /** Criteria below their threshold: each fails the run. */
  shortfalls: CoverageTotal[];
}

/** A CONFORMANCE_MIN_COVERAGE that cannot be read; the message says what to write. */
export class CoverageSyntaxError extends Error {
  override name = 'CoverageSyntaxError';
}

/** `statuses=60,reject=100`: a percentage per criterion; empty: none. */
export function parseCoverageThresholds(text: string | undefined): CoverageThreshold[] {
  if (text === undefined || text.trim() === '') return [];
  const seen = new Set<string>();
  return text.split(',').map((part) => {
    const m = /^\s*([a-z-]+)\s*=\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(part);
    if (!m) throw new CoverageSyntaxError(`"${part.trim()}" is not CRITERION=PERCENT (criteria: ${COVERAGE_CRITERIA.join(', ')}; e.g. statuses=60,reject=100)`);
    const criterion = m[1] as CoverageCriterion;
    if (!COVERAGE_CRITERIA.includes(criterion)) throw new CoverageSyntaxError(`"${m[1]}" is not a coverage criterion (criteria: ${COVERAGE_CRITERIA.join(', ')})`);
    const min = Number(m[2]);
    if (min > 100) throw new CoverageSyntaxError(`${criterion}=${m[2]}: a percentage is at most 100`);
    if (seen.has(criterion)) throw new CoverageSyntaxError(`${criterion} is given twice`);
    seen.add(criterion);
    return { criterion, min };
  });
}

/** The thresholds of the environment (the command line checked them before the run). */
export function coverageThresholdsOfEnv(env: NodeJS.ProcessEnv = process.env): CoverageThreshold[] {
  return parseCoverageThresholds(env.CONFORMANCE_MIN_COVERAGE);
}

/** The coverage of a run. */
export function coverageOf(plan: readonly OperationPlan[], samples: readonly ExchangeSample[], rows: readonly Pick<ResultRecord, 'rowId' | 'operationId' | 'category' | 'planned' | 'cases'>[], thresholds: readonly CoverageThreshold[] = []): CoverageReport {
  const operations = plan.map((op) => {
    // Its own method only: a method the path does not support (check:unsupported-method) is not the operation.
    const mine = samples.filter((s) => s.operationId === op.operationId && s.method.toUpperCase() === op.method.toUpperCase() && s.status !== 0);
    const constraints = rows.filter((r) => r.category === 'constraint' && r.operationId === op.operationId);
    const side = (s: 'accept' | 'reject') => split(constraints.filter((r) => (r.planned ?? ['accept', 'reject']).includes(s)).map((r) => [r.rowId, r.cases[s] > 0] as const));
    const seenStatuses = new Set(mine.map((s) => String(s.status)));
    const statuses = split(op.statuses.map((item) => [item, item.split('|').some((s) => seenStatuses.has(s))] as const));
    const documentedStatuses = new Set(op.statuses.flatMap((item) => item.split('|')));
    const types = (documented: string[], seen: Set<string>) => ({ ...split(documented.map((t) => [t, seen.has(t)] as const)), ...undocumented([...seen].filter((t) => !documented.includes(t))) });
    const members = new Set<string>();
    for (const s of mine) if (s.requestBody !== undefined) for (const m of membersOf(s.requestBody)) members.add(m);
    const criteria: Record<CoverageCriterion, CriterionCoverage> = {
      statuses: { ...statuses, ...undocumented([...seenStatuses].filter((s) => !documentedStatuses.has(s)).sort()) },
      'request-types': types(op.requestTypes, new Set(mine.flatMap((s) => (s.requestType ? [s.requestType] : [])))),
      'response-types': types(op.responseTypes, new Set(mine.flatMap((s) => (s.responseType ? [s.responseType] : [])))),
      accept: side('accept'),
      reject: side('reject'),
      // A path parameter is exercised by any answered request of its operation (the URL carries it).
      parameters: split(op.parameters.map((p) => [p, mine.length > 0] as const)),
      members: split(op.members.map((m) => [m, members.has(m)] as const)),
    };
    return { operationId: op.operationId, method: op.method, path: op.path, criteria };
  });
  const totals = COVERAGE_CRITERIA.map((criterion): CoverageTotal => {
    const covered = operations.reduce((n, o) => n + o.criteria[criterion].covered.length, 0);
    const total = covered + operations.reduce((n, o) => n + o.criteria[criterion].missing.length, 0);
    const min = thresholds.find((t) => t.criterion === criterion)?.min;
    return { criterion, covered, total, percent: total === 0 ? 100 : Math.floor((1000 * covered) / total) / 10, ...(min !== undefined ? { min } : {}) };
  });
  return { operations, totals, shortfalls: totals.filter((t) => t.min !== undefined && t.percent < t.min) };
}

function split(items: readonly (readonly [string, boolean])[]): CriterionCoverage {
  return { covered: items.filter(([, c]) => c).map(([n]) => n), missing: items.filter(([, c]) => !c).map(([n]) => n) };
}

function undocumented(items: string[]): { undocumented?: string[] } {
  return items.length ? { undocumented: items } : {};
}

/** The member paths a JSON body holds, named as constraint paths name them (`objectives[].location`). */
export function membersOf(text: string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [];
  }
  const out = new Set<string>();
  const walk = (v: unknown, at: string) => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x, `${at}[]`);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const p = at === '' ? k : `${at}.${k}`;
        out.add(p);
        walk(x, p);
      }
    }
  };
  walk(body, '');
  return [...out];
}

/** One line per shortfall: what fell short, by how much, and the first of what it missed. */
export function shortfallText(report: CoverageReport): string[] {
  return report.shortfalls.map((t) => {
    const missed = report.operations.flatMap((o) => o.criteria[t.criterion].missing.map((m) => (t.criterion === 'accept' || t.criterion === 'reject' ? m : `${o.operationId} ${m}`)));
    const shown = missed.slice(0, 3).join(', ') + (missed.length > 3 ? `, and ${missed.length - 3} more` : '');
    return `coverage of ${t.criterion} (${CRITERION_LABEL[t.criterion]}) is ${t.percent}%, below CONFORMANCE_MIN_COVERAGE ${t.criterion}=${t.min}: ${t.covered} of ${t.total}${shown ? `; not covered: ${shown}` : ''}`;
  });
}

/** The totals in one line: `coverage: statuses 31/52 (59.6%), ...`. */
export function coverageText(report: CoverageReport): string {
  return `coverage: ${report.totals.map((t) => `${t.criterion} ${t.covered}/${t.total} (${t.percent}%${t.min !== undefined ? `, min ${t.min}%` : ''})`).join(', ')}`;
}
