/**
 * Configuration: `.env` through dotenv, real environment variables winning. Every value is checked
 * here, and a bad one is a UserError whose one line names the variable, where it came from, and
 * what to set instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { UserError } from '../shared/user-error.ts';
import { INTERNAL_SETTINGS, SETTINGS } from './settings.ts';
import { nearest } from '../shared/nearest.ts';
import { isYes } from '../shared/text.ts';
import { newRunId } from '../shared/run-id.ts';
import { parseRuleOverrides, RuleSyntaxError, type RuleOverride } from '../results/severity.ts';
import { CoverageSyntaxError, parseCoverageThresholds, type CoverageThreshold } from '../results/coverage.ts';

export { newRunId };

export interface Config {
  /** The target's base URL; undefined when the embedded server is to be used. */
  baseUrl?: string;
  embedded: boolean;
  accessToken?: string;
  clientId?: string;
  clientSecret?: string;
  authUrl?: string;
  audience?: string;
  tenantId: string;
  /** A second identity, of another tenant, for the security probes; undefined when none is configured. */
  peer?: PeerConfig;
  /** The deployment scopes job types by tenant (DISPATCH_JOB_TYPES_BY_TENANT). */
  jobTypesByTenant: boolean;
  /** Where a POST revokes every token the target issued: only the embedded server has one (set by the command line). */
  revokeUrl?: string;
  userInfo: string;
  sendOriginToken: boolean;
  jobTypeIds: string[];
  jobWorkflowIds: string[];
  locationIds: string[];
  contactIds: string[];
  /** Headers the target requires (upper case), when narrowed by DISPATCH_REQUIRED_HEADERS; undefined: as the spec marks them. */
  requiredHeaders?: string[];
  consistencyMs: number;
  rateLimit: number;
  maxRequests: number;
  timeoutMs: number;
  /** Answers slower than this many milliseconds deviate from check:response-time (assumed); unset: none is judged. */
  maxResponseMs?: number;
  /** How long requests may keep failing before the target is called unreachable. */
  retryBudgetMs: number;
  seed: number;
  /** True when the seed was given, false when it was drawn for this run. */
  seedGiven: boolean;
  /** Random valid bodies per operation. */
  runs: number;
  /** Random violating bodies per constraint, beyond the deterministic ones (a failure is shrunk whatever this is). */
  violationRuns: number;
  /** Random command sequences of the read-after-write test, and their longest length. */
  modelRuns: number;
  modelCommands: number;
  /** Requests the concurrency probes put in flight at once (DISPATCH_CONCURRENCY), and how often each probe runs. */
  concurrency: number;
  concurrencyRuns: number;
  /**
   * How long the token lifecycle probe may wait for a client-credentials token to pass its
   * expiresIn (CONFORMANCE_TOKEN_WAIT_S, in ms here): 0 on a remote target (tried only when the run
   * outlives a token), a few seconds on the embedded server, whose tokens live a second.
   */
  tokenWaitMs: number;
  /** Jobs the run may create on the target, all workers and shards together (0: no cap). */
  maxJobs: number;
  /** The heavy run: the embedded server's numbers of random bodies and sequences, and no job cap, on any target. */
  thorough: boolean;
  workers: number;
  baseline?: string;
  /** Deviations from assumed conventions fail the run too (CONFORMANCE_STRICT, --strict). */
  strict: boolean;
  /** A team's severity per rule (CONFORMANCE_RULES): off, advisory or failing, applied by the gate. */
  rules: RuleOverride[];
  /** Coverage thresholds (CONFORMANCE_MIN_COVERAGE): a criterion below its percentage fails the run. */
  coverage: CoverageThreshold[];
  reportDir: string;
  /** Only the cases at this array position (`0`, `1`, `last`) are sent: a replay command sets it. */
  position?: string;
  runId: string;
  dryRun: boolean;
}

