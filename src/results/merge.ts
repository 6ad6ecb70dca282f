/**
 * Turns what the tests attached into one ConformanceReport, and merges shard reports into one.
 *
 * Merging must not depend on the order tests finish in, nor on how tests were split into shards:
 * merging three shards' reports gives the report of one run with all the tests. So every choice
 * below is order-free: facts and counts summed (the gate judges the sums: src/results/gate.ts),
 * evidence sorted by content before it is capped, metadata of a non-catalogue row taken from the
 * smallest candidate. Nothing here decides a verdict or what fails the run.
 */
import { overridesReport, type RuleOverride } from './severity.ts';
import { coverageOf, type CoverageThreshold, type OperationPlan } from './coverage.ts';
import type { ExchangeSample } from './samples.ts';
import { latencyOf } from './latency.ts';
import { REPORT_VERSION, type ConformanceReport, type Evidence, type ExpiredBaselineEntry, type Provenance, type Reason, type ResultRecord, type RunError, type RunFacts, type Side, type Summary, type Verdict } from './model.ts';
import { addFacts, brokenVerdict, judgeRows, missingSides, partialReason, runOutcome, verdictOf } from './gate.ts';

/** The part of a catalogue constraint the reports show (a plain copy; reporters do not load the contract). */
export interface CatalogueEntry {
  id: string;
  operationId: string;
  path: string;
  keyword: string;
  limit: unknown;
  source: string;
  description: string;
  provenance: Provenance;
  contested?: { id: string; provenance: Provenance; source: string }[];
}

/** At most this many pieces of evidence per row: the report is read by people. */
export const EVIDENCE_CAP = 5;

/**
 * Merges records that share a row id and fills in every catalogue constraint no test reported
 * (as `untested`). Catalogue rows take operationId, path, keyword, limit, source and title from the
 * catalogue. Rows come in catalogue order, then checks and observations by id.
 */
export function mergeRecords(records: ResultRecord[], catalogue: CatalogueEntry[]): ResultRecord[] {
  const byId = new Map<string, ResultRecord[]>();
  for (const r of records) {
    if (!r || typeof r.rowId !== 'string') continue;
    const list = byId.get(r.rowId) ?? [];
    list.push(r);
    byId.set(r.rowId, list);
  }
  const out: ResultRecord[] = [];
  const inCatalogue = new Set<string>();
  for (const c of catalogue) {
    inCatalogue.add(c.id);
    const merged = mergeGroup(c.id, byId.get(c.id) ?? []);
    out.push({
      rowId: c.id,
      operationId: c.operationId,
      category: 'constraint',
      title: c.description,
      path: c.path,
      keyword: c.keyword,
      limit: c.limit,
      source: c.source,
      provenance: c.provenance,
      ...(c.contested ? { contested: c.contested } : {}),
      verdict: merged.verdict,
      facts: merged.facts,
      cases: merged.cases,
      ...(merged.positions ? { positions: merged.positions } : {}),
      requests: merged.requests,
      ...(merged.durationMs !== undefined ? { durationMs: merged.durationMs } : {}),
      evidence: merged.evidence,
      ...(merged.planned ? { planned: merged.planned } : {}),
      ...(merged.reasons ? { reasons: merged.reasons } : {}),
      ...(merged.attempts ? { attempts: merged.attempts } : {}),
    });
  }
  const others = [...byId.keys()].filter((id) => !inCatalogue.has(id)).sort();
  for (const id of others) out.push(mergeGroup(id, byId.get(id)!));
  return out;
}

/**
 * One row from the records of it: their facts and cases added up, their plans joined, and the
 * gate's verdict on the sums (strict mode and the baseline apply later, to the whole run). The
 * evidence is that of the findings the verdict comes from: a row violated shows its violations,
 * one that only deviates its deviations.
 */
