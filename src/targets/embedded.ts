/**
 * The embedded reference server as a target: started on a free loopback port with a fresh token,
 * and the settings that point the suite at it. The one place the suite's entry points (the
 * command line, the Playwright fixtures when run directly, the mutation runner, the benchmarks)
 * start it.
 */
import { randomBytes } from 'node:crypto';
import { DROP_WHEN, PEER_SEEDED_IDS, SEEDED_IDS, SEEDED_TENANTS, startServer, UnknownFaultError, type DropWhen, type ProfileName, type RunningServer } from '../server/index.ts';
import { UserError } from '../cli/run-cli.ts';
import { loadConfig, UNLIMITED_RATE } from '../config/config.ts';
import type { Constraint, Contract } from '../contract/index.ts';
import { openSuite } from '../suite/run/open.ts';
import type { SuiteContext } from '../suite/run/context.ts';
import { Recorder } from '../suite/record/recorder.ts';
import { RunDir } from '../suite/run/run-dir.ts';

export interface Embedded {
  server: RunningServer;
  /** DISPATCH_* settings that make the suite use this server. */
  env: Record<string, string>;
}

export interface EmbeddedOptions {
  lagMs?: number;
  faults?: string[];
  /** How the server answers: the contract's envelopes (default) or OS1's. */
  profile?: ProfileName;
  /** Lose the connection of every Nth request (a flaky network), before or after carrying it out. */
  dropEvery?: number;
  dropWhen?: DropWhen;
  /** How long the tokens it issues for client credentials live (default 1 s: the token lifecycle probe sees one expire within the run). */
  tokenTtlSeconds?: number;
}

/** Issued tokens of the embedded server live this long by default: short enough to wait out (CONFORMANCE_TOKEN_WAIT_S). */
export const EMBEDDED_TOKEN_TTL_SECONDS = 1;

export async function startEmbedded(options: EmbeddedOptions = {}): Promise<Embedded> {
  const token = randomBytes(18).toString('base64url');
  const peerToken = randomBytes(18).toString('base64url');
  const server = await startServer({ port: 0, accessToken: token, peerAccessToken: peerToken, lagMs: options.lagMs, faults: options.faults, profile: options.profile, dropEvery: options.dropEvery, dropWhen: options.dropWhen, tokenTtlSeconds: options.tokenTtlSeconds ?? EMBEDDED_TOKEN_TTL_SECONDS, quiet: true }).catch((e: Error) => {
    throw e instanceof UnknownFaultError ? new UserError(e.message) : e;
  });
  const c = server.credentials;
  return {
    server,
    env: embeddedEnv(server.baseUrl, token, {
      peerToken,
      DISPATCH_AUTH_URL: server.authUrl,
      DISPATCH_CLIENT_ID: c.clientId,
      DISPATCH_CLIENT_SECRET: c.clientSecret,
      DISPATCH_REVOKE_URL: server.revokeUrl,
    }),
  };
}

/** What the embedded server hands the security probes besides the main token: the peer's token, and where tokens are issued and revoked. */
export interface EmbeddedExtras {
  peerToken: string;
  DISPATCH_AUTH_URL?: string;
  DISPATCH_CLIENT_ID?: string;
  DISPATCH_CLIENT_SECRET?: string;
  DISPATCH_REVOKE_URL?: string;
}

/**
 * The DISPATCH_* settings that point the suite at an embedded server at `baseUrl` that takes
 * `token`: its seeded job types and workflows, and the second identity it seeds (the peer tenant,
 * whose token is `extras.peerToken`), with job types scoped by tenant as the server scopes them;
 * with client credentials and the revoke URL, a revoked token can be tried too.
 */