/** The peer identity: a static token or client credentials (at DISPATCH_AUTH_URL), and its tenant. */
export interface PeerConfig {
  tenantId: string;
  /** A job type and a workflow of the peer's tenant, for the job it makes of its own (default: the run's first ones). */
  jobTypeId: string;
  jobWorkflowId: string;
  /** The peer's own job the preflight made and read back (set by the command line for the workers). */
  ownJobId?: string;
  accessToken?: string;
  clientId?: string;
  clientSecret?: string;
}

/**
 * The OS1 headers the suite sends on every request (src/client/client.ts), the only ones
 * DISPATCH_REQUIRED_HEADERS may name; X-COREOS-ORIGIN-TOKEN only with DISPATCH_SEND_ORIGIN_TOKEN.
 */
export const SENT_HEADERS = ['X-COREOS-REQUEST-ID', 'X-COREOS-TID', 'X-COREOS-USERINFO', 'X-COREOS-ACCESS', 'X-COREOS-ORIGIN-TOKEN'] as const;

/** Requests per second that means no pacing at all. */
export const UNLIMITED_RATE = 1_000_000;

export const DEFAULTS = {
  tenantId: 'conformance',
  userInfo: '{"id":"qa","name":"conformance"}',
  jobTypeIds: ['jobtype-conformance'],
  jobWorkflowIds: ['workflow-conformance'],
  consistencyMs: 2000,
  rateLimit: 50,
  maxRequests: 20000,
  timeoutMs: 10000,
  retryBudgetMs: 5000,
  workers: 2,
  concurrency: 8,
  concurrencyRuns: 3,
  /** Seconds the token lifecycle probe may wait for a token to expire: none on a remote target; a few on the embedded server, whose tokens live a second. */
  tokenWaitS: { remote: 0, embedded: 3 },
};

/**
 * How much of each kind of case a run sends, by kind of run. A remote target is usually a shared
 * staging deployment where every job is real and stays: it gets what detection needs (every
 * boundary and every violation, few random bodies; see README "Cost on staging" for the numbers)
 * and at most 60 jobs. The embedded server costs no one anything: it gets more random bodies and
 * sequences and no job cap, in a run quick enough to run often (about 8 s). `--thorough`
 * (CONFORMANCE_THOROUGH=true) gets the heavy run on any target. Each number can still be set on its own.
 */
export const RUN_DEFAULTS = {
  remote: { runs: 5, violationRuns: 0, modelRuns: 4, modelCommands: 5, maxJobs: 60 },
  embedded: { runs: 30, violationRuns: 2, modelRuns: 25, modelCommands: 8, maxJobs: 0 },
  heavy: { runs: 100, violationRuns: 5, modelRuns: 25, modelCommands: 8, maxJobs: 0 },
} as const;

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** The .env file; missing is fine. */
  envFile?: string;
}

/** Where each value came from, for messages. */
type Sources = Map<string, string>;

