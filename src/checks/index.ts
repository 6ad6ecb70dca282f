/**
 * The checks every exchange goes through, in one registry. The suite runs all that apply and
 * reports each failure under the check's id; `expectation` is the constraint's own verdict.
 */
import type { Reply } from '../client/index.ts';
import type { Case } from '../generate/case.ts';
import { documentedStatus } from './documented-status.ts';
import { errorEnvelope, successEnvelope } from './envelopes.ts';
import { expectation } from './expectation.ts';
import { noServerError } from './no-server-error.ts';
import type { Check, CheckContext } from './types.ts';

export const CHECK_REGISTRY: Check[] = [noServerError, expectation, documentedStatus, successEnvelope, errorEnvelope];

export interface CheckFailure {
  check: Check;
  message: string;
}

/** Runs every applicable check; returns the failures. */
export function runChecks(ctx: CheckContext, reply: Reply, c?: Case, checks: Check[] = CHECK_REGISTRY): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const check of checks) {
    if (!check.applies(ctx, reply, c)) continue;
    const r = check.run(ctx, reply, c);
    if (!r.ok) out.push({ check, message: r.message });
  }
  return out;
}

export { noServerError, expectation, documentedStatus, successEnvelope, errorEnvelope };
export type { Check, CheckContext, CheckOutcome } from './types.ts';
