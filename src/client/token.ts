/** Access tokens: a static one, or OS1 client credentials exchanged (and refreshed) at the auth URL. */
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { UserError } from '../shared/user-error.ts';
import { describeNetworkError, TargetUnreachable } from './errors.ts';

export interface TokenSource {
  /** The current token (fetched or refreshed when needed). */
  get(): Promise<string>;
  /** Forget the token, so the next get() fetches a new one (after a 401). */
  invalidate(): void;
  /** Values to mask. */
  secrets(): string[];
  /** Whether a new token can be had (client credentials): a 401 is then retried once with one. */
  renewable: boolean;
  /** The tokens issued to this source so far, oldest first (client credentials only: a static token has no lifetime). */
  issuedTokens?(): readonly IssuedToken[];
}

/** A token the client-credentials endpoint issued: when it was received, and how long it was said to live. */
export interface IssuedToken {
  token: string;
  /** When the answer that carried it arrived (ms since the epoch, on the source's clock). */
  receivedAt: number;
  /** Its lifetime in seconds, as the endpoint's expiresIn gave it. */
  expiresIn: number;
}

/** The part of a token's lifetime after which it is renewed, whatever `expiresIn` says. */
export const RENEW_AT = 0.8;

/** Client credentials the target refused even with a token just issued: a configuration error, not a finding. */
export class CredentialsRejected extends UserError {
  override name = 'CredentialsRejected';
}

export function staticToken(token: string): TokenSource {
  return { get: async () => token, invalidate: () => {}, secrets: () => [token], renewable: false };
}

export interface ClientCredentials {
  authUrl: string;
  clientId: string;
  clientSecret: string;
  audience?: string;
  timeoutMs: number;
  /** The settings that hold the id and the secret, for the line that says what to check (default the run's own). */
  settings?: { id: string; secret: string };
  /** The clock tokens expire on (default Date.now; a test injects its own). */
  now?: () => number;
}

/**
 * Sends of one token request before the endpoint is called unreachable. Asking for a token changes
 * nothing on the target, so a request whose connection was dropped is sent again, as the client
 * repeats a read: one lost answer in a hundred is noise, not an unreachable endpoint.
 */
export const TOKEN_ATTEMPTS = 2;

/** Asks the client-credentials endpoint for a token: the token and its expiresIn (300 s when the answer gives none). */
async function requestClientToken(c: ClientCredentials): Promise<{ accessToken: string; expiresIn: number }> {
  let res;
  for (let attempt = 1; !res; attempt++) {
    try {
      res = await request(c.authUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-coreos-request-id': randomUUID() },
        body: JSON.stringify({ clientId: c.clientId, clientSecret: c.clientSecret, ...(c.audience ? { audience: c.audience } : {}) }),
        headersTimeout: c.timeoutMs,
        bodyTimeout: c.timeoutMs,
      });
    } catch (e) {
      if (attempt >= TOKEN_ATTEMPTS) throw new TargetUnreachable(`token endpoint: ${describeNetworkError(e, c.authUrl)} (DISPATCH_AUTH_URL)`);
    }
  }
  const text = await res.body.text();
  if (res.statusCode === 401 || res.statusCode === 403) {
    const names = c.settings ?? { id: 'DISPATCH_CLIENT_ID', secret: 'DISPATCH_CLIENT_SECRET' };
    throw new UserError(`the token endpoint refused the client credentials (${res.statusCode}): check ${names.id} and ${names.secret}`);
  }
  let body: { data?: { accessToken?: unknown; expiresIn?: unknown } } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const accessToken = body?.data?.accessToken;
  if (res.statusCode !== 200 || typeof accessToken !== 'string') {
    throw new UserError(`the token endpoint answered ${res.statusCode} without data.accessToken: check DISPATCH_AUTH_URL`);
  }
  return { accessToken, expiresIn: typeof body?.data?.expiresIn === 'number' ? body.data.expiresIn : 300 };
}

export function clientCredentials(c: ClientCredentials): TokenSource {
  const now = c.now ?? Date.now;
  let token: string | undefined;
  let expiresAt = 0;
  let pending: Promise<string> | undefined;
  // Every token issued this run stays masked, not only the current one.
  const issued: IssuedToken[] = [];
  const fetchToken = async (): Promise<string> => {
    const { accessToken, expiresIn } = await requestClientToken(c);
    token = accessToken;
    issued.push({ token: accessToken, receivedAt: now(), expiresIn });
    // Renewed at a fraction of its life: a 5 s token after 4 s, an hour's after 48 minutes.
    expiresAt = now() + Math.max(0, expiresIn) * 1000 * RENEW_AT;
    return accessToken;
  };
  return {
    async get() {
      if (token && now() < expiresAt) return token;
      pending ??= fetchToken().finally(() => (pending = undefined));
      return pending;
    },
    invalidate() {
      token = undefined;
    },
    secrets: () => [c.clientSecret, ...issued.map((t) => t.token)],
    renewable: true,
    issuedTokens: () => issued,
  };
}