function mergeGroup(id: string, group: ResultRecord[]): ResultRecord {
  const meta = smallest(group.map((r) => metadataOf(r)));
  const category = meta?.category ?? 'constraint';
  const facts = addFacts(group.map((r) => r.facts));
  const cases = { accept: sum(group.map((r) => r.cases?.accept)), reject: sum(group.map((r) => r.cases?.reject)) };
  const planned = unionSides(group.map((r) => r.planned));
  const { verdict } = verdictOf({ rowId: id, category, facts, cases, planned });
  const missing = missingSides({ planned, cases });
  // Evidence supports the verdict: that of the records with findings (all, for an observation or an
  // untested row), and for a row violated only that of its violations.
  const firm = (e: Evidence) => e.provenance === undefined || brokenVerdict(e.provenance) === 'violated';
  const found = group.filter((r) => category === 'observation' || verdict === 'untested' || r.facts.findings.some((f) => f.count > 0));
  const all = found.flatMap((r) => (Array.isArray(r.evidence) ? r.evidence : []));
  const evidence = verdict === 'violated' ? all.filter(firm) : all;
  const reasons = mergeReasons(group, verdict, missing, facts.judged > 0);
  return {
    rowId: id,
    operationId: meta?.operationId ?? '',
    category,
    title: meta?.title ?? id,
    ...(meta?.path !== undefined ? { path: meta.path } : {}),
    ...(meta?.keyword !== undefined ? { keyword: meta.keyword } : {}),
    ...(meta?.limit !== undefined ? { limit: meta.limit } : {}),
    ...(meta?.source !== undefined ? { source: meta.source } : {}),
    ...(meta?.provenance !== undefined ? { provenance: meta.provenance } : {}),
    ...(meta?.owasp !== undefined ? { owasp: meta.owasp } : {}),
    verdict,
    facts,
    cases,
    ...positionsOf(group),
    requests: sum(group.map((r) => r.requests)),
    ...durationOf(group),
    evidence: capEvidence(evidence),
    ...(planned.length ? { planned } : {}),
    ...(reasons.length ? { reasons } : {}),
    ...attemptsOf(group),
  };
}

/** Every attempt the records of a row list, once each, in a stable order. */
function attemptsOf(group: ResultRecord[]): Pick<ResultRecord, 'attempts'> {
  const seen = new Map<string, NonNullable<ResultRecord['attempts']>[number]>();
  for (const a of group.flatMap((r) => r.attempts ?? [])) seen.set(JSON.stringify([a.operationId, a.as, a.status, a.what]), a);
  const all = [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, a]) => a);
  return all.length ? { attempts: all } : {};
}

/**
 * A test's time shared among the rows it reported, in proportion to each row's requests (a test
 * that sent none gives each row an equal share): what JUnit shows as a testcase's time.
 */
export function shareTestTime(records: ResultRecord[], testDurationMs: number): ResultRecord[] {
  const total = sum(records.map((r) => r.requests));
  const share = (r: ResultRecord) => (total > 0 ? (Number(r.requests) || 0) / total : 1 / records.length);
  return records.map((r) => ({ ...r, durationMs: Math.round(Math.max(0, testDurationMs) * share(r)) }));
}

/** The row's time: the sum of its records' (absent when none carries one, as in a report before it). */
function durationOf(group: ResultRecord[]): Pick<ResultRecord, 'durationMs'> {
  const times = group.map((r) => r.durationMs).filter((d): d is number => typeof d === 'number' && Number.isFinite(d));
  return times.length ? { durationMs: sum(times) } : {};
}

/** Reasons that say why a part of the run did not judge a row (moot when another part did). */
const NOT_JUDGED = new Set<Reason['code']>(['not-reached', 'deferred', 'not-exercised', 'partial', 'stopped', 'interrupted', 'error']);

function unionSides(lists: (Side[] | undefined)[]): Side[] {
  const all = new Set(lists.flatMap((l) => (Array.isArray(l) ? l : [])));
  return (['accept', 'reject'] as const).filter((s) => all.has(s));
}

/**
 * The reasons of a row's records, once each, in a stable order: a record that ran says more than
 * one that was not reached (`not-reached` goes when another reason stands), and a side judged
 * elsewhere is no longer missing (`partial` is recomputed from the merged cases).
 */
