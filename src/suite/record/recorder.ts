/**
 * The one writer of a test's rows. Steps hand it what happened (an exchange judged, conforming or
 * breaking a rule; a case not sent, with a typed reason; what an observation saw; a test error) and
 * it keeps the facts, on the row itself (`row.facts`), where merging shards and the reporter add
 * them up; every verdict is the gate's (`verdictOf` in src/results/gate.ts), computed from those
 * facts, never set by a step. `records()` hands the rows to the reporter.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Reply } from '../../client/index.ts';
import { CHECK_REGISTRY, type Check, type CheckFailure, type Rule } from '../../checks/index.ts';
import type { Constraint, Contract, Operation, Provenance } from '../../contract/index.ts';
import { positionName, type Case } from '../../generate/case.ts';
import { brokenVerdict, missingSides, partialReason, verdictOf, type GateOptions } from '../../results/gate.ts';
import type { Attempt, Evidence, Exchange, Reason, ResultRecord, Side } from '../../results/model.ts';
import { exchangeOf } from './evidence.ts';

const MAX_EVIDENCE = 3;

/** An error a test recorded: a case that could not be judged, and why. Not a verdict. */
export interface TestError {
  message: string;
  /** The row the case served. */
  servedId?: string;
  /** The exchange that failed (status 0: no answer). */
  exchange?: Exchange;
}

/** A judged exchange's direction: a side, or the case it sent (its side and array position). */
export type Judged = Side | Pick<Case, 'expect' | 'position'> | undefined;

/** A new row that is not a constraint's or a check's: an observation, a named check of its own. */
export type RowDefinition = Omit<ResultRecord, 'verdict' | 'facts' | 'cases' | 'requests' | 'evidence'>;

export class Recorder {
  private readonly rows = new Map<string, ResultRecord>();
  /** Cases the test could not judge (a transport fault that persisted), in order. */
  readonly errors: TestError[] = [];

  /**
   * `gate`: the run's strict mode and rule severities (read by the gate, not here). `replay`: the
   * command that runs this test again at the run's seed, given to every evidence that names no
   * replay of its own (a check's, a probe's), so each finding can be sent again as it was.
   */
  constructor(
    private readonly contract: Contract,
    readonly gate: Pick<GateOptions, 'strict' | 'rules'> = {},
    private readonly replay?: string,
    /** DISPATCH_MAX_RESPONSE_MS, for check:response-time (judged only when set). */
    private readonly maxResponseMs?: number,
  ) {}

  /** Runs the response checks on an exchange; records them; returns every failure (expectation included). */
  observe(op: Operation, reply: Reply, c?: Case, checks: Check[] = CHECK_REGISTRY): CheckFailure[] {
    const ctx = { contract: this.contract, op, ...(this.maxResponseMs !== undefined ? { maxResponseMs: this.maxResponseMs } : {}) };
    const failures: CheckFailure[] = [];
    for (const check of checks) {
      if (!check.applies(ctx, reply, c)) continue;
      const outcome = check.run(ctx, reply, c);
      if (!outcome.ok) failures.push({ check, message: outcome.message });
      if (!check.rule) continue; // the constraint's own verdict (expectation), recorded by the caller
      const caseRow = check.recordsOn === 'case' && c?.constraintId ? this.rows.get(c.constraintId) : undefined;
      if (caseRow) {
        // A finding of its own on the constraint's row; the constraint's run counts its requests.
        if (!outcome.ok) {
          this.violate(
            caseRow,
            { expected: check.rule.describe, actual: outcome.message, caseDescription: c?.description, ...(c?.position ? { position: positionName(c.position) } : {}), exchange: exchangeOf(reply), rule: check.rule.id },
            outcome.provenance ?? check.rule.provenance,
          );
        }
        continue;
      }
      const row = check.recordsOn === 'run' ? this.runRow(check.rule) : this.checkRow(check.rule, op);
      if (outcome.ok) this.pass(row, c);
      else this.fail(row, c, { expected: check.rule.describe, actual: outcome.message, caseDescription: c?.description, exchange: exchangeOf(reply) }, outcome.provenance);
    }
    return failures;
  }