/** Reads and checks the configuration. Throws UserError with one line on the first bad value. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const envFile = options.envFile ?? path.resolve('.env');
  const fromFile = readEnvFile(envFile);
  const sources: Sources = new Map();
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(fromFile)) {
    values[k] = v;
    sources.set(k, path.basename(envFile));
  }
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined || !PREFIXES.some((p) => k.startsWith(p))) continue;
    values[k] = v;
    sources.set(k, 'the environment');
  }
  checkNames(Object.keys(fromFile), path.basename(envFile), Object.keys(env));
  const get = (name: string): string | undefined => {
    const v = values[name]?.trim();
    return v === '' ? undefined : v;
  };
  const where = (name: string) => `${name} in ${sources.get(name) ?? 'the configuration'}`;
  const bad = (name: string, what: string) => new UserError(`${where(name)} ${what}`);

  const baseUrl = get('DISPATCH_BASE_URL');
  if (baseUrl !== undefined) checkUrl(baseUrl, 'DISPATCH_BASE_URL', bad);
  const accessToken = get('DISPATCH_ACCESS_TOKEN');
  const clientId = get('DISPATCH_CLIENT_ID');
  const clientSecret = get('DISPATCH_CLIENT_SECRET');
  const authUrl = get('DISPATCH_AUTH_URL');
  bothOrNeither(clientId, clientSecret, 'DISPATCH_CLIENT_ID', 'DISPATCH_CLIENT_SECRET', 'client credentials');
  if (clientId !== undefined && authUrl === undefined && baseUrl !== undefined) {
    throw new UserError('DISPATCH_AUTH_URL is not set: client credentials need the token endpoint, e.g. https://tenant.example.io/core/api/v1/aaa/auth/client-credentials');
  }
  if (authUrl !== undefined) checkUrl(authUrl, 'DISPATCH_AUTH_URL', bad);
  if (baseUrl !== undefined && accessToken === undefined && clientId === undefined) {
    throw new UserError('no credentials for DISPATCH_BASE_URL: set DISPATCH_ACCESS_TOKEN, or DISPATCH_CLIENT_ID, DISPATCH_CLIENT_SECRET and DISPATCH_AUTH_URL');
  }
  const tenantId = get('DISPATCH_TENANT_ID') ?? DEFAULTS.tenantId;
  const jobTypeIds = list(get('DISPATCH_JOB_TYPE_ID')) ?? DEFAULTS.jobTypeIds;
  const jobWorkflowIds = list(get('DISPATCH_JOB_WORKFLOW_ID')) ?? DEFAULTS.jobWorkflowIds;
  const peer = peerOf(get, tenantId, authUrl, baseUrl, bad, { jobTypeId: jobTypeIds[0]!, jobWorkflowId: jobWorkflowIds[0]! });
  const userInfo = get('DISPATCH_USER_INFO') ?? DEFAULTS.userInfo;
  try {
    const parsed: unknown = JSON.parse(userInfo);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
  } catch {
    throw bad('DISPATCH_USER_INFO', `is not a JSON object: set e.g. {"id":"qa","name":"conformance"}`);
  }
  const embedded = baseUrl === undefined || get('DISPATCH_EMBEDDED') === '1';
  const thorough = boolean('CONFORMANCE_THOROUGH', get('CONFORMANCE_THOROUGH'), bad);
  const plan = thorough ? RUN_DEFAULTS.heavy : embedded ? RUN_DEFAULTS.embedded : RUN_DEFAULTS.remote;
  const sendOriginToken = boolean('DISPATCH_SEND_ORIGIN_TOKEN', get('DISPATCH_SEND_ORIGIN_TOKEN'), bad);
  const requiredHeaders = headerList(get('DISPATCH_REQUIRED_HEADERS'), sendOriginToken, (w) => bad('DISPATCH_REQUIRED_HEADERS', w));
  const position = get('CONFORMANCE_POSITION');
  if (position !== undefined && !/^(0|[1-9]\d*|last)$/.test(position)) throw bad('CONFORMANCE_POSITION', `is "${position}": set 0, 1 or last (the position of an array item, as a replay command gives it)`);
  const seedText = get('CONFORMANCE_SEED');
  const seed = seedText === undefined ? Math.floor(Math.random() * 2 ** 31) : integer('CONFORMANCE_SEED', seedText, bad, -(2 ** 31), 2 ** 31 - 1);
  return {
    baseUrl: baseUrl?.replace(/\/+$/, ''),
    embedded,
    accessToken,
    clientId,
    clientSecret,
    authUrl,
    audience: get('DISPATCH_AUDIENCE'),
    tenantId,
    ...(peer ? { peer } : {}),
    jobTypesByTenant: boolean('DISPATCH_JOB_TYPES_BY_TENANT', get('DISPATCH_JOB_TYPES_BY_TENANT'), bad),
    ...(get('DISPATCH_REVOKE_URL') !== undefined ? { revokeUrl: get('DISPATCH_REVOKE_URL') } : {}),
    userInfo,
    sendOriginToken,
    jobTypeIds,
    jobWorkflowIds,
    locationIds: list(get('DISPATCH_LOCATION_IDS')) ?? [],
    contactIds: list(get('DISPATCH_CONTACT_IDS')) ?? [],
    ...(requiredHeaders ? { requiredHeaders } : {}),
    consistencyMs: optionalInt('DISPATCH_CONSISTENCY_MS', get, bad, DEFAULTS.consistencyMs, 0, 600_000),
    // Politeness is for shared targets; the embedded server is ours, so it runs flat out unless told.
    rateLimit: optionalInt('DISPATCH_RATE_LIMIT', get, bad, embedded ? UNLIMITED_RATE : DEFAULTS.rateLimit, 1, UNLIMITED_RATE),
    maxRequests: optionalInt('DISPATCH_MAX_REQUESTS', get, bad, DEFAULTS.maxRequests, 1, 10_000_000),
    timeoutMs: optionalInt('DISPATCH_TIMEOUT_MS', get, bad, DEFAULTS.timeoutMs, 100, 600_000),
    ...(get('DISPATCH_MAX_RESPONSE_MS') !== undefined ? { maxResponseMs: optionalInt('DISPATCH_MAX_RESPONSE_MS', get, bad, 0, 1, 600_000) } : {}),
    retryBudgetMs: optionalInt('DISPATCH_RETRY_BUDGET_MS', get, bad, DEFAULTS.retryBudgetMs, 0, 3_600_000),
    seed,
    seedGiven: seedText !== undefined,
    runs: optionalInt('CONFORMANCE_RUNS', get, bad, plan.runs, 0, 1_000_000),
    violationRuns: optionalInt('CONFORMANCE_VIOLATION_RUNS', get, bad, plan.violationRuns, 0, 10_000),
    modelRuns: optionalInt('CONFORMANCE_MODEL_RUNS', get, bad, plan.modelRuns, 0, 10_000),
    modelCommands: optionalInt('CONFORMANCE_MODEL_COMMANDS', get, bad, plan.modelCommands, 1, 100),
    concurrency: optionalInt('DISPATCH_CONCURRENCY', get, bad, DEFAULTS.concurrency, 2, 64),
    concurrencyRuns: optionalInt('CONFORMANCE_CONCURRENCY_RUNS', get, bad, DEFAULTS.concurrencyRuns, 1, 100),
    tokenWaitMs: 1000 * optionalInt('CONFORMANCE_TOKEN_WAIT_S', get, bad, embedded ? DEFAULTS.tokenWaitS.embedded : DEFAULTS.tokenWaitS.remote, 0, 86_400),
    maxJobs: optionalInt('DISPATCH_MAX_JOBS', get, bad, plan.maxJobs, 0, 10_000_000),
    thorough,
    workers: optionalInt('CONFORMANCE_WORKERS', get, bad, DEFAULTS.workers, 1, 64),
    baseline: get('CONFORMANCE_BASELINE'),
    strict: boolean('CONFORMANCE_STRICT', get('CONFORMANCE_STRICT'), bad),
    rules: parsedSetting('CONFORMANCE_RULES', () => parseRuleOverrides(get('CONFORMANCE_RULES')), RuleSyntaxError, bad),
    coverage: parsedSetting('CONFORMANCE_MIN_COVERAGE', () => parseCoverageThresholds(get('CONFORMANCE_MIN_COVERAGE')), CoverageSyntaxError, bad),
    reportDir: path.resolve(get('CONFORMANCE_REPORT_DIR') ?? 'reports'),
    ...(position !== undefined ? { position } : {}),
    runId: get('CONFORMANCE_RUN_ID') ?? newRunId(),
    dryRun: get('CONFORMANCE_DRY_RUN') === '1',
  };
}

/** The prefixes of the suite's settings: a name with one of them may be a misspelt setting. */
const PREFIXES = ['DISPATCH_', 'CONFORMANCE_'];
/** How far a name in .env may be from a setting and still be suggested as its spelling. */
const FILE_DISTANCE = 4;
/**
 * How far a variable of the environment may be from a setting to be taken for a misspelling of
 * it: two edits (a letter missing, added, changed, or two swapped).
 */
