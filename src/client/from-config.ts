import type { Config } from '../config/config.ts';
import { DispatchClient, type ClientOptions, type Identity } from './client.ts';
import { clientCredentials, staticToken, type TokenSource } from './token.ts';
import { UserError } from '../shared/user-error.ts';

/** The token source a configuration asks for. */
export function tokenSourceOf(config: Config): TokenSource {
  if (config.accessToken) return staticToken(config.accessToken);
  if (config.clientId && config.clientSecret && config.authUrl) {
    return clientCredentials({ authUrl: config.authUrl, clientId: config.clientId, clientSecret: config.clientSecret, audience: config.audience, timeoutMs: config.timeoutMs });
  }
  throw new UserError('no credentials: set DISPATCH_ACCESS_TOKEN, or DISPATCH_CLIENT_ID, DISPATCH_CLIENT_SECRET and DISPATCH_AUTH_URL');
}

/**
 * The peer's identity (DISPATCH_PEER_*: another tenant's token, static or from client credentials
 * at DISPATCH_AUTH_URL, and its tenant), for the preflight and the security probes alike;
 * undefined without a peer.
 */
export function peerIdentityOf(config: Config): Identity | undefined {
  const peer = config.peer;
  if (!peer) return undefined;
  const token = peer.accessToken
    ? staticToken(peer.accessToken)
    : clientCredentials({ authUrl: config.authUrl!, clientId: peer.clientId!, clientSecret: peer.clientSecret!, audience: config.audience, timeoutMs: config.timeoutMs, settings: { id: 'DISPATCH_PEER_CLIENT_ID', secret: 'DISPATCH_PEER_CLIENT_SECRET' } });
  return { token, tenantId: peer.tenantId, ...(peer.accessToken ? { tokenVar: 'DISPATCH_PEER_ACCESS_TOKEN' } : {}) };
}

/** The settings that hold the peer's credentials, for a line that says what to check. */
export function peerCredentialSettings(config: Config): string {
  return config.peer?.accessToken ? 'DISPATCH_PEER_ACCESS_TOKEN' : 'DISPATCH_PEER_CLIENT_ID and DISPATCH_PEER_CLIENT_SECRET';
}

/**
 * A client for one process. The rate limit and the request budget are shared out between the
 * run's workers, so that together they hold the configured totals.
 */
export function createClient(config: Config, share = config.workers, extra: Partial<ClientOptions> = {}): DispatchClient {
  if (!config.baseUrl) throw new UserError('DISPATCH_BASE_URL is not set (the command line sets it when it starts the embedded server)');
  return new DispatchClient({
    baseUrl: config.baseUrl,
    token: tokenSourceOf(config),
    tenantId: config.tenantId,
    userInfo: config.userInfo,
    sendOriginToken: config.sendOriginToken,
    rateLimit: config.rateLimit / share,
    maxRequests: Math.max(1, Math.floor(config.maxRequests / share)),
    timeoutMs: config.timeoutMs,
    retryBudgetMs: config.retryBudgetMs,
    runId: config.runId,
    ...extra,
  });
}