  /**
   * The row of a rule for an operation (`check:<name>.<operationId>`); with `aspect`, one row per
   * aspect of the rule, such as a member (`check:unknown-reference.jobTypeId.createJob`).
   */
  checkRow(rule: Rule, op: Operation, describe = rule.describe, aspect?: string): ResultRecord {
    const id = aspect ? `${rule.id}.${aspect}.${op.operationId}` : `${rule.id}.${op.operationId}`;
    return this.row({ rowId: id, operationId: op.operationId, category: 'check', title: `${op.operationId} ${describe}`, source: rule.source, provenance: rule.provenance, ...(rule.owasp ? { owasp: rule.owasp } : {}) });
  }

  /** The one row of a rule judged across the run, whatever operation answered (`<rule id>`). */
  runRow(rule: Rule): ResultRecord {
    return this.row({ rowId: rule.id, operationId: '', category: 'check', title: rule.describe, source: rule.source, provenance: rule.provenance, ...(rule.owasp ? { owasp: rule.owasp } : {}) });
  }

  /** The row of a catalogue constraint. */
  constraintRow(constraint: Constraint): ResultRecord {
    return this.row({
      rowId: constraint.id,
      operationId: constraint.operationId,
      category: 'constraint',
      title: constraint.description,
      path: constraint.path,
      keyword: constraint.keyword,
      limit: constraint.limit,
      source: constraint.source,
      provenance: constraint.provenance,
      ...(constraint.contested ? { contested: constraint.contested } : {}),
    });
  }

  /** A row by its definition, made untested the first time; the same row after. */
  row(definition: RowDefinition): ResultRecord {
    const existing = this.rows.get(definition.rowId);
    if (existing) return existing;
    const row: ResultRecord = { ...definition, verdict: 'untested', facts: { findings: [], judged: 0, observed: false }, cases: { accept: 0, reject: 0 }, requests: 0, evidence: [] };
    this.rows.set(row.rowId, row);
    return row;
  }

  /** The sides the row's plan sends: the row conforms only when each was judged (see gate.ts). */
  plan(row: ResultRecord, sides: Iterable<Side>): void {
    const planned = new Set([...(row.planned ?? []), ...sides]);
    row.planned = (['accept', 'reject'] as const).filter((s) => planned.has(s));
    this.settle(row);
  }

  /** One exchange judged for the row that kept its rule. */
  pass(row: ResultRecord, judged?: Judged): void {
    this.judged(row, judged);
  }

  /**
   * One exchange judged for the row whose finding, if any, is recorded apart with violate(): a
   * random case fast-check goes on to shrink, whose minimal form is the evidence.
   */
  judged(row: ResultRecord, judged?: Judged): void {
    this.count(row, judged);
    this.settle(row);
  }

  /** One exchange judged for the row that broke its rule: counted, with its evidence. */
  fail(row: ResultRecord, judged: Judged, evidence: Evidence, provenance?: Provenance): void {
    this.count(row, judged);
    this.violate(row, evidence, provenance);
  }

  /**
   * A broken rule with its evidence (kept to a few per row), not counted as an exchange (the
   * exchange was counted when judged, or the finding sums up several: a shrunk case, a sequence).
   * Its provenance (the row's, unless the finding names the part that broke) makes it a violation
   * or a deviation; once a row is violated only violations' evidence is kept. `lead`: this
   * evidence is the one a person should read first (a shrunk, minimal case).
   */
  violate(row: ResultRecord, evidence: Evidence, provenance: Provenance = row.provenance ?? 'documented', options: { lead?: boolean } = {}): void {
    const facts = this.factsOf(row);
    const verdict = brokenVerdict(provenance);
    const rule = evidence.rule;
    const finding = facts.findings.find((f) => f.provenance === provenance && f.rule === rule);
    if (finding) finding.count++;
    else facts.findings.push({ provenance, ...(rule !== undefined ? { rule } : {}), count: 1 });
    const rowIsViolated = facts.findings.some((f) => brokenVerdict(f.provenance) === 'violated');
    if (rowIsViolated && verdict === 'deviation') return this.settle(row);
    if (verdict === 'violated') row.evidence = row.evidence.filter((e) => brokenVerdict(e.provenance ?? 'documented') === 'violated' || !e.provenance);
    const e = { ...this.replayable(evidence), provenance };
    if (options.lead) row.evidence.unshift(e);
    else if (row.evidence.length < MAX_EVIDENCE) row.evidence.push(e);
    row.evidence.splice(MAX_EVIDENCE);
    this.settle(row);
  }

