/**
 * Collects what one test learnt: its constraint verdicts and the verdicts of the response checks
 * on every exchange it made, as ResultRecords for the reporter.
 */
import type { Reply } from '../client/index.ts';
import { CHECK_REGISTRY, expectation, type Check, type CheckFailure } from '../checks/index.ts';
import type { Constraint, Contract, Operation } from '../contract/index.ts';
import type { Case } from '../generate/case.ts';
import type { Evidence, ResultRecord, Verdict } from '../results/model.ts';
import { exchangeOf } from './evidence.ts';

const MAX_EVIDENCE = 3;

export class Recorder {
  private readonly rows = new Map<string, ResultRecord>();

  constructor(private readonly contract: Contract) {}

  /** Runs the response checks on an exchange; records them; returns every failure (expectation included). */
  observe(op: Operation, reply: Reply, c?: Case, checks: Check[] = CHECK_REGISTRY): CheckFailure[] {
    const ctx = { contract: this.contract, op };
    const failures: CheckFailure[] = [];
    for (const check of checks) {
      if (!check.applies(ctx, reply, c)) continue;
      const outcome = check.run(ctx, reply, c);
      if (!outcome.ok) failures.push({ check, message: outcome.message });
      if (check === expectation) continue; // the constraint's own verdict, recorded by the caller
      const row = this.checkRow(check.id, op, check.describe);
      row.requests++;
      if (c) row.cases[c.expect]++;
      if (!outcome.ok) {
        this.violate(row, { expected: check.describe, actual: outcome.message, caseDescription: c?.description, exchange: exchangeOf(reply) });
      }
    }
    return failures;
  }

  /** The row of a named check for an operation (`check:<name>.<operationId>`), created as conforming. */
  checkRow(check: string, op: Operation, describe: string): ResultRecord {
    const id = `${check}.${op.operationId}`;
    let row = this.rows.get(id);
    if (!row) {
      row = {
        constraintId: id,
        operationId: op.operationId,
        category: 'check',
        title: `${op.operationId} ${describe}`,
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

  /** Marks a row violated with evidence (kept to a few per row). */
  violate(row: ResultRecord, evidence: Evidence): void {
    row.verdict = 'violated';
    if (row.evidence.length < MAX_EVIDENCE) row.evidence.push(evidence);
  }

  /** Counts a passing exchange for a row, upgrading `untested` to `conforms`. */
  pass(row: ResultRecord, verdict: Verdict = 'conforms'): void {
    if (row.verdict === 'untested') row.verdict = verdict;
  }

  records(): ResultRecord[] {
    return [...this.rows.values()];
  }
}

