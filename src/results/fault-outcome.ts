/**
 * What one fault of a mutation run came to, and what a set of them scores: decided here once, and
 * read the same way by the mutation runner, its command line and the reports. A fault is detected
 * when the run's rows report the rule it breaks (its row broken, or a finding of its rule on
 * another row); a fault no request can reveal on this target is excused, with a Reason whose code
 * says why, when the fault's registry entry allows that excuse (else it is missed). It reads rows as the gate left them and imports nothing but the model.
 */
import type { Reason, ReasonCode, ResultRecord } from './model.ts';

/** The fault as the registry describes it (src/server/faults/types.ts FaultInfo). */
export interface FaultSpec {
  name: string;
  description: string;
  /** The row (or prefix, or check) that must report it. */
  detectedBy: string;
  /** Set when no request can tell it apart: why. */
  equivalent?: string;
  /** The one excuse its rows may give for leaving it unrevealed on this server; without it, an unrevealed fault is missed. */
  excusable?: ReasonCode;
}

/** What a fault came to in one run. */
export interface FaultResult {
  name: string;
  description: string;
  detectedBy: string;
  detected: boolean;
  /**
   * Why it is not counted in the score, when it is not: `equivalent` (no request can tell it
   * apart), `unsendable` (the cases that would reveal it cannot be sent on this target: untestable),
   * `other-reading` (it changes answers only where the pages contradict each other: contested).
   */
  excuse?: Reason;
  /** The broken rows that name the fault's rule. */
  caughtBy: string[];
  /** Other rows it broke (collateral, not false alarms). */
  alsoViolated: string[];
  /** Requests of the run that judged it. */
  requests: number;
  durationMs: number;
}

export type FaultLabel = 'detected' | 'equivalent' | 'untestable' | 'contested' | 'missed';

/** The score of a set of fault results: detected among those that count. */
export interface Score {
  /** detected / total, a fraction from 0 to 1 (1 when nothing counts). */
  score: number;
  detected: number;
  total: number;
  equivalent: number;
  untestable: number;
  contested: number;
}

/** Whether a row id is the fault's rule or one of its rows (`check:auth` names `check:auth.getJob`). */
export function names(detectedBy: string, rowId: string): boolean {
  return rowId === detectedBy || rowId.startsWith(detectedBy + '.');
}

/** Rows that report a broken rule: violated or deviating (a fault on an assumed rule gives a deviation). */
export function brokenRows(rows: readonly ResultRecord[]): ResultRecord[] {
  return rows.filter((r) => r.verdict === 'violated' || r.verdict === 'deviation');
}

/** Whether a row reports the fault's rule broken: its own row, or a finding of that rule on it (status precision on a constraint's row). */
export function reports(detectedBy: string, row: ResultRecord): boolean {
  if (row.verdict !== 'violated' && row.verdict !== 'deviation') return false;
  return names(detectedBy, row.rowId) || row.facts.findings.some((f) => f.count > 0 && f.rule !== undefined && names(detectedBy, f.rule));
}

/**
 * Reasons a case could not be sent on this target whatever the suite did: no pool holds the id it
 * needs, no such value can exist, the target would not make the job it needs, or the configuration
 * leaves nothing to send. (A spent budget, a lost connection or a stop are the run's, not the
 * fault's: they excuse nothing.)
 */
const UNSENDABLE = new Set<ReasonCode>(['no-pool', 'unsendable', 'setup', 'not-configured']);

/**
 * What the rows a fault names say about why nothing caught it, when they say it. `unsendable`:
 * none of them sent an accepting case and one says a case was not sent (the fault is on the
 * accepting side, and nothing could see it). `other-reading`: one says the target took another
 * page's reading. A fault whose finding sits on other rows (status precision) names none.
 */
export function excuseIn(detectedBy: string, rows: readonly ResultRecord[]): Reason | undefined {
  const own = rows.filter((r) => names(detectedBy, r.rowId));
  const reasons = own.flatMap((r) => r.reasons ?? []);
  const notSent = reasons.find((r) => UNSENDABLE.has(r.code));
  if (own.length > 0 && own.every((r) => r.cases.accept === 0) && notSent) return { code: 'unsendable', text: notSent.text };
  const contested = reasons.find((r) => r.code === 'other-reading');
  return contested ? { code: 'other-reading', text: contested.text } : undefined;
}

