import type { Contract, Operation, Provenance } from '../contract/index.ts';
import type { Reply } from '../client/index.ts';
import type { Case } from '../generate/case.ts';
import type { Rule } from './rules.ts';

export interface CheckContext {
  contract: Contract;
  op: Operation;
  /** DISPATCH_MAX_RESPONSE_MS, when set: the slowest answer the team takes. */
  maxResponseMs?: number;
}

/**
 * A failed check says why in one line; a passed one says nothing. A failure may name the provenance
 * of the part of the rule that broke (an envelope mixes reference and assumed parts); without it,
 * the check's own rule's provenance applies.
 */
export type CheckOutcome = { ok: true } | { ok: false; message: string; provenance?: Provenance };

/** A named check of one exchange, reporting under its rule (see rules.ts). */
export interface Check {
  name: string;
  /** The rule the check judges; undefined for `expectation`, whose rule is the case's constraint. */
  rule?: Rule;
  /**
   * `case`: a failure is a finding of its own on the case's constraint row (evidence naming the
   * rule), not a row of the check's; the constraint's caller counts the requests. `run`: one row
   * for the whole run (`<rule id>`), whatever operation answered. Default: the check's row for the
   * operation (`<rule id>.<operationId>`).
   */
  recordsOn?: 'case' | 'run';
  /** Whether the check has something to say about this reply (e.g. error envelopes only for 4xx). */
  applies(ctx: CheckContext, reply: Reply, c?: Case): boolean;
  run(ctx: CheckContext, reply: Reply, c?: Case): CheckOutcome;
}

export const pass: CheckOutcome = { ok: true };
export const fail = (message: string, provenance?: Provenance): CheckOutcome => ({ ok: false, message, ...(provenance ? { provenance } : {}) });

export const is2xx = (s: number) => s >= 200 && s < 300;
export const is4xx = (s: number) => s >= 400 && s < 500;