export function embeddedEnv(baseUrl: string, token: string, extras: EmbeddedExtras): Record<string, string> {
  const { peerToken, ...urls } = extras;
  return {
    DISPATCH_BASE_URL: baseUrl,
    DISPATCH_ACCESS_TOKEN: token,
    DISPATCH_EMBEDDED: '1',
    DISPATCH_TENANT_ID: SEEDED_TENANTS.main,
    DISPATCH_PEER_ACCESS_TOKEN: peerToken,
    DISPATCH_PEER_TENANT_ID: SEEDED_TENANTS.peer,
    DISPATCH_PEER_JOB_TYPE_ID: PEER_SEEDED_IDS.jobType[0]!,
    DISPATCH_PEER_JOB_WORKFLOW_ID: PEER_SEEDED_IDS.jobWorkflow[0]!,
    DISPATCH_JOB_TYPES_BY_TENANT: 'true',
    DISPATCH_JOB_TYPE_ID: SEEDED_IDS.jobType.join(','),
    DISPATCH_JOB_WORKFLOW_ID: SEEDED_IDS.jobWorkflow.join(','),
    ...Object.fromEntries(Object.entries(urls).filter((e): e is [string, string] => e[1] !== undefined)),
  };
}

/** The embedded server and the suite opened on it, in this process: what the mutation runner, the benchmarks and tests run the engine against. */
export interface EmbeddedSuite {
  server: RunningServer;
  ctx: SuiteContext;
  recorder: Recorder;
  close(): Promise<void>;
}

/**
 * Starts the embedded server and opens the suite on it, with `settings` over the server's (a
 * seed, CONFORMANCE_RUNS, ...). `remote` judges the server as a remote target is judged: the
 * remote defaults and the job budget, unpaced.
 */
export async function embeddedSuite(options: EmbeddedOptions & { settings?: Record<string, string>; remote?: boolean; contract?: Contract; catalogue?: Constraint[] } = {}): Promise<EmbeddedSuite> {
  const { server, env } = await startEmbedded(options);
  const { DISPATCH_EMBEDDED: _embedded, ...remoteEnv } = env;
  const base = options.remote ? { ...remoteEnv, DISPATCH_RATE_LIMIT: String(UNLIMITED_RATE) } : env;
  const config = loadConfig({ envFile: '/nonexistent/.env', env: { ...base, ...options.settings } });
  const ctx = openSuite({ config, contract: options.contract, catalogue: options.catalogue, share: 1 });
  return {
    server,
    ctx,
    recorder: new Recorder(ctx.contract, {}, undefined, config.maxResponseMs),
    async close() {
      await ctx.close();
      await server.close();
    },
  };
}

/** The embedded server and the workers of one run opened on it, in this process: what the mutation runner runs the whole suite on (src/suite/run/run-suite.ts). */
export interface EmbeddedRun {
  server: RunningServer;
  /** One context per worker (CONFORMANCE_WORKERS, default 2), sharing the run's folder and job budget as `npm run conformance`'s workers do. */
  workers: SuiteContext[];
  close(): Promise<void>;
}

/**
 * Starts the embedded server and opens the run's workers on it, with `settings` over the server's;
 * `remote` judges the server as a remote target is judged (the remote defaults and the job
 * budget, unpaced).
 */
export async function embeddedRun(options: EmbeddedOptions & { settings?: Record<string, string>; remote?: boolean; contract?: Contract; catalogue?: Constraint[] } = {}): Promise<EmbeddedRun> {
  const { server, env } = await startEmbedded(options);
  const { DISPATCH_EMBEDDED: _embedded, ...remoteEnv } = env;
  const base = options.remote ? { ...remoteEnv, DISPATCH_RATE_LIMIT: String(UNLIMITED_RATE) } : env;
  const config = loadConfig({ envFile: '/nonexistent/.env', env: { ...base, ...options.settings } });
  const workers = Array.from({ length: config.workers }, () => openSuite({ config, contract: options.contract, catalogue: options.catalogue, share: config.workers, budgetKey: config.runId }));
  return {
    server,
    workers,
    async close() {
      for (const w of workers) await w.close();
      await server.close();
      new RunDir(config.runId).remove();
    },
  };
}

/** The value of `--drop-when` (before or after), which needs `--drop-every`. */
export function dropWhenOf(value: string | undefined, dropEvery: number | undefined): DropWhen {
  if (value === undefined) return 'before';
  if (!(DROP_WHEN as readonly string[]).includes(value)) throw new UserError(`--drop-when takes ${DROP_WHEN.join(' or ')}, not "${value}"`);
  if (!dropEvery) throw new UserError('--drop-when needs --drop-every N');
  return value as DropWhen;
}
