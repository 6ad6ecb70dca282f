/**
 * The checks every exchange goes through, in one registry. The suite runs all that apply and
 * reports each failure under the check's rule (rules.ts); `expectation` is the constraint's own verdict.
 */
import { contentType } from './content-type.ts';
import { credentialEcho } from './credential-echo.ts';
import { documentedStatus } from './documented-status.ts';
import { errorEnvelope, successEnvelope } from './envelopes.ts';
import { errorLeakCheck } from './error-leak.ts';
import { expectation } from './expectation.ts';
import { noServerError } from './no-server-error.ts';
import { responseTime } from './response-time.ts';
import { os1ErrorEnvelope } from './os1-error-envelope.ts';
import { statusPrecision } from './status-precision.ts';
import type { Check } from './types.ts';

export const CHECK_REGISTRY: Check[] = [noServerError, expectation, statusPrecision, documentedStatus, successEnvelope, errorEnvelope, errorLeakCheck, contentType, os1ErrorEnvelope, credentialEcho, responseTime];

/**
 * The checks of an answer to a request the target must refuse (no credentials, an unknown id, a
 * body that is not JSON, another tenant's token): a 2xx is the probe's own finding, so the envelope
 * of an answer that should not have been given is not judged as well (one finding per cause).
 */
export const REFUSAL_CHECKS: Check[] = CHECK_REGISTRY.filter((c) => c !== successEnvelope);

/**
 * The checks of an answer to a write repeated on purpose (the same create again, a jobRef the
 * tenant already has), which the pages are silent on: the target may refuse it with any 4xx (409
 * Conflict is HTTP's answer to a duplicate, and many stacks keep jobRef unique), so its status is
 * not held to the operation's documented ones. A 5xx, the envelopes and the rest still are.
 */
export const REPEAT_CHECKS: Check[] = CHECK_REGISTRY.filter((c) => c !== documentedStatus);

export interface CheckFailure {
  check: Check;
  message: string;
}

export { noServerError, expectation, statusPrecision, documentedStatus, successEnvelope, errorEnvelope, errorLeakCheck, contentType, os1ErrorEnvelope, credentialEcho, responseTime };
export { errorLeak } from './error-leak.ts';
export type { Check, CheckContext, CheckOutcome } from './types.ts';
export { is2xx, is4xx } from './types.ts';
export { RULES, type Rule } from './rules.ts';
