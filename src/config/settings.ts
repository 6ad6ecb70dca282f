/**
 * Every setting the suite reads, with its meaning and how to check it. `.env.example` documents the
 * same names; a test keeps the two in step.
 */
export interface Setting {
  name: string;
  help: string;
  /** Marks a value that must never appear in a report, log or artifact. */
  secret?: boolean;
  /** Shapes the run, not the target (how much is sent, how long reads may lag): the mutation run takes it from the environment as a run does. */
  plan?: boolean;
}

export const SETTINGS: Setting[] = [
  { name: 'DISPATCH_BASE_URL', help: 'the Dispatch base URL, e.g. https://tenant.example.io/core/api/v2/dispatch-service (empty: the embedded server)' },
  { name: 'DISPATCH_ACCESS_TOKEN', help: 'a static access token, sent as X-COREOS-ACCESS', secret: true },
  { name: 'DISPATCH_CLIENT_ID', help: 'OS1 client id for the client-credentials token flow' },
  { name: 'DISPATCH_CLIENT_SECRET', help: 'OS1 client secret for the client-credentials token flow', secret: true },
  { name: 'DISPATCH_AUTH_URL', help: 'the client-credentials endpoint, e.g. https://tenant.example.io/core/api/v1/aaa/auth/client-credentials' },
  { name: 'DISPATCH_AUDIENCE', help: 'the audience to ask a token for (optional)' },
  { name: 'DISPATCH_TENANT_ID', help: 'the tenant id, sent as X-COREOS-TID' },
  { name: 'DISPATCH_PEER_ACCESS_TOKEN', help: "a second tenant's static access token, for the security probes (the peer)", secret: true },
  { name: 'DISPATCH_PEER_CLIENT_ID', help: "a second tenant's OS1 client id (client credentials at DISPATCH_AUTH_URL), instead of DISPATCH_PEER_ACCESS_TOKEN" },
  { name: 'DISPATCH_PEER_CLIENT_SECRET', help: "a second tenant's OS1 client secret", secret: true },
  { name: 'DISPATCH_PEER_TENANT_ID', help: "the peer's tenant id, sent as X-COREOS-TID with its token (another tenant than DISPATCH_TENANT_ID)" },
  { name: 'DISPATCH_PEER_JOB_TYPE_ID', help: "a job type of the peer's tenant, for the job the peer makes of its own to prove its token works (default: the first DISPATCH_JOB_TYPE_ID)" },
  { name: 'DISPATCH_PEER_JOB_WORKFLOW_ID', help: "a job workflow of the peer's tenant, for that job (default: the first DISPATCH_JOB_WORKFLOW_ID)" },
  { name: 'DISPATCH_JOB_TYPES_BY_TENANT', help: 'true when the deployment scopes job types by tenant (the peer must be refused the run\'s job type)' },
  { name: 'DISPATCH_USER_INFO', help: 'a JSON object sent as X-COREOS-USERINFO, e.g. {"id":"qa","name":"conformance"}' },
  { name: 'DISPATCH_SEND_ORIGIN_TOKEN', help: 'true to send X-COREOS-ORIGIN-TOKEN as well' },
  { name: 'DISPATCH_JOB_TYPE_ID', help: 'existing job type ids, comma-separated (the first is the default)' },
  { name: 'DISPATCH_JOB_WORKFLOW_ID', help: 'existing job workflow ids, comma-separated (the first is the default)' },
  { name: 'DISPATCH_LOCATION_IDS', help: 'existing location ids, comma-separated (optional)' },
  { name: 'DISPATCH_CONTACT_IDS', help: 'existing contact ids, comma-separated (optional)' },
  { name: 'DISPATCH_REQUIRED_HEADERS', help: 'the headers the target requires, comma-separated (empty: those the spec marks required)' },
  { name: 'DISPATCH_CONSISTENCY_MS', help: 'how long a read may lag a write, in milliseconds', plan: true },
  { name: 'DISPATCH_RATE_LIMIT', help: 'requests per second at most', plan: true },
  { name: 'DISPATCH_MAX_REQUESTS', help: 'a hard cap on requests per run', plan: true },
  { name: 'DISPATCH_MAX_JOBS', help: 'jobs the run may create on the target, workers and shards together (default 60 for a remote target; 0: no cap)', plan: true },
  { name: 'DISPATCH_CONCURRENCY', help: 'requests the concurrency probes put in flight at once (default 8: that many createJob, each a job)', plan: true },
  { name: 'DISPATCH_TIMEOUT_MS', help: 'how long one request may take, in milliseconds', plan: true },
  { name: 'DISPATCH_MAX_RESPONSE_MS', help: 'answers slower than this many milliseconds are deviations (check:response-time, an assumed rule; empty: none is judged)' },
  { name: 'DISPATCH_RETRY_BUDGET_MS', help: 'how long, beyond DISPATCH_TIMEOUT_MS, requests may keep failing (dropped connections, timeouts) before the target is called unreachable, in milliseconds', plan: true },
  { name: 'CONFORMANCE_SEED', help: 'the fast-check seed (an integer); random when empty' },
  { name: 'CONFORMANCE_RUNS', help: 'random valid bodies per operation (default 5 for a remote target, 30 for the embedded server, 100 with --thorough)', plan: true },
  { name: 'CONFORMANCE_VIOLATION_RUNS', help: 'random violating bodies per constraint beyond the deterministic ones (default 0 remote, 2 embedded, 5 --thorough)', plan: true },
  { name: 'CONFORMANCE_MODEL_RUNS', help: 'random command sequences of the read-after-write test (default 4 remote, 25 embedded or --thorough)', plan: true },
  { name: 'CONFORMANCE_MODEL_COMMANDS', help: 'longest command sequence of the read-after-write test (default 5 remote, 8 embedded or --thorough)', plan: true },
  { name: 'CONFORMANCE_CONCURRENCY_RUNS', help: 'how often each concurrency probe runs (default 3; with a job cap the concurrent creates run once, the rest on their jobs)', plan: true },
  { name: 'CONFORMANCE_TOKEN_WAIT_S', help: 'how long the token lifecycle probe may wait for a client-credentials token to pass its expiresIn, in seconds (default 0 for a remote target: tried only when the run outlives a token; 3 on the embedded server)', plan: true },
  { name: 'CONFORMANCE_THOROUGH', help: 'true: the heavy run on any target (as --thorough): 100 random bodies per operation, more sequences, no default job cap', plan: true },
  { name: 'CONFORMANCE_WORKERS', help: 'parallel workers' },
  { name: 'CONFORMANCE_BASELINE', help: 'a baseline file of accepted violations (npm run baseline writes one)' },
  { name: 'CONFORMANCE_STRICT', help: 'true: deviations from assumed conventions fail the run like violations (also --strict)' },
  { name: 'CONFORMANCE_RULES', help: "a team's severity per rule, comma-separated KEY=SEVERITY: a row id or a prefix of row ids (check:malformed-body, createJob.jobRef), each off, advisory (a deviation) or failing (a violation); the longest key wins" },
  { name: 'CONFORMANCE_MIN_COVERAGE', help: 'coverage thresholds that fail the run, comma-separated CRITERION=PERCENT over the whole API: statuses, request-types, response-types, accept, reject, parameters, members (e.g. statuses=60,reject=100)' },
  { name: 'CONFORMANCE_HISTORY', help: 'the history file each finished run appends its verdicts to, for new, fixed and flaky rows and the trend (default history.jsonl in the report folder; off: none)' },
  { name: 'CONFORMANCE_REPORT_DIR', help: 'where reports are written (default reports/)' },
  { name: 'CONFORMANCE_POSITION', help: 'replay only the cases at this array position (0, 1 or last), as a replay command sets it' },
];

/** Settings set by the command line for the test workers, not by users. */
export const INTERNAL_SETTINGS = ['DISPATCH_EMBEDDED', 'DISPATCH_REVOKE_URL', 'CONFORMANCE_RUN_ID', 'CONFORMANCE_RUN_OWNER', 'DISPATCH_PEER_JOB_ID', 'CONFORMANCE_PREFLIGHT_JOBS', 'CONFORMANCE_DRY_RUN', 'DISPATCH_CONFORMANCE_RUN', 'CONFORMANCE_CONTRACT_CHECKED', 'CONFORMANCE_PEER_NOTE', 'CONFORMANCE_STEP_LIST', 'CONFORMANCE_CACHE_DIR'];

/** The plan settings set in `env`: what `npm run mutation` passes on to each run of the reference server. */
export const planSettingsOf = (env: NodeJS.ProcessEnv): Record<string, string> =>
  Object.fromEntries(SETTINGS.filter((s) => s.plan && env[s.name] !== undefined && env[s.name] !== '').map((s) => [s.name, env[s.name]!]));