  /** What a probe sent for the row, with the status it got (the Security section lists them). */
  attempt(row: ResultRecord, a: Attempt): void {
    this.factsOf(row);
    (row.attempts ??= []).push(a);
  }

  /** A case (or a probe's request) for the row was not sent: the typed reason says why. */
  notSent(row: ResultRecord, reason: Reason): void {
    this.note(row, reason);
  }

  /** Something a person must know to read the row (why not judged, another page's reading, ...). */
  note(row: ResultRecord, reason: Reason): void {
    const reasons = (row.reasons ??= []);
    // The same reason twice (the same data) says nothing more.
    if (!reasons.some((r) => isDeepStrictEqual(r, reason))) reasons.push(reason);
  }

  /**
   * Requests spent for the row, judged together rather than one by one (an observation's, a model's
   * sequence): `judged` says whether they judged the row.
   */
  spent(row: ResultRecord, requests: number, judged: boolean): void {
    row.requests += requests;
    if (judged) this.factsOf(row).judged++;
    this.settle(row);
  }

  /** What an observation saw where the pages are silent. */
  observed(row: ResultRecord, evidence: Evidence): void {
    this.factsOf(row).observed = true;
    row.evidence.push(this.replayable(evidence));
    row.evidence.splice(MAX_EVIDENCE);
    this.settle(row);
  }

  private replayable(evidence: Evidence): Evidence {
    return evidence.replay || !this.replay ? evidence : { ...evidence, replay: this.replay };
  }

  /** A case the test could not judge: an error of the test, never a verdict. */
  error(e: TestError): void {
    this.errors.push(e);
  }

  /**
   * Every row, its verdict the gate's, an untested row with the reason it gives (a planned side
   * not judged is `partial`; with none of its own, the test's error).
   */
  records(): ResultRecord[] {
    const rows = [...this.rows.values()];
    for (const row of rows) {
      this.settle(row);
      if (row.verdict !== 'untested') continue;
      const missing = missingSides(row);
      if (row.facts.judged > 0 && missing.length) this.note(row, partialReason(missing));
      if (!row.reasons?.length && this.errors.length) this.note(row, { code: 'error', text: `not judged: its test ended in an error: ${this.errors[0]!.message}` });
    }
    return rows;
  }

  /** The test ended in an error (a crash, a timeout, an interruption): rows it left unjudged say so. */
  endedIn(reason: Reason): void {
    for (const row of this.rows.values()) if (row.verdict === 'untested' && !row.reasons?.length) this.note(row, reason);
  }

  private count(row: ResultRecord, judged: Judged): void {
    row.requests++;
    this.factsOf(row).judged++;
    const side = typeof judged === 'string' ? judged : judged?.expect;
    if (side) row.cases[side]++;
    const position = typeof judged === 'object' ? judged.position : undefined;
    if (side && position) {
      const name = positionName(position);
      row.positions ??= { accept: [], reject: [] };
      if (!row.positions[side].includes(name)) row.positions[side].push(name);
    }
  }

  private factsOf(row: ResultRecord): ResultRecord['facts'] {
    if (this.rows.get(row.rowId) !== row) throw new Error(`${row.rowId} is not a row of this recorder`);
    return row.facts;
  }

  private settle(row: ResultRecord): void {
    row.verdict = verdictOf(row, this.gate).verdict;
  }
}
