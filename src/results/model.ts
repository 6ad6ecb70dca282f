/**
 * The typed data model of a conformance run: what the suite records for each constraint or check,
 * and what every reporter (JSON, HTML, JUnit, Markdown) reads. Nothing else is shared between the
 * suite and the reporters.
 */

import type { CoverageReport } from './coverage.ts';
import type { HistoryReport } from './history.ts';
import type { RuleOverrideReport } from './severity.ts';
import type { Provenance } from '../contract/vocabulary.ts';

export type { Provenance };

/**
 * `violated`: a documented, reference or security rule is broken (fails the run). `deviation`:
 * the target differs from a rule this project assumed where every page is silent (reported, never
 * failing the run unless --strict). `baselined`: a violation the baseline accepts (it is no
 * deviation: the rule it breaks is a firm one, and the team chose to live with it for now).
 * Decided by the gate (src/results/gate.ts) alone, from the row's facts.
 */
export type Verdict = 'conforms' | 'violated' | 'deviation' | 'untested' | 'observation' | 'baselined';

/**
 * A broken rule on a row: where the rule (or the part of it that broke) comes from, the rule when
 * it is not the row's own (a finding such as check:status-precision on a constraint's row), and
 * how many exchanges (or sequences) broke it.
 */
export interface Finding {
  provenance: Provenance;
  rule?: string;
  count: number;
}

/**
 * What the recorder knows of a row, beside its cases and plan: what broke, how much was judged,
 * whether an observation saw the target. The gate turns them into the verdict, in a test, when
 * shards merge and when strict mode or a baseline applies: facts add up, verdicts do not.
 */
export interface RowFacts {
  findings: Finding[];
  /** Exchanges (or sequences, for a model) judged for the row. */
  judged: number;
  /** An observation recorded what the target did. */
  observed: boolean;
}

/** One HTTP exchange, as evidence. Secrets are already masked. */
export interface Exchange {
  method: string;
  url: string;
  requestHeaders?: Record<string, string>;
  requestBody?: unknown;
  /** Where the body's exact bytes are kept, relative to the report folder (the curl sends that file). */
  bodyFile?: string;
  /** The body's bytes (base64, secrets masked) when requestBody does not give them back: a raw body. */
  requestBytes?: string;
  status: number;
  /** The response body, cut to a readable excerpt. */
  responseExcerpt: string;
  /** The X-COREOS-REQUEST-ID sent, to find the request in the target's logs. */
  requestId: string;
  /** A curl command that replays the request, secrets masked. */
  curl: string;
  durationMs?: number;
}

export interface Evidence {
  /** What the documentation demands, e.g. `reject (4xx)`. */
  expected: string;
  /** What the target did, e.g. `accepted with 202`. */
  actual?: string;
  /** The (minimal, shrunk) failing case's description. */
  caseDescription?: string;
  exchange?: Exchange;
  /**
   * For a finding about state: the acknowledged write(s) that broke the rule, in the order sent,
   * each with its request id and body; `exchange` is then the read that showed it.
   */
  writes?: Exchange[];
  /** fast-check seed and path to replay the failure. */
  seed?: number;
  path?: string;
  replay?: string;
  /** Anything else a person needs to read the verdict. */
  notes?: string[];
  /** Where the broken rule comes from (for a violation or a deviation). */
  provenance?: Provenance;
  /**
   * The rule this evidence is about when it is not the row's own: a finding of its own on the row,
   * such as `check:status-precision` (rejected, but with the wrong documented code).
   */
  rule?: string;
  /** For a case inside an array: the position of the item its member sat in (`0`, `1`, `last`). */
  position?: string;
}

/**
 * Why a row was not judged (fully), or what else a person must know to read its verdict: data with
 * a code that reports, merging and the mutation runner read, and a sentence for people. Nothing
 * reads the sentence.
 */