/** What the rows of a run with `fault` on say of it. */
export function scoreFault(fault: FaultSpec, rows: readonly ResultRecord[], run: { requests: number; durationMs: number }): FaultResult {
  const broken = brokenRows(rows);
  const caughtBy = broken.filter((r) => reports(fault.detectedBy, r)).map((r) => r.rowId);
  const detected = caughtBy.length > 0;
  const given = detected || fault.equivalent ? undefined : excuseIn(fault.detectedBy, rows);
  const excuse: Reason | undefined = fault.equivalent ? { code: 'equivalent', text: fault.equivalent } : given?.code === fault.excusable ? given : undefined;
  return {
    name: fault.name,
    description: fault.description,
    detectedBy: fault.detectedBy,
    detected,
    ...(excuse ? { excuse } : {}),
    caughtBy,
    alsoViolated: broken.map((r) => r.rowId).filter((id) => !caughtBy.includes(id)),
    requests: run.requests,
    durationMs: run.durationMs,
  };
}

/** What a fault came to, in one word: detected, else the kind of its excuse, else missed. */
export function faultLabel(f: Pick<FaultResult, 'detected' | 'excuse'>): FaultLabel {
  if (f.detected) return 'detected';
  if (f.excuse?.code === 'equivalent') return 'equivalent';
  if (f.excuse?.code === 'unsendable') return 'untestable';
  if (f.excuse?.code === 'other-reading') return 'contested';
  return 'missed';
}

/** Whether a fault counts in the score: not when an equivalent mutant, nor (undetected) when excused. */
export function counts(f: Pick<FaultResult, 'detected' | 'excuse'>): boolean {
  const label = faultLabel(f);
  return label === 'detected' ? f.excuse?.code !== 'equivalent' : label === 'missed';
}

/** The score of a set of fault results. */
export function scoreOf(results: readonly Pick<FaultResult, 'detected' | 'excuse'>[]): Score {
  const counted = results.filter(counts);
  const detected = counted.filter((f) => f.detected).length;
  const label = (l: FaultLabel) => results.filter((f) => faultLabel(f) === l).length;
  return { score: counted.length ? detected / counted.length : 1, detected, total: counted.length, equivalent: results.filter((f) => f.excuse?.code === 'equivalent').length, untestable: label('untestable'), contested: label('contested') };
}

/**
 * One profile's results at several seeds as one: a fault is detected only when every seed
 * detected it (its description says at which seeds it was missed, when some did).
 */
export function combineSeeds(runs: readonly FaultResult[][], seeds: readonly number[]): FaultResult[] {
  const [first = []] = runs;
  return first.map((f) => {
    const all = runs.map((r) => r.find((x) => x.name === f.name)!);
    const missedAt = seeds.filter((_, k) => !all[k]!.detected);
    const detected = missedAt.length === 0;
    return { ...f, detected, ...(missedAt.length && missedAt.length < seeds.length ? { description: `${f.description} (missed at seed ${missedAt.join(', ')})` } : {}) };
  });
}

/**
 * What an unfaulted server got that it should not have: every violation, and every deviation but
 * the ones its profile makes by design (`expected`: row ids, or prefixes ending in '.').
 */
export function falseAlarmsOf(rows: readonly ResultRecord[], expected: readonly string[]): ResultRecord[] {
  const byDesign = (r: ResultRecord) => r.verdict === 'deviation' && expected.some((id) => (id.endsWith('.') ? r.rowId.startsWith(id) : r.rowId === id));
  return brokenRows(rows).filter((r) => !byDesign(r));
}

/** What a mutation sweep of one profile came to: the faults it missed, and whether it fails (a miss or a false alarm). */
export function sweepOutcome(profile: { faults: readonly FaultResult[]; falseAlarms: readonly unknown[] }): { missed: FaultResult[]; fails: boolean } {
  const missed = profile.faults.filter((f) => faultLabel(f) === 'missed');
  return { missed, fails: missed.length > 0 || profile.falseAlarms.length > 0 };
}
