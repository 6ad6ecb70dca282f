/**
 * The embedded reference Dispatch server: the nine operations of the Jobs API on an in-memory
 * store, validating with the project's schemas, with OS1's headers, envelopes and token flow.
 * It is the suite's default target, and, with `faults`, a target that breaks one rule on purpose.
 *
 * ```ts
 * const server = await startServer({ port: 0, lagMs: 300, faults: ['stale-read'] });
 * // server.baseUrl, server.authUrl; token: DEFAULT_CREDENTIALS.accessToken
 * await server.close();
 * ```
 */
import type { AddressInfo } from 'node:net';
import { applyFaults } from './faults/index.ts';
import { AUTH_PATH, BASE_PATH, listen, REVOKE_PATH, type Pipeline } from './server.ts';
import type { RequestListener } from 'node:http';
import { SEEDED_TENANTS } from './seed.ts';
import { PROFILE_NAMES, type ProfileName } from './profiles.ts';
import { ConnectionDropper, type DropWhen } from './drop.ts';

export { AUTH_PATH, BASE_PATH, REVOKE_PATH, type Pipeline, type ParsedBody } from './server.ts';
export { SEEDED_IDS, SEEDED_TENANTS, PEER_SEEDED_IDS } from './seed.ts';
export { SILENT_BEHAVIOUR, NEW_JOB_STATUS } from './silent.ts';
export { MAX_BODY_BYTES } from './http.ts';
export { TOKEN_TTL_SECONDS } from './auth.ts';
export { listFaults, UnknownFaultError, type FaultInfo } from './faults/index.ts';
export { PROFILE_NAMES, PROFILES, type ProfileName } from './profiles.ts';
export { DROP_WHEN, type DropWhen } from './drop.ts';

export interface ServerOptions {
  /** Interface to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  /** Writes become visible to reads only after this many ms (OS1's asynchronous writes); default 0. */
  lagMs?: number;
  /** The clock lagMs is measured on (default Date.now): a test injects one it moves itself. */
  clock?: () => number;
  /** Names from listFaults(): the rules the server breaks on purpose. */
  faults?: string[];
  /** How it answers: `contract` (dispatch-contract.md's envelopes, the default) or `os1` (as OS1's API reference shows). */
  profile?: ProfileName;
  /** The static token accepted in X-COREOS-ACCESS. */
  accessToken?: string;
  /** How long a token the client-credentials endpoint issues lives, in seconds (default 3600). */
  tokenTtlSeconds?: number;
  /** Client credentials the token endpoint accepts. */
  clientId?: string;
  clientSecret?: string;
  /** The tenant of the static token and of issued tokens (default `conformance`, the suite's default DISPATCH_TENANT_ID). */
  tenantId?: string;
  /** A second tenant's static token and tenant (default `conformance-peer`): the peer the security probes use. */
  peerAccessToken?: string;
  peerTenantId?: string;
  /** Every tenant sees every seeded job type and workflow (default: each tenant its own). */
  sharedJobTypes?: boolean;
  /** No per-request log lines on stderr. */
  quiet?: boolean;
  /** The connection of every Nth request is closed without an answer (0, the default: none). */
  dropEvery?: number;
  /** Whether a dropped request is carried out first (`after`) or not (`before`, the default). */
  dropWhen?: DropWhen;
  /**
   * Serves the reference behaviour through another request listener: a web framework's app whose
   * own body parser reads each body and hands it to `pipeline.serve` (default: node:http, the
   * server reading bodies itself, as its profile says).
   */
  mount?: (pipeline: Pipeline) => RequestListener;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:40123`. */
  origin: string;
  /** origin + BASE_PATH: the suite's DISPATCH_BASE_URL. */
  baseUrl: string;
  /** origin + AUTH_PATH: the suite's DISPATCH_AUTH_URL. */
  authUrl: string;
  /** origin + REVOKE_PATH: a POST revokes every token the server issued. */
  revokeUrl: string;
  /** The faults that are on. */
  faults: string[];
  profile: ProfileName;
  /** Connections dropped on purpose so far (dropEvery). */
  dropped(): number;
  /** The credentials the server accepts, and the tenants its static tokens belong to. */
  credentials: { accessToken: string; clientId: string; clientSecret: string; tenantId: string; peerAccessToken: string; peerTenantId: string };
  close(): Promise<void>;
}

/** Credentials used when none are given. */
export const DEFAULT_CREDENTIALS = Object.freeze({
  accessToken: 'conformance-token',
  clientId: 'conformance-client',
  clientSecret: 'conformance-secret',
  tenantId: SEEDED_TENANTS.main,
  peerAccessToken: 'conformance-peer-token',
  peerTenantId: SEEDED_TENANTS.peer,
});

/** Starts the server; rejects with UnknownFaultError for an unknown fault, or a RangeError for a bad option. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const lagMs = options.lagMs ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`startServer: port must be an integer 0..65535 (got ${port})`);
  if (!Number.isFinite(lagMs) || lagMs < 0) throw new RangeError(`startServer: lagMs must be a number >= 0 (got ${lagMs})`);
  const credentials = {
    accessToken: options.accessToken ?? DEFAULT_CREDENTIALS.accessToken,
    clientId: options.clientId ?? DEFAULT_CREDENTIALS.clientId,
    clientSecret: options.clientSecret ?? DEFAULT_CREDENTIALS.clientSecret,
    tenantId: options.tenantId ?? DEFAULT_CREDENTIALS.tenantId,
    peerAccessToken: options.peerAccessToken ?? DEFAULT_CREDENTIALS.peerAccessToken,
    peerTenantId: options.peerTenantId ?? DEFAULT_CREDENTIALS.peerTenantId,
  };
  for (const [k, v] of Object.entries(credentials)) if (!v) throw new RangeError(`startServer: ${k} must not be empty`);
  if (options.tokenTtlSeconds !== undefined && !(options.tokenTtlSeconds > 0)) throw new RangeError(`startServer: tokenTtlSeconds must be > 0 (got ${options.tokenTtlSeconds})`);
  if (credentials.peerTenantId === credentials.tenantId) throw new RangeError(`startServer: peerTenantId must differ from tenantId (both ${credentials.tenantId})`);
  if (credentials.peerAccessToken === credentials.accessToken) throw new RangeError('startServer: peerAccessToken must differ from accessToken');
  const faults = [...new Set(options.faults ?? [])];
  const profile = options.profile ?? 'contract';
  if (!(PROFILE_NAMES as readonly string[]).includes(profile)) throw new RangeError(`startServer: profile must be one of ${PROFILE_NAMES.join(', ')} (got ${String(profile)})`);
  const behaviour = applyFaults(faults, profile);
  if (options.sharedJobTypes) behaviour.access.jobTypesByTenant = false;
  const dropper = options.dropEvery ? new ConnectionDropper(options.dropEvery, options.dropWhen) : undefined;
  const server = await listen({
    dropper,
    ...(options.mount ? { mount: options.mount } : {}),
    host,
    port,
    lagMs,
    clock: options.clock,
    credentials: { ...credentials, ...(options.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}) },
    behaviour,
    log: options.quiet ? undefined : (line) => process.stderr.write(`[dispatch-server] ${line}\n`),
  });
  const address = server.address() as AddressInfo;
  const origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    origin,
    baseUrl: origin + BASE_PATH,
    authUrl: origin + AUTH_PATH,
    revokeUrl: origin + REVOKE_PATH,
    faults,
    profile,
    dropped: () => dropper?.dropped ?? 0,
    credentials,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