export const REASON_CODES = [
  /** A job the case needed is past DISPATCH_MAX_JOBS (or the violation phase's share of it). */
  'budget',
  /** DISPATCH_MAX_REQUESTS is spent. */
  'requests',
  /** The case names an id of a kind no configured pool holds (locations, contacts, ...). */
  'no-pool',
  /** The case cannot be sent as it means on this target (no such jobRef can exist, ...). */
  'unsendable',
  /** The job (or other fact) the case needed could not be set up on the target. */
  'setup',
  /** The answer was lost to the transport on every attempt. */
  'transport',
  /** The run stopped (the target became unreachable). */
  'stopped',
  /** The run was interrupted (Ctrl-C, SIGTERM) before the row was judged. */
  'interrupted',
  /** No test of this run reached the row (--grep, --shard, or the run ended first). That, and nothing else. */
  'not-reached',
  /** The case is judged by another test of the run (a refused pack's values, each sent alone by the operation's boundary test). */
  'deferred',
  /** The test ran, but its random generation never made a case for the row (raise its number of runs). */
  'not-exercised',
  /** Only some of the sides planned for the row were sent: it cannot conform. */
  'partial',
  /** Where the pages contradict each other the target took the other page's reading. */
  'other-reading',
  /** The read left a member out, so it was not judged. */
  'left-out',
  /** What the row needs is not configured (a header list, a second identity, ...). */
  'not-configured',
  /** No second identity (peer) is configured. */
  'no-peer',
  /**
   * The peer's token was refused on its own tenant's job too: a refusal it got on the run's job is
   * its token's, not tenant isolation's, and judges nothing.
   */
  'peer-token',
  /** The row failed only because of a root finding on another row (see Evidence.rootCause). */
  'knock-on',
  /** Its test ended in an error before the row was judged. */
  'error',
  /** No probe exists for it yet. */
  'no-probe',
  /** A fault of the reference server no request can tell from a correct server (the mutation score leaves it out). */
  'equivalent',
  /** The team turned the row's rule off (CONFORMANCE_RULES): it is not judged. */
  'rule-off',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  /** The sentence a person reads; never matched by code. */
  text: string;
  /** For a `knock-on`: the row whose finding is the cause. */
  root?: string;
}

/** A direction a row's cases are sent in: a case the target must accept, or one it must refuse. */
export type Side = 'accept' | 'reject';

/** One row of the results: a catalogue constraint, or a named check (auth, envelopes, 404s, read-after-write...). */
export interface ResultRecord {
  /** Catalogue constraint id, or `check:<name>` / `observation:<name>` for checks and probes. */
  rowId: string;
  operationId: string;
  /** `constraint`, `check` or `observation`. */
  category: 'constraint' | 'check' | 'observation';
  title: string;
  path?: string;
  keyword?: string;
  limit?: unknown;
  /** The sentence the rule comes from (the how-to page's, the reference's, or our pin). */
  source?: string;
  /** Where the rule comes from: documented, reference, security or assumed. */
  provenance?: Provenance;
  /** For an access rule: the OWASP API Security Top 10 (2023) item it comes from, e.g. `API1:2023`. */
  owasp?: string;
  /** Other readings of the pages that judge this rule otherwise (either answer conforms where they disagree). */
  contested?: { id: string; provenance: Provenance; source: string }[];
  /** The gate's verdict, from `facts` (and the run's strict mode and baseline). */
  verdict: Verdict;
  /** What the verdict is decided from; a merge adds them up and asks the gate again. */
  facts: RowFacts;
  /** For a baselined row (or one the baseline lists that conforms again): the reason given in the baseline. */
  baselineReason?: string;
  /** Cases sent for this row, by direction. */
  cases: { accept: number; reject: number };
  /**
   * For a constraint inside an array: the positions its cases were sent at, by direction (`0`, `1`
   * for the second of two items, `last` for the last of three or more; the other items valid).
   */
  positions?: { accept: string[]; reject: string[] };
  requests: number;
  /**
   * The row's share of the time of the tests that reported it, in proportion to the requests it
   * had in each (JUnit's testcase time). A timing field: never the same in two runs.
   */
  durationMs?: number;
  evidence: Evidence[];
  /**
   * The sides the row's plan sends (a constraint's accepting and refusing cases). A row conforms
   * only when each planned side was judged; absent: any judged case suffices.
   */
  planned?: Side[];
  /** Why the row is untested or partial, and other things to know, as data (see REASON_CODES). */
  reasons?: Reason[];
  /** What the row's probe sent, each with the status it got: data the reports list and tests read. */
  attempts?: Attempt[];
}

