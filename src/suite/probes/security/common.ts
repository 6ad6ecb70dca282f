/**
 * What the security probes share (dispatch-contract.md "Tenants and access", provenance
 * `security`, each from its OWASP API Security Top 10 (2023) item; one probe per file):
 * - api1-object-level.ts: another tenant's identity on the run's job, and each token with the
 *   other tenant's X-COREOS-TID;
 * - api2-authentication.ts: tokens that are not valid (a token past its expiresIn:
 *   ../token-lifecycle.ts);
 * - api3-mass-assignment.ts: bodies carrying members the server owns;
 * - api8-error-leak.ts: error answers without stack traces or source paths.
 * Every job comes from the run's job factory and budget; the plan counts them (jobs.ts).
 */
import type { TokenSource } from '../../../client/index.ts';
import { tokenSourceOf } from '../../../client/from-config.ts';
import type { Reason, ResultRecord } from '../../../results/model.ts';
import type { SuiteContext } from '../../run/context.ts';
import { JobSetupFailed } from '../../jobs/jobs.ts';
import type { Recorder } from '../../record/recorder.ts';

/**
 * The one way a security row is left untested: its reason, typed. (Kept in one place so the
 * recorder's API can change under it.)
 */
export function untested(recorder: Recorder, row: ResultRecord, reason: Reason): void {
  recorder.notSent(row, reason);
}

export function setupReason(e: unknown): Reason {
  if (e instanceof JobSetupFailed) return e.reason;
  throw e;
}

/** The run's own token source (a second one: the client keeps its own private). */
export function ownerToken(ctx: SuiteContext): TokenSource {
  return (ctx.state.ownerToken ??= tokenSourceOf(ctx.config));
}

export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
