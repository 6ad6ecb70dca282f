/**
 * The one place that decides a row's verdict and what a run comes to, from the facts the recorder
 * holds (what broke, with its provenance; what was judged, by side; what was planned) and the
 * user's settings (strict mode, the baseline). Checks and probes never branch on provenance and
 * never set a verdict: they hand the recorder what happened, and the recorder asks here; a merge
 * adds the facts up and asks here again; every report and the exit code read the outcome decided
 * here.
 */
import type { Finding, Provenance, Reason, ResultRecord, RowFacts, RunError, RunErrorKind, RunOutcome, Side, Verdict } from './model.ts';
import { overrideOf, type RuleOverride } from './severity.ts';

/**
 * A broken documented, reference or security rule is a violation; a target that differs from an
 * assumed one deviates.
 */
export function brokenVerdict(provenance: Provenance): 'violated' | 'deviation' {
  return provenance === 'assumed' ? 'deviation' : 'violated';
}

/** What the gate applies beside a row's facts. */
export interface GateOptions {
  /** Deviations from assumed conventions are judged as violations (CONFORMANCE_STRICT, --strict). */
  strict?: boolean;
  /** The baseline: row ids whose violation is accepted, each with the reason given. */
  baseline?: ReadonlyMap<string, string>;
  /** A team's severity per rule (CONFORMANCE_RULES, severity.ts): it wins over strict mode and provenance. */
  rules?: readonly RuleOverride[];
}

/** What the gate reads of a row. */
export type GatedRow = Pick<ResultRecord, 'rowId' | 'category' | 'cases' | 'planned' | 'facts'>;

/** What a finding makes of a row: as the team set its rule, else under strict mode or not. */
function findingVerdict(f: Finding, strict: boolean, override: RuleOverride | undefined): 'violated' | 'deviation' {
  if (override?.severity === 'advisory') return 'deviation';
  if (override?.severity === 'failing') return 'violated';
  return strict ? 'violated' : brokenVerdict(f.provenance);
}

/** Why a row the team turned off is untested. */
export function ruleOffReason(o: RuleOverride): Reason {
  return { code: 'rule-off', text: `not judged: CONFORMANCE_RULES turns it off (${o.key}=off)` };
}

/**
 * A row's verdict: violated when a rule that may fail a run broke (any, under strict mode), and
 * baselined when the baseline accepts that; a deviation when only assumed ones did; an observation
 * where the pages are silent and the target was seen; conforms when something was judged and
 * every planned side was; untested otherwise (partial included: the recorder says which side is
 * missing). A row the baseline lists that conforms keeps the baseline's reason (it is fixed).
 * A team's override of the row's rule comes first: off, it is untested; advisory, what broke it
 * deviates; failing, what broke it is violated.
 */
export function verdictOf(row: GatedRow, o: GateOptions = {}): { verdict: Verdict; baselineReason?: string; off?: RuleOverride } {
  const f = row.facts;
  const override = overrideOf(row.rowId, o.rules);
  // A rule turned off judges nothing, whatever its cases found.
  if (override?.severity === 'off') return { verdict: 'untested', off: override };
  const broken = f.findings.filter((x) => x.count > 0).map((x) => findingVerdict(x, o.strict ?? false, override));
  const reason = o.baseline?.get(row.rowId);
  let verdict: Verdict;
  if (broken.includes('violated')) verdict = reason !== undefined ? 'baselined' : 'violated';
  else if (broken.length > 0) verdict = 'deviation';
  else if (row.category === 'observation') verdict = f.observed ? 'observation' : 'untested';
  else verdict = f.judged > 0 && missingSides(row).length === 0 ? 'conforms' : 'untested';
  return { verdict, ...(reason !== undefined && (verdict === 'baselined' || verdict === 'conforms') ? { baselineReason: reason } : {}) };
}

/**
 * Whether more cases of a row can change what it shows: not once a rule that fails a run broke,
 * nor once a rule that can only deviate (the row's own provenance is assumed) has. A job-making
 * operation's row then sends no further violations (each could make another job).
 */