/** What a probe sent for a row and the status it got. */
export interface Attempt {
  /** The operation sent (its operationId). */
  operationId: string;
  /**
   * What it was sent as, a code for code to read: an identity (`peer`, `peer-token+run-tid`,
   * `run-token+peer-tid`), a token (`empty`, `one-char-changed`, ...), a method (`PATCH`), a value.
   */
  as: string;
  /** The status it got. */
  status: number;
  /** For people: what was sent, in words (never read by code). */
  what: string;
}

export interface Summary {
  /** Catalogue constraints in the results (tested or not). */
  constraints: number;
  /** Every row: constraints, checks and observations; the verdict counts add up to it. */
  rows: number;
  conforms: number;
  violated: number;
  untested: number;
  observations: number;
  /** Rows where the target differs from an assumed convention (not failing unless strict). */
  deviations: number;
  /** Violations the baseline accepts. */
  baselined: number;
  /** Rows the baseline lists that conform now (their entries can be pruned). */
  fixed: number;
  requests: number;
  errors: number;
  retries: number;
  /**
   * Requests sent again after a transport fault (a dropped connection, a timeout): a read or an
   * unsent request repeated by the client, or a case run again on fresh state. Apart from `retries`.
   */
  transportRetries: number;
}

/** The kinds of error a run can end with, apart from verdicts: its own, its baseline's, the target's (it stopped answering), a test's. */
export type RunErrorKind = 'run' | 'baseline' | 'target' | 'test';

/** An error of the run, not a verdict: a case that could not be judged, a crash, an unreachable target, a broken baseline. */
export interface RunError {
  kind: RunErrorKind;
  /** The test it happened in (kind `test`). */
  test?: string;
  message: string;
}

/** What the run came to, the same in every report and in the exit code: decided once, by the gate (runOutcome). */
export interface RunOutcome {
  headline: 'PASS' | 'FAIL' | 'STOPPED' | 'INTERRUPTED';
  /** 0 PASS, 1 FAIL, 3 STOPPED (the target stopped answering), 130 INTERRUPTED. */
  exitCode: number;
  /** Why it does not pass, as data: the rows violated, the errors by kind. */
  violated: number;
  errors: Partial<Record<RunErrorKind, number>>;
  /** Coverage criteria below their CONFORMANCE_MIN_COVERAGE threshold (absent: none). */
  coverageShortfalls?: number;
}

/** The version of conformance.json this tool writes and reads. */
export const REPORT_VERSION = 2;

