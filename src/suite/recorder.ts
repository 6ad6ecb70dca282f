/**
 * Collects what one test learnt: its constraint verdicts and the verdicts of the response checks
 * on every exchange it made, as ResultRecords for the reporter.
 */
import type { Reply } from '../client/index.ts';
import { CHECK_REGISTRY, type Check, type CheckFailure, type Rule } from '../checks/index.ts';
import type { Constraint, Contract, Operation, Provenance } from '../contract/index.ts';
import { positionName, type Case } from '../generate/case.ts';
import { brokenVerdict } from '../results/gate.ts';
import type { Evidence, ResultRecord, Verdict } from '../results/model.ts';
import { exchangeOf } from './evidence.ts';

const MAX_EVIDENCE = 3;

export class Recorder {
  private readonly rows = new Map<string, ResultRecord>();

  /** `strict`: the run judges deviations from assumed conventions as violations (read by the gate, not here). */
  constructor(
    private readonly contract: Contract,
    readonly strict = false,
  ) {}

  /** Runs the response checks on an exchange; records them; returns every failure (expectation included). */
  observe(op: Operation, reply: Reply, c?: Case, checks: Check[] = CHECK_REGISTRY): CheckFailure[] {
    const ctx = { contract: this.contract, op };
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
      const row = this.checkRow(check.rule, op);
      row.requests++;
      if (c) row.cases[c.expect]++;
      if (!outcome.ok) {
        this.violate(row, { expected: check.rule.describe, actual: outcome.message, caseDescription: c?.description, exchange: exchangeOf(reply) }, outcome.provenance);
      }
    }
    return failures;
  }

  /**
   * The row of a rule for an operation (`check:<name>.<operationId>`), created as conforming; with
   * `aspect`, one row per aspect of the rule, such as a member (`check:unknown-reference.jobTypeId.createJob`).
   */
  checkRow(rule: Rule, op: Operation, describe = rule.describe, aspect?: string): ResultRecord {
    const id = aspect ? `${rule.id}.${aspect}.${op.operationId}` : `${rule.id}.${op.operationId}`;
    let row = this.rows.get(id);
    if (!row) {
      row = {
        constraintId: id,
        operationId: op.operationId,
        category: 'check',
        title: `${op.operationId} ${describe}`,
        source: rule.source,
        provenance: rule.provenance,
        ...(rule.owasp ? { owasp: rule.owasp } : {}),
        verdict: 'conforms',
        cases: { accept: 0, reject: 0 },
        requests: 0,
        evidence: [],
      };
      this.rows.set(id, row);
    }
    return row;
  }

  /** The row of a catalogue constraint. */
  constraintRow(constraint: Constraint): ResultRecord {
    let row = this.rows.get(constraint.id);
    if (!row) {
      row = {
        constraintId: constraint.id,
        operationId: constraint.operationId,
        category: 'constraint',
        title: constraint.description,
        path: constraint.path,
        keyword: constraint.keyword,
        limit: constraint.limit,
        source: constraint.source,
        provenance: constraint.provenance,
        ...(constraint.contested ? { contested: constraint.contested } : {}),
        verdict: 'untested',
        cases: { accept: 0, reject: 0 },
        requests: 0,
        evidence: [],
      };
      this.rows.set(constraint.id, row);
    }
    return row;
  }

  /** A free-form row: a named check with its own verdict, or an observation. */
  row(record: Omit<ResultRecord, 'cases' | 'requests' | 'evidence'> & Partial<ResultRecord>): ResultRecord {
    const existing = this.rows.get(record.constraintId);
    if (existing) return existing;
    const row: ResultRecord = { cases: { accept: 0, reject: 0 }, requests: 0, evidence: [], ...record };
    this.rows.set(row.constraintId, row);
    return row;
  }

  /**
   * Records a broken rule with its evidence (kept to a few per row). Its provenance (the row's, unless
   * the failure names the part that broke) makes it a violation or a deviation (see results/gate.ts);
   * a violation outranks a deviation, and then only the violation's evidence is kept.
   */
  violate(row: ResultRecord, evidence: Evidence, provenance: Provenance = row.provenance ?? 'documented'): void {
    const verdict = brokenVerdict(provenance);
    if (row.verdict === 'violated' && verdict === 'deviation') return;
    if (verdict === 'violated' && row.verdict !== 'violated') row.evidence = row.evidence.filter((e) => brokenVerdict(e.provenance ?? 'documented') === 'violated');
    row.verdict = verdict;
    if (row.evidence.length < MAX_EVIDENCE) row.evidence.push({ ...evidence, provenance });
  }

  /** Counts a passing exchange for a row, upgrading `untested` to `conforms`. */
  pass(row: ResultRecord, verdict: Verdict = 'conforms'): void {
    if (row.verdict === 'untested') row.verdict = verdict;
  }

  records(): ResultRecord[] {
    return [...this.rows.values()];
  }
}