const ENV_DISTANCE = 2;

/**
 * A misspelt setting would silently fall back to its default (a misspelt token reads as "no
 * credentials"): one line names it and the setting it is closest to. The names known are the
 * registry's (settings.ts), the user's and the command line's own.
 *
 * - In .env, which is the suite's alone, every DISPATCH_* or CONFORMANCE_* name must be a setting.
 * - The environment is shared with everything else a shell or a CI job runs, and a team that
 *   builds a Dispatch service may well have DISPATCH_* variables of its own. So there only a name
 *   within ENV_DISTANCE edits of a setting is refused (DISPATCH_ACESS_TOKEN, DISPATCH_BASEURL);
 *   any other is somebody else's and left alone.
 */
function checkNames(fileNames: string[], fileName: string, envNames: string[]): void {
  const known = new Set([...SETTINGS.map((s) => s.name), ...INTERNAL_SETTINGS]);
  const candidate = (k: string) => !known.has(k) && PREFIXES.some((p) => k.startsWith(p));
  const refuse = (k: string, where: string, near: string | undefined) =>
    new UserError(`${k} in ${where} is not a setting of dispatch-conformance${near ? `; did you mean ${near}?` : ''} (see .env.example)`);
  for (const k of fileNames.filter(candidate)) throw refuse(k, fileName, nearest(k, known, FILE_DISTANCE));
  for (const k of envNames.filter(candidate)) {
    const near = nearest(k, known, ENV_DISTANCE);
    if (near) throw refuse(k, 'the environment', near);
  }
}