function mergeReasons(group: ResultRecord[], verdict: Verdict, missing: Side[], judged: boolean): Reason[] {
  const seen = new Map<string, Reason>();
  // Why a part did not judge the row says nothing once another part did.
  const moot = (r: Reason) => r.code === 'partial' || (verdict !== 'untested' && NOT_JUDGED.has(r.code));
  for (const r of group) for (const reason of Array.isArray(r.reasons) ? r.reasons : []) if (!moot(reason)) seen.set(`${reason.code}|${reason.text}`, reason);
  if (verdict === 'untested' && judged && missing.length) {
    const p = partialReason(missing);
    seen.set(`${p.code}|${p.text}`, p);
  }
  let reasons = [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  if (reasons.some((r) => r.code !== 'not-reached')) reasons = reasons.filter((r) => r.code !== 'not-reached');
  return reasons;
}

type Metadata = Pick<ResultRecord, 'operationId' | 'category' | 'title' | 'path' | 'keyword' | 'limit' | 'source' | 'provenance' | 'owasp'>;

function metadataOf(r: ResultRecord): Metadata {
  return { operationId: r.operationId, category: r.category, title: r.title, path: r.path, keyword: r.keyword, limit: r.limit, source: r.source, provenance: r.provenance, ...(r.owasp !== undefined ? { owasp: r.owasp } : {}) };
}

/** The candidate whose JSON text sorts first: an order-free choice, stable under sharding. */
function smallest<T>(items: T[]): T | undefined {
  let best: T | undefined;
  let bestKey = '';
  for (const item of items) {
    const key = JSON.stringify(item);
    if (best === undefined || key < bestKey) {
      best = item;
      bestKey = key;
    }
  }
  return best;
}

/**
 * Sorted, deduplicated, then cut: the first five of a union of first-fives are the first five of the whole. The
 * order puts what a person should read first: a shrunk case (it carries its seed), then the
 * smallest request body, then content as the tie-break that keeps the order total.
 */
export function capEvidence(evidence: Evidence[]): Evidence[] {
  const size = (e: Evidence) => JSON.stringify(e.exchange?.requestBody ?? '').length;
  return evidence
    .map((e) => ({ e, key: `${e.seed === undefined ? 1 : 0}|${String(size(e)).padStart(9, '0')}|${JSON.stringify(e)}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    // The same piece twice (e.g. the reason of a row no shard reached) says nothing more.
    .filter((x, i, all) => i === 0 || all[i - 1]!.key !== x.key)
    .slice(0, EVIDENCE_CAP)
    .map((x) => x.e);
}

/** The array positions every record of a row was checked at, by direction (a union, in the order 0, 1, last). */
function positionsOf(group: ResultRecord[]): Pick<ResultRecord, 'positions'> {
  const all = group.map((r) => r.positions).filter((p) => p !== undefined);
  if (all.length === 0) return {};
  const union = (lists: (string[] | undefined)[]) => [...new Set(lists.flatMap((l) => (Array.isArray(l) ? l : [])))].sort(byPosition);
  return { positions: { accept: union(all.map((p) => p.accept)), reject: union(all.map((p) => p.reject)) } };
}

/** `0`, `1`, ... before `last`. */
function byPosition(a: string, b: string): number {
  const rank = (p: string) => (p === 'last' ? Number.MAX_SAFE_INTEGER : Number(p));
  return rank(a) - rank(b);
}

function sum(values: (number | undefined)[]): number {
  let total = 0;
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) total += v;
  return total;
}

/** Settings rather than counts: the same in every test, so the last one given wins instead of summing. */
const SETTING_KEYS = new Set(['seed', 'runs']);

/**
 * Merges run facts: counters (`requests`, `retries`, any other number) are summed, arrays
 * concatenated, everything else (target, seed, runs) taken from the last one given.
 */
export function mergeFacts(list: RunFacts[]): RunFacts {
  const out: Record<string, unknown> = {};
  for (const facts of list) {
    if (!facts || typeof facts !== 'object') continue;
    for (const [k, v] of Object.entries(facts)) {
      if (v === undefined) continue;
      const prev = out[k];
      if (typeof v === 'number' && !SETTING_KEYS.has(k)) out[k] = (typeof prev === 'number' ? prev : 0) + v;
      else if (Array.isArray(v)) out[k] = [...(Array.isArray(prev) ? prev : []), ...v];
      else out[k] = v;
    }
  }
  return out as RunFacts;
}

/** The summary of a set of rows. `rows` counts every row (constraints, checks, observations), so the verdict counts add up to it. */
export function summarise(results: ResultRecord[], extra: { requests: number; retries: number; transportRetries?: number; errors: number }): Summary {
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  return {
    constraints: results.filter((r) => r.category === 'constraint').length,
    rows: results.length,
    conforms: count('conforms'),
    violated: count('violated'),
    untested: count('untested'),
    observations: count('observation'),
    deviations: count('deviation'),
    baselined: count('baselined'),
    fixed: results.filter(isFixed).length,
    // Run facts count every request a test sent. Rows overlap (one exchange feeds a constraint and
    // several checks), so their requests describe the row, not the run.
    requests: extra.requests,
    errors: extra.errors,
    retries: extra.retries,
    transportRetries: extra.transportRetries ?? 0,
  };
}

/** A row the baseline lists that now conforms: the baseline entry can be removed. */
export function isFixed(r: ResultRecord): boolean {
  return r.verdict === 'conforms' && r.baselineReason !== undefined;
}

/** The reason an untested row gets when nothing recorded one: no test of the run reached it. */
export const NOT_REACHED = 'not judged: no test of this run reached it (left out by --grep or --shard, or the run ended before its test)';

/**
 * Every untested row says why: rows whose records gave no reason get `reason`. Returns new rows;
 * the others are returned as they are.
 */
function explainUntested(results: ResultRecord[], reason: Reason = { code: 'not-reached', text: NOT_REACHED }): ResultRecord[] {
  return results.map((r) => (r.verdict === 'untested' && !r.reasons?.length ? { ...r, reasons: [reason] } : r));
}

/** Everything a report is built from. */
/** What a run's response times and coverage are computed from. */
export interface RunExchanges {
  samples: readonly ExchangeSample[];
  plan: readonly OperationPlan[];
  thresholds?: readonly CoverageThreshold[];
}

export interface ReportInput {
  tool: string;
  runId: string;
  records: ResultRecord[];
  facts: RunFacts;
  errors: RunError[];
  startedAt: string;
  durationMs: number;
  catalogue: CatalogueEntry[];
  /** The baseline (row id → reason): the gate makes the violations it lists baselined. */
  baseline?: ReadonlyMap<string, string>;
  /** The run's exchanges, for its response times and its coverage (of the spec's plan, against the thresholds). */
  exchanges?: RunExchanges;
  /** Its entries past their last day (not in `baseline`): the report lists them. */
  expiredBaseline?: ExpiredBaselineEntry[];
  /** Used when no test said where it ran. */
  defaultTarget: { baseUrl: string; embedded: boolean };
  /** Strict mode: deviations from assumed conventions are judged as violations. */
  strict?: boolean;
  /** The team's rule severities (CONFORMANCE_RULES): the gate applies them, the report lists them. */
  rules?: readonly RuleOverride[];
  /** Why an untested row that gives no reason of its own was not judged (default: not reached). */
  untestedReason?: Reason;
  /** The run was interrupted before it ended. */
  interrupted?: boolean;
  /** The shard this report is (`--shard=I/N`). */
  shard?: { current: number; total: number };
  /** How the run authenticated. */
  auth?: 'static token' | 'client credentials';
  /** Why the peer had no job of its own, when it had none (the preflight's, CONFORMANCE_PEER_NOTE). */
  peerNote?: string;
}

/** Builds the report of one run (or of merged shards). */
export function buildReport(input: ReportInput): ConformanceReport {
  const strict = input.strict ?? false;
  // The gate judges the merged facts with the run's options: strict mode and the baseline are its inputs.
  const rules = input.rules ?? [];
  const judged = judgeRows(mergeRecords(input.records, input.catalogue), { strict, rules, ...(input.baseline ? { baseline: input.baseline } : {}) });
  const results = explainUntested(judged, input.untestedReason);
  const x = input.exchanges && input.exchanges.samples.length > 0 ? input.exchanges : undefined;
  const coverage = x ? coverageOf(x.plan, x.samples, results, x.thresholds) : undefined;
  const latency = x ? latencyOf(x.samples) : [];
  const key = (e: RunError) => `${e.kind}|${e.test ?? ''}|${e.message}`;
  const errors = [...input.errors].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const createdJobs = [...(input.facts.createdJobs ?? [])].sort((a, b) => (a.jobId + a.jobRef < b.jobId + b.jobRef ? -1 : 1));
  return {
    version: REPORT_VERSION,
    tool: input.tool,
    runId: input.runId,
    target: input.facts.target ?? input.defaultTarget,
    startedAt: input.startedAt,
    durationMs: input.durationMs,
    seed: input.facts.seed ?? 0,
    runs: input.facts.runs ?? 0,
    strict,
    ...(rules.length ? { rules: overridesReport(rules, results.map((r) => r.rowId)) } : {}),
    ...(input.interrupted ? { interrupted: true } : {}),
    ...(input.shard ? { shard: input.shard } : {}),
    ...(input.auth ? { auth: input.auth } : {}),
    ...(input.peerNote ? { peerNote: input.peerNote } : {}),
    summary: summarise(results, { requests: input.facts.requests ?? 0, retries: input.facts.retries ?? 0, transportRetries: input.facts.transportRetries ?? 0, errors: errors.length }),
    outcome: runOutcome(results, errors, { interrupted: input.interrupted, coverageShortfalls: coverage?.shortfalls.length ?? 0 }),
    results,
    createdJobs,
    errors,
    ...(coverage ? { coverage } : {}),
    ...(latency.length ? { latency } : {}),
    ...(input.expiredBaseline?.length ? { expiredBaseline: input.expiredBaseline } : {}),
  };
}

/**
 * Merges shard reports (each from `--shard=i/n` of the same suite) into the report of one run:
 * rows are merged again from their facts (the gate judges the sums, with the baseline given),
 * run facts recombined, the time span taken from the earliest start to the latest end.
 */
export interface MergeOptions {
  /** The baseline given to the merge (row id → reason); else none is applied again. */
  baseline?: ReadonlyMap<string, string>;
  /** Its expired entries; else those the shards listed. */
  expiredBaseline?: ExpiredBaselineEntry[];
  /** The severities given to the merge; else those the shards ran with. */
  rules?: readonly RuleOverride[];
  /**
   * Every shard's exchanges (from their exchanges.har): response times and coverage are computed
   * from them again, as one run computes them (a shard's figures do not add up to the run's).
   * Without them the merged report has neither.
   */
  exchanges?: RunExchanges;
}

export function mergeReports(reports: ConformanceReport[], catalogue: CatalogueEntry[], o: MergeOptions = {}): ConformanceReport {
  const { baseline, rules, expiredBaseline } = o;
  if (reports.length === 0) throw new Error('mergeReports: no report to merge');
  const records: ResultRecord[] = reports.flatMap((rep) => rep.results.map(({ baselineReason: _dropped, ...r }) => r));
  // Every shard was told the same preflight's note: the first that has it.
  const peerNote = reports.find((r) => r.peerNote)?.peerNote;
  // A shard in which no test gave run facts shows defaults (empty target, seed 0): they must not win.
  const facts = mergeFacts(
    reports.map((rep) => ({
      ...(rep.target?.baseUrl ? { target: rep.target } : {}),
      ...(rep.seed ? { seed: rep.seed } : {}),
      ...(rep.runs ? { runs: rep.runs } : {}),
      createdJobs: rep.createdJobs,
      requests: rep.summary.requests,
      retries: rep.summary.retries,
      transportRetries: rep.summary.transportRetries ?? 0,
    })),
  );
  const starts = reports.map((r) => Date.parse(r.startedAt)).filter(Number.isFinite);
  const ends = reports.map((r) => Date.parse(r.startedAt) + r.durationMs).filter(Number.isFinite);
  const start = starts.length ? Math.min(...starts) : Date.now();
  const end = ends.length ? Math.max(...ends) : start;
  return buildReport({
    tool: reports[reports.length - 1]!.tool,
    runId: [...new Set(reports.map((r) => r.runId ?? ''))].sort().join('+'),
    records,
    facts,
    errors: reports.flatMap((r) => r.errors),
    startedAt: new Date(start).toISOString(),
    durationMs: end - start,
    catalogue,
    ...(baseline ? { baseline } : {}),
    // The expired entries of the baseline given to the merge, else those the shards listed.
    expiredBaseline: expiredBaseline ?? [...new Map(reports.flatMap((r) => r.expiredBaseline ?? []).map((e) => [e.id, e])).values()],
    defaultTarget: reports[0]!.target,
    strict: reports.some((r) => r.strict === true),
    // The severities given to the merge, else those the shards ran with.
    rules: rules ?? reports.find((r) => r.rules?.length)?.rules?.map(({ key, severity }) => ({ key, severity })) ?? [],
    interrupted: reports.some((r) => r.interrupted === true),
    ...(reports[0]!.auth ? { auth: reports[0]!.auth } : {}),
    ...(peerNote ? { peerNote } : {}),
    ...(o.exchanges ? { exchanges: o.exchanges } : {}),
  });
}