export function settled(row: Pick<ResultRecord, 'facts' | 'provenance'>): boolean {
  const broken = row.facts.findings.filter((x) => x.count > 0);
  return broken.some((x) => brokenVerdict(x.provenance) === 'violated') || (row.provenance === 'assumed' && broken.length > 0);
}

/** The planned sides of a row that no judged case covered. */
export function missingSides(f: Pick<ResultRecord, 'planned' | 'cases'>): Side[] {
  return (f.planned ?? []).filter((s) => f.cases[s] === 0);
}

/** Why a row that judged something is still untested: a planned side was not judged. */
export function partialReason(missing: readonly Side[]): Reason {
  const sides = missing.map((s) => (s === 'accept' ? 'accepting' : 'refusing')).join(' or ');
  return { code: 'partial', text: `only part of its plan was judged: no ${sides} case was` };
}

/** The facts of several records of one row, added up: what a merge asks the gate about. */
export function addFacts(all: readonly RowFacts[]): RowFacts {
  const findings = new Map<string, Finding>();
  for (const f of all.flatMap((x) => x.findings)) {
    const key = `${f.provenance}|${f.rule ?? ''}`;
    const seen = findings.get(key);
    findings.set(key, { ...f, count: (seen?.count ?? 0) + f.count });
  }
  const order = (a: Finding, b: Finding) => (`${a.provenance}|${a.rule ?? ''}` < `${b.provenance}|${b.rule ?? ''}` ? -1 : 1);
  return { findings: [...findings.values()].sort(order), judged: all.reduce((n, x) => n + x.judged, 0), observed: all.some((x) => x.observed) };
}

/** The exit code of each headline (README and --help list them). */
export const OUTCOME_EXIT: Record<RunOutcome['headline'], number> = { PASS: 0, FAIL: 1, STOPPED: 3, INTERRUPTED: 130 };

/**
 * What a run comes to, from its rows (as the gate judged them) and its errors: INTERRUPTED when the
 * user stopped it (never PASS), STOPPED when the target stopped answering, FAIL on a violation or
 * an error, or on a coverage criterion below its threshold (CONFORMANCE_MIN_COVERAGE), PASS
 * otherwise. Deviations and baselined violations do not fail a run (strict mode made the deviations
 * violations already).
 */
export function runOutcome(rows: readonly Pick<ResultRecord, 'verdict'>[], errors: readonly RunError[], o: { interrupted?: boolean; coverageShortfalls?: number } = {}): RunOutcome {
  const violated = rows.filter((r) => r.verdict === 'violated').length;
  const byKind: Partial<Record<RunErrorKind, number>> = {};
  for (const e of errors) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
  const short = o.coverageShortfalls ?? 0;
  const headline: RunOutcome['headline'] = o.interrupted ? 'INTERRUPTED' : byKind.target ? 'STOPPED' : violated > 0 || errors.length > 0 || short > 0 ? 'FAIL' : 'PASS';
  return { headline, exitCode: OUTCOME_EXIT[headline], violated, errors: byKind, ...(short > 0 ? { coverageShortfalls: short } : {}) };
}

/** Judges every row of a run with the run's options: the verdicts the reports show. */
export function judgeRows<T extends GatedRow & { verdict: Verdict; baselineReason?: string }>(rows: readonly T[], o: GateOptions): T[] {
  return rows.map((r) => {
    const { baselineReason: _old, ...rest } = r;
    const judged = verdictOf(r, o);
    // A row turned off says so, and only that: its own reasons were for a verdict it no longer has.
    const off = judged.off ? { reasons: [ruleOffReason(judged.off)] } : {};
    return { ...(rest as T), verdict: judged.verdict, ...off, ...(judged.baselineReason !== undefined ? { baselineReason: judged.baselineReason } : {}) };
  });
}

/** Whether a row of this verdict fails the run. */
export function failsRun(verdict: Verdict): boolean {
  return verdict === 'violated';
}
