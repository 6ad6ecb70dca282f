/**
 * Turns what the tests attached into one ConformanceReport, and merges shard reports into one.
 *
 * Merging must not depend on the order tests finish in, nor on how tests were split into shards:
 * merging three shards' reports gives the report of one run with all the tests. So every choice
 * below is order-free: verdicts by precedence, counts summed, evidence sorted by content before it
 * is capped, metadata of a non-catalogue row taken from the smallest candidate.
 */
import type { ConformanceReport, Evidence, Provenance, Reason, ResultRecord, RunFacts, Side, Summary, Verdict } from '../results/model.ts';
import { gatedVerdict, missingSides, partialReason } from '../results/gate.ts';

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

/** Precedence of verdicts when several records speak of one row. `known-deviation` counts as `violated`: the baseline is applied after. */
const RANK: Record<Verdict, number> = { violated: 5, 'known-deviation': 5, deviation: 4, conforms: 3, observation: 2, untested: 1 };

function normalise(v: Verdict): Verdict {
  return v === 'known-deviation' ? 'violated' : v;
}

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
      cases: merged.cases,
      ...(merged.positions ? { positions: merged.positions } : {}),
      requests: merged.requests,
      ...(merged.durationMs !== undefined ? { durationMs: merged.durationMs } : {}),
      evidence: merged.evidence,
      ...(merged.planned ? { planned: merged.planned } : {}),
      ...(merged.reasons ? { reasons: merged.reasons } : {}),
    });
  }
  const others = [...byId.keys()].filter((id) => !inCatalogue.has(id)).sort();
  for (const id of others) out.push(mergeGroup(id, byId.get(id)!));
  return out;
}

/**
 * One row from the records of it: the broken verdict outranks (violated, then deviation); otherwise
 * conforming where some record conforms and the merged cases cover every planned side (the gate's
 * rule, on the merged facts), else untested with the reasons the records give.
 */
