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
}

export function staticToken(token: string): TokenSource {
  return { get: async () => token, invalidate: () => {}, secrets: () => [token] };
}

export interface ClientCredentials {
  authUrl: string;
  clientId: string;
  clientSecret: string;
  audience?: string;
  timeoutMs: number;
}

export function clientCredentials(c: ClientCredentials): TokenSource {
  let token: string | undefined;
  let expiresAt = 0;
  let pending: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    let res;
    try {
      res = await request(c.authUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-coreos-request-id': randomUUID() },
        body: JSON.stringify({ clientId: c.clientId, clientSecret: c.clientSecret, ...(c.audience ? { audience: c.audience } : {}) }),
        headersTimeout: c.timeoutMs,
        bodyTimeout: c.timeoutMs,
      });
    } catch (e) {
      throw new TargetUnreachable(`token endpoint: ${describeNetworkError(e, c.authUrl)} (DISPATCH_AUTH_URL)`);
    }
    const text = await res.body.text();
    if (res.statusCode === 401 || res.statusCode === 403) {
      throw new UserError(`the token endpoint refused the client credentials (${res.statusCode}): check DISPATCH_CLIENT_ID and DISPATCH_CLIENT_SECRET`);
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
    const expiresIn = typeof body?.data?.expiresIn === 'number' ? body.data.expiresIn : 300;
    token = accessToken;
    expiresAt = Date.now() + Math.max(10, expiresIn - 30) * 1000;
    return accessToken;
  };
  return {
    async get() {
      if (token && Date.now() < expiresAt) return token;
      pending ??= fetchToken().finally(() => (pending = undefined));
      return pending;
    },
    invalidate() {
      token = undefined;
    },
    secrets: () => [c.clientSecret, ...(token ? [token] : [])],
  };
}