export interface ConformanceReport {
  version: typeof REPORT_VERSION;
  tool: string;
  /**
   * The run's id (CONFORMANCE_RUN_ID; shards merged: theirs joined with '+'). Files written beside
   * the report for one run (exchanges.har, mutation.json) carry it, and the HTML shows them only
   * when it matches.
   */
  runId: string;
  target: { baseUrl: string; embedded: boolean };
  startedAt: string;
  durationMs: number;
  seed: number;
  runs: number;
  /** Strict mode: deviations from assumed conventions were judged as violations. */
  strict: boolean;
  /** The team's rule severities (CONFORMANCE_RULES), each with the rows it decided; absent when none is set. */
  rules?: RuleOverrideReport[];
  /** The run was interrupted (Ctrl-C, SIGTERM): its headline is INTERRUPTED, never PASS. */
  interrupted?: boolean;
  /** How the run authenticated: a static token, or client credentials exchanged for tokens. */
  auth?: 'static token' | 'client credentials';
  /** Why the peer had no job of its own (the preflight's), when it had none: its isolation rows proved less, and say so. */
  peerNote?: string;
  /** For one shard of a run (`--shard=I/N`): which one. Merging checks the set is whole. */
  shard?: { current: number; total: number };
  summary: Summary;
  /** What the run came to (runOutcome in src/results/gate.ts): every report and the exit code read it. */
  outcome: RunOutcome;
  results: ResultRecord[];
  /** Jobs the run created on the target, for cleanup (jobId and run-tagged jobRef; the tenant when it is the peer's). */
  createdJobs: { jobId: string; jobRef: string; tenantId?: string }[];
  /** What `--complete-created` did to them after every check, when it was asked for. */
  completed?: Completion[];
  /** Errors (not verdicts): a test that crashed or could not judge a case, the target stopping, a baseline that cannot be read. */
  errors: RunError[];
  /** What changed since the earlier runs against the same target (src/results/history.ts); absent for shards and unfinished runs, or with CONFORMANCE_HISTORY=off. */
  history?: HistoryReport;
  /** What the run covered, per operation and criterion, with the thresholds' shortfalls (src/results/coverage.ts); absent when no exchange was kept. */
  coverage?: CoverageReport;
  /** Response times per operation, from the exchanges sent (src/results/latency.ts); absent when none was kept. */
  latency?: OperationLatency[];
  /** Baseline entries past their last day: they excused nothing in this run (src/results/baseline.ts). */
  expiredBaseline?: ExpiredBaselineEntry[];
}