function mergeGroup(id: string, group: ResultRecord[]): ResultRecord {
  const meta = smallest(group.map((r) => metadataOf(r)));
  const category = meta?.category ?? 'constraint';
  let verdict: Verdict = 'untested';
  for (const r of group) if (RANK[normalise(r.verdict)] > RANK[verdict]) verdict = normalise(r.verdict);
  const cases = { accept: sum(group.map((r) => r.cases?.accept)), reject: sum(group.map((r) => r.cases?.reject)) };
  const planned = unionSides(group.map((r) => r.planned));
  const missing = missingSides({ planned, cases });
  // A row that records judged in parts (the accepting side in the boundary test, the refusing one in
  // its own) conforms once the parts cover its plan.
  const judgedSomewhere = group.some((r) => r.verdict === 'conforms' || (Array.isArray(r.reasons) && r.reasons.some((x) => x.code === 'partial')));
  if (verdict === 'conforms' || verdict === 'untested') verdict = judgedSomewhere && missing.length === 0 ? 'conforms' : 'untested';
  // Evidence supports the verdict: only the records that decided it give evidence (all, for an observation or an untested row).
  const deciding = group.filter((r) => category === 'observation' || verdict === 'untested' || normalise(r.verdict) === verdict);
  const evidence = deciding.flatMap((r) => (Array.isArray(r.evidence) ? r.evidence : []));
  // A rule of mixed parts (an envelope) shows the provenance of the part that broke, when one did.
  // A finding of its own on the row (evidence naming another rule) keeps its provenance to itself.
  const provenance = evidence.filter((e) => e.rule === undefined).map((e) => e.provenance).filter((p) => p !== undefined).sort()[0] ?? meta?.provenance;
  const reasons = mergeReasons(group, verdict, missing);
  return {
    rowId: id,
    operationId: meta?.operationId ?? '',
    category,
    title: meta?.title ?? id,
    ...(meta?.path !== undefined ? { path: meta.path } : {}),
    ...(meta?.keyword !== undefined ? { keyword: meta.keyword } : {}),
    ...(meta?.limit !== undefined ? { limit: meta.limit } : {}),
    ...(meta?.source !== undefined ? { source: meta.source } : {}),
    ...(provenance !== undefined ? { provenance } : {}),
    ...(meta?.owasp !== undefined ? { owasp: meta.owasp } : {}),
    verdict,
    cases,
    ...positionsOf(group),
    requests: sum(group.map((r) => r.requests)),
    ...durationOf(group),
    evidence: capEvidence(evidence),
    ...(planned.length ? { planned } : {}),
    ...(reasons.length ? { reasons } : {}),
  };
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
const NOT_JUDGED = new Set<Reason['code']>(['not-reached', 'partial', 'stopped', 'interrupted', 'error']);

function unionSides(lists: (Side[] | undefined)[]): Side[] {
  const all = new Set(lists.flatMap((l) => (Array.isArray(l) ? l : [])));
  return (['accept', 'reject'] as const).filter((s) => all.has(s));
}

/**
 * The reasons of a row's records, once each, in a stable order: a record that ran says more than
 * one that was not reached (`not-reached` goes when another reason stands), and a side judged
 * elsewhere is no longer missing (`partial` is recomputed from the merged cases).
 */
function mergeReasons(group: ResultRecord[], verdict: Verdict, missing: Side[]): Reason[] {
  const seen = new Map<string, Reason>();
  // Why a part did not judge the row says nothing once another part did.
  const moot = (r: Reason) => r.code === 'partial' || (verdict !== 'untested' && NOT_JUDGED.has(r.code));
  for (const r of group) for (const reason of Array.isArray(r.reasons) ? r.reasons : []) if (!moot(reason)) seen.set(`${reason.code}|${reason.text}`, reason);
  const judgedSomewhere = group.some((r) => r.verdict === 'conforms' || (Array.isArray(r.reasons) && r.reasons.some((x) => x.code === 'partial')));
  if (verdict === 'untested' && judgedSomewhere && missing.length) {
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
    knownDeviations: count('known-deviation'),
    fixedDeviations: results.filter(isFixedDeviation).length,
    // Run facts count every request a test sent. Rows overlap (one exchange feeds a constraint and
    // several checks), so their requests describe the row, not the run.
    requests: extra.requests,
    errors: extra.errors,
    retries: extra.retries,
    transportRetries: extra.transportRetries ?? 0,
  };
}

/** A baselined constraint that now conforms: the baseline entry can be removed. */
export function isFixedDeviation(r: ResultRecord): boolean {
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
export interface ReportInput {
  tool: string;
  runId: string;
  records: ResultRecord[];
  facts: RunFacts;
  errors: { test: string; message: string }[];
  startedAt: string;
  durationMs: number;
  catalogue: CatalogueEntry[];
  /** Applies the baseline to merged rows (see baseline.ts); identity when there is none. */
  applyBaseline?: (results: ResultRecord[]) => ResultRecord[];
  /** Used when no test said where it ran. */
  defaultTarget: { baseUrl: string; embedded: boolean };
  /** Strict mode: deviations from assumed conventions are judged as violations (before the baseline). */
  strict?: boolean;
  /** Why an untested row that gives no reason of its own was not judged (default: not reached). */
  untestedReason?: Reason;
  /** The run was interrupted before it ended. */
  interrupted?: boolean;
  /** The shard this report is (`--shard=I/N`). */
  shard?: { current: number; total: number };
  /** How the run authenticated. */
  auth?: 'static token' | 'client credentials';
}

/** Builds the report of one run (or of merged shards). */
export function buildReport(input: ReportInput): ConformanceReport {
  const strict = input.strict ?? false;
  const merged = mergeRecords(input.records, input.catalogue).map((r) => ({ ...r, verdict: gatedVerdict(r.verdict, strict) }));
  const results = explainUntested(input.applyBaseline ? input.applyBaseline(merged) : merged, input.untestedReason);
  const errors = [...input.errors].sort((a, b) => (a.test + a.message < b.test + b.message ? -1 : a.test + a.message > b.test + b.message ? 1 : 0));
  const createdJobs = [...(input.facts.createdJobs ?? [])].sort((a, b) => (a.jobId + a.jobRef < b.jobId + b.jobRef ? -1 : 1));
  return {
    version: 1,
    tool: input.tool,
    runId: input.runId,
    target: input.facts.target ?? input.defaultTarget,
    startedAt: input.startedAt,
    durationMs: input.durationMs,
    seed: input.facts.seed ?? 0,
    runs: input.facts.runs ?? 0,
    strict,
    ...(input.interrupted ? { interrupted: true } : {}),
    ...(input.shard ? { shard: input.shard } : {}),
    ...(input.auth ? { auth: input.auth } : {}),
    summary: summarise(results, { requests: input.facts.requests ?? 0, retries: input.facts.retries ?? 0, transportRetries: input.facts.transportRetries ?? 0, errors: errors.length }),
    results,
    createdJobs,
    errors,
  };
}

/**
 * Merges shard reports (each from `--shard=i/n` of the same suite) into the report of one run:
 * rows are merged again as records (known deviations back to violations, the baseline re-applied),
 * run facts recombined, the time span taken from the earliest start to the latest end.
 */
export function mergeReports(reports: ConformanceReport[], catalogue: CatalogueEntry[], applyBaseline?: (results: ResultRecord[]) => ResultRecord[]): ConformanceReport {
  if (reports.length === 0) throw new Error('mergeReports: no report to merge');
  const records: ResultRecord[] = reports.flatMap((rep) =>
    rep.results.map((r) => {
      const { baselineReason: _dropped, ...rest } = r;
      return { ...rest, verdict: normalise(r.verdict) };
    }),
  );
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
    applyBaseline,
    defaultTarget: reports[0]!.target,
    strict: reports.some((r) => r.strict === true),
    interrupted: reports.some((r) => r.interrupted === true),
    ...(reports[0]!.auth ? { auth: reports[0]!.auth } : {}),
  });
}
