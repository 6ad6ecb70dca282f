/** The sample of faults, the seed and the lighter plan the mutation tests share (tests/self/mutation.spec.ts, tests/sweep/). */
export const SEED = 20261128;
/**
 * A lighter plan, set through the settings a user sets (README, "The mutation sweep"): fewer
 * random bodies and model runs. The probes send what they always send.
 */
export const LIGHT: Record<string, string> = {
  CONFORMANCE_RUNS: '3',
  CONFORMANCE_VIOLATION_RUNS: '1',
  CONFORMANCE_MODEL_RUNS: '2',
  CONFORMANCE_MODEL_COMMANDS: '4',
  DISPATCH_CONSISTENCY_MS: '500',
};
/** One fault of every family (the test below holds that it covers them all). */
export const SAMPLE: Record<string, string> = {
  constraint: 'createJob.jobRef.maxLength:off-by-one',
  items: 'createJob.objectives[]:first-item-only',
  referential: 'createJob.jobTypeId:unchecked-reference',
  robustness: 'malformed-json-500',
  state: 'bulk-first-item-only',
  envelope: 'error-without-code',
  status: 'invalid-body-404',
  auth: 'any-token',
  security: 'read-ignores-tenant',
  headers: 'optional-header:X-COREOS-TID',
  lenient: 'updateJob:accepts-missing-members',
  methods: 'patch-as-put',
  paths: 'path-id-too-long-500',
  tokens: 'expired-token-accepted',
  answers: 'json-as-text-plain',
};
/**
 * The settings the CI's sweep adds to the remote plan (.ci/run): a 500 ms consistency window (a
 * caught fault's reads stop waiting sooner) and a 3-second wait for a token to expire (a remote
 * target's run waits for none unless told: CONFORMANCE_TOKEN_WAIT_S).
 */
export const REMOTE_SWEEP: Record<string, string> = { DISPATCH_CONSISTENCY_MS: '500', CONFORMANCE_TOKEN_WAIT_S: '3' };