/** An operation's response times in milliseconds (request start to the answer's last byte), over the requests it answered. */
export interface OperationLatency {
  operationId: string;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** A baseline entry past its `expires` date, as the report lists it. */
export interface ExpiredBaselineEntry {
  id: string;
  reason: string;
  owner?: string;
  expires: string;
}

/** One created job as `--complete-created` left it. */
export interface Completion {
  jobId: string;
  jobRef: string;
  /** Its status when read before completing it. */
  before: string;
  /** What was done: `completed (202)`, `already completed`, or what the target answered. */
  action: string;
  /** Its status read back afterwards (COMPLETED when all went well). */
  after: string;
}

/** The attachment name under which a test hands its result records to the reporter. */
export const RESULT_ATTACHMENT = 'dispatch-conformance-results';

/**
 * Run-level facts a test hands to the reporter under RUN_ATTACHMENT. Facts from many tests are
 * merged: numbers are summed, arrays concatenated, other values taken from the last one given.
 */
export interface RunFacts {
  target?: { baseUrl: string; embedded: boolean };
  seed?: number;
  runs?: number;
  createdJobs?: { jobId: string; jobRef: string; tenantId?: string }[];
  /** Every request the test sent: the run's request count is the sum of these. */
  requests?: number;
  /** 429/503 answers retried after Retry-After. */
  retries?: number;
  /** Requests sent again after a transport fault (see Summary.transportRetries). */
  transportRetries?: number;
  /** Errors (not verdicts) the test ended in: a case it could not judge, a crash, a timeout. */
  errors?: string[];
  /** Set when the target was called unreachable during the test: the one line that says so. */
  unreachable?: string;
  /** How the test's worker authenticated (from its configuration, .env included). */
  auth?: 'static token' | 'client credentials';
}

/** The attachment name under which a test hands RunFacts to the reporter. */
export const RUN_ATTACHMENT = 'dispatch-conformance-run';

/**
 * The one attachment a conformance test hands the reporter: `{ records, facts, exchanges }`
 * (ResultRecord[], RunFacts, the exchanges it sent). One attachment, not three: each attach is a
 * step of the test, and a step costs a stack trace.
 */
export const TEST_ATTACHMENT = 'dispatch-conformance-test';

/**
 * Names of the checks that are not catalogue constraints. A ResultRecord of a check has
 * row id `check:<name>` or `check:<name>.<operationId>`.
 */
export const CHECKS = {
  no5xx: 'check:no-5xx',
  errorEnvelope: 'check:error-envelope',
  successEnvelope: 'check:success-envelope',
  documentedStatus: 'check:documented-status',
  unknownId: 'check:unknown-id', // + '.<operationId>'
  auth: 'check:auth', // + '.<operationId>'
  readAfterWrite: 'check:read-after-write',
  malformedBody: 'check:malformed-body',
  acceptsValid: 'check:accepts-valid', // + '.<operationId>': random valid bodies are accepted
  statusPrecision: 'check:status-precision', // a finding on a constraint's row: rejected, but with the wrong documented code
  requiredHeaders: 'check:required-headers', // + '.<operationId>': a request without a required header is refused
  unknownReference: 'check:unknown-reference', // + '.<member path>.<operationId>': a well-formed id that names nothing is refused
  tenantIsolation: 'check:tenant-isolation', // + '.<operationId>': a peer tenant cannot read or change the run's job (API1)
  tenantBinding: 'check:tenant-binding', // a token sent with another tenant's X-COREOS-TID is refused (API1)
  tokenVariants: 'check:token-variants', // + '.<operationId>': empty, altered, never-issued, Bearer-only, revoked tokens get 401 (API2)
  massAssignment: 'check:mass-assignment', // + '.<operationId>': members the server owns are never taken from a body (API3)
  errorLeak: 'check:error-leak', // error answers carry no stack trace, source path or exception name (API8)
  frame: 'check:frame', // + '.<operationId>': an acknowledged write changes only the members it sets
  roundTrip: 'check:round-trip', // values written (spaces, NFD, a zero-width joiner, case, epoch ms, integers near 2^53) read back exactly
  concurrentCreate: 'check:concurrent-create', // K createJob in flight at once make K distinct jobs, each with its own jobRef and body
  concurrentWrites: 'check:concurrent-writes', // two acknowledged writes to one job at once are both kept (one of the two, on one member)
  bodySize: 'check:body-size', // + '.<operationId>': valid bodies of growing size are accepted; a body of several MiB gets a 4xx
  pathParameters: 'check:path-parameters', // + '.<operationId>': an id that cannot name an entity (broken encoding, dot segments, too long, ...) gets 400 or 404, never a 5xx or another entity's data
  refusedWrite: 'check:refused-write', // + '.<operationId>': a write refused with a 4xx leaves the job (or job type) it named as it was
  repeatedCreate: 'check:repeated-create', // + '.createJob': the same body twice, or an existing jobRef again: a new job or a refusal, the earlier job unchanged
  repeatedUpdate: 'check:repeated-update', // + '.updateJobById': the same PUT twice leaves the job as one does (RFC 9110 idempotence)
  duplicateItems: 'check:duplicate-items', // + '.<operationId>': two equal items in one array are refused or taken, never a 5xx
  numberEdges: 'check:number-edges', // + '.<operationId>': -0, fractions, 1E2, 2^53 ± 1, 1e308, 5e-324 in every numeric member: valid ones taken and read back the same, invalid ones refused
  tokenExpiry: 'check:token-expiry', // a client-credentials token kept past its expiresIn is refused with 401 (API2)
  contentType: 'check:content-type', // + '.<operationId>': every answer with a body is labelled application/json (or a +json type)
  credentialEcho: 'check:credential-echo', // no answer carries the caller's credentials (API8)
  os1ErrorEnvelope: 'check:os1-error-envelope', // + '.<operationId>': a 4xx in OS1's envelope has a 12-digit code, a description, additionalInfo and the request echoed
  responseTime: 'check:response-time', // + '.<operationId>': every answer within DISPATCH_MAX_RESPONSE_MS (assumed; judged only when it is set)
  unsupportedMethod: 'check:unsupported-method', // + '.<operationId>' (the first operation of a path): a method the spec does not give the path gets 405 with Allow, or 404, and changes nothing
} as const;