/** The secret values of a configuration, for masking: the main identity's and the peer's. */
export function secretsOf(config: Config): string[] {
  return [config.accessToken, config.clientSecret, config.peer?.accessToken, config.peer?.clientSecret].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/** A client id and its secret come together: one without the other is one line naming the missing one. */
function bothOrNeither(id: string | undefined, secret: string | undefined, idName: string, secretName: string, what: string): void {
  if ((id === undefined) === (secret === undefined)) return;
  throw new UserError(`${id === undefined ? idName : secretName} is not set: ${what} need both ${idName} and ${secretName}`);
}

/** The peer identity (DISPATCH_PEER_*), checked: credentials and a tenant go together, and the tenant is another one. */
function peerOf(
  get: (n: string) => string | undefined,
  tenantId: string,
  authUrl: string | undefined,
  baseUrl: string | undefined,
  bad: (n: string, w: string) => UserError,
  defaults: { jobTypeId: string; jobWorkflowId: string },
): PeerConfig | undefined {
  const accessToken = get('DISPATCH_PEER_ACCESS_TOKEN');
  const clientId = get('DISPATCH_PEER_CLIENT_ID');
  const clientSecret = get('DISPATCH_PEER_CLIENT_SECRET');
  const peerTenant = get('DISPATCH_PEER_TENANT_ID');
  bothOrNeither(clientId, clientSecret, 'DISPATCH_PEER_CLIENT_ID', 'DISPATCH_PEER_CLIENT_SECRET', 'peer client credentials');
  const credentials = accessToken !== undefined || clientId !== undefined;
  if (!credentials && peerTenant === undefined) return undefined;
  if (!credentials) throw new UserError('DISPATCH_PEER_TENANT_ID is set without the peer\'s credentials: set DISPATCH_PEER_ACCESS_TOKEN, or DISPATCH_PEER_CLIENT_ID and DISPATCH_PEER_CLIENT_SECRET');
  if (peerTenant === undefined) throw new UserError('DISPATCH_PEER_TENANT_ID is not set: the peer\'s credentials need the tenant they belong to');
  if (peerTenant === tenantId) throw bad('DISPATCH_PEER_TENANT_ID', `is "${peerTenant}", the tenant of DISPATCH_TENANT_ID: the peer must be another tenant`);
  if (clientId !== undefined && accessToken === undefined && authUrl === undefined && baseUrl !== undefined) {
    throw new UserError('DISPATCH_AUTH_URL is not set: peer client credentials need the token endpoint, e.g. https://tenant.example.io/core/api/v1/aaa/auth/client-credentials');
  }
  return {
    tenantId: peerTenant,
    jobTypeId: get('DISPATCH_PEER_JOB_TYPE_ID') ?? defaults.jobTypeId,
    jobWorkflowId: get('DISPATCH_PEER_JOB_WORKFLOW_ID') ?? defaults.jobWorkflowId,
    ...(get('DISPATCH_PEER_JOB_ID') ? { ownJobId: get('DISPATCH_PEER_JOB_ID') } : {}),
    ...(accessToken ? { accessToken } : {}),
    ...(clientId ? { clientId, clientSecret } : {}),
  };
}

function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    // No .env is fine; one that is there but cannot be read is a mistake to fix, never silently ignored.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    throw new UserError(`${file} cannot be read (${code ?? (e as Error).message}): make it a readable file, or remove it to use the environment alone`);
  }
  // dotenv skips lines it cannot read; a line that is neither a comment nor KEY=VALUE is a mistake.
  const lines = text.split(/\r?\n/);
  let quote: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (quote) {
      if (line.includes(quote)) quote = undefined;
      continue;
    }
    if (/^\s*(#.*)?$/.test(line)) continue;
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new UserError(`${path.basename(file)} line ${i + 1} is not KEY=VALUE: "${line.slice(0, 40)}"`);
    const value = m[2]!;
    const open = /^(["'`])/.exec(value)?.[1];
    if (open && !value.slice(1).includes(open)) quote = open;
  }
  if (quote) throw new UserError(`${path.basename(file)} has a quoted value that is never closed (${quote})`);
  return dotenv.parse(text);
}

function checkUrl(value: string, name: string, bad: (n: string, w: string) => UserError): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad(name, `is not a URL: set e.g. https://tenant.example.io/core/api/v2/dispatch-service`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(name, `must be an http or https URL, not ${url.protocol}`);
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return items.length ? items : undefined;
}

/** DISPATCH_REQUIRED_HEADERS: header names the suite sends, upper-cased; undefined when not set. */
function headerList(value: string | undefined, sendOriginToken: boolean, bad: (what: string) => UserError): string[] | undefined {
  const names = list(value)?.map((h) => h.toUpperCase());
  if (!names) return undefined;
  for (const h of names) {
    if (!(SENT_HEADERS as readonly string[]).includes(h)) {
      const near = nearest(h, [...SENT_HEADERS], 4);
      throw bad(`names ${h}, which the suite does not send${near ? `; did you mean ${near}?` : ''} (it sends ${SENT_HEADERS.join(', ')})`);
    }
    if (h === 'X-COREOS-ORIGIN-TOKEN' && !sendOriginToken) throw bad('names X-COREOS-ORIGIN-TOKEN, which the suite sends only with DISPATCH_SEND_ORIGIN_TOKEN=true: set that too');
  }
  return [...new Set(names)];
}

/** A setting read by its own parser, whose syntax error becomes the one line that names the setting. */
function parsedSetting<T>(name: string, parse: () => T, syntaxError: abstract new (...args: never[]) => Error, bad: (n: string, w: string) => UserError): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof syntaxError) throw bad(name, e.message);
    throw e;
  }
}

function boolean(name: string, value: string | undefined, bad: (n: string, w: string) => UserError): boolean {
  if (value === undefined) return false;
  if (isYes(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw bad(name, `is "${value}": set true or false`);
}

function integer(name: string, value: string, bad: (n: string, w: string) => UserError, min: number, max: number): number {
  if (!/^-?\d+$/.test(value)) throw bad(name, `is "${value}", not a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw bad(name, `is ${value}: set a whole number from ${min} to ${max}`);
  return n;
}

function optionalInt(name: string, get: (n: string) => string | undefined, bad: (n: string, w: string) => UserError, fallback: number, min: number, max: number): number {
  const v = get(name);
  return v === undefined ? fallback : integer(name, v, bad, min, max);
}
