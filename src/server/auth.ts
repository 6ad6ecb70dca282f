/**
 * Credentials: the static tokens, and OS1's client-credentials flow
 * (`POST /core/api/v1/aaa/auth/client-credentials` → `{data:{accessToken, tokenType, expiresIn}}`).
 * Every token belongs to one tenant: the static token and the tokens issued for the client
 * credentials to the server's tenant, the peer's token to the peer tenant. Issued tokens can be
 * revoked one at a time or all at once (the revoke endpoint); static ones cannot.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Reply } from './behaviour.ts';
import { errorReply, type RequestEcho } from './http.ts';

/** How long an issued token is valid, in seconds. */
export const TOKEN_TTL_SECONDS = 3600;

export interface Credentials {
  accessToken: string;
  clientId: string;
  clientSecret: string;
  /** The tenant of the static token and of the tokens issued for the client credentials. */
  tenantId: string;
  /** A second tenant's static token, and its tenant: the peer a security probe tries the run's jobs with. */
  peerAccessToken: string;
  peerTenantId: string;
  /** How long an issued token lives, in seconds (default TOKEN_TTL_SECONDS): short, to test renewal. */
  tokenTtlSeconds?: number;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** How a token is checked (the token faults turn these; the correct server matches exactly and lets tokens expire). */
export interface TokenChecks {
  tokenMatch: 'exact' | 'case-insensitive' | 'prefix';
  tokensExpire: boolean;
}

export class Tokens {
  private readonly issued = new Map<string, { expiresAt: number; tenantId: string }>();
  constructor(
    private readonly credentials: Credentials,
    private readonly checks: TokenChecks = { tokenMatch: 'exact', tokensExpire: true },
  ) {}

  /** True for a static token or an issued, unexpired, unrevoked one. */
  isValid(token: string): boolean {
    return this.tenantOf(token) !== undefined;
  }

  /** The tenant a valid token belongs to; undefined for a token that is not valid. */
  tenantOf(presented: string): string | undefined {
    const token = this.known(presented);
    if (token === undefined) return undefined;
    if (token === this.credentials.accessToken) return this.credentials.tenantId;
    if (token === this.credentials.peerAccessToken) return this.credentials.peerTenantId;
    const entry = this.issued.get(token)!;
    if (entry.expiresAt > Date.now() || !this.checks.tokensExpire) return entry.tenantId;
    this.issued.delete(token);
    return undefined;
  }

  /** The known token a presented one is taken for: itself, or under a token fault one that matches it loosely. */
  private known(presented: string): string | undefined {
    const all = [this.credentials.accessToken, this.credentials.peerAccessToken, ...this.issued.keys()];
    const { tokenMatch } = this.checks;
    return all.find((t) => t === presented || (tokenMatch === 'case-insensitive' && t.toLowerCase() === presented.toLowerCase()) || (tokenMatch === 'prefix' && t !== '' && presented.startsWith(t)));
  }

  /** Revokes one issued token (exactly as issued); false when it is no issued token. */
  revoke(token: string): boolean {
    return this.issued.delete(token);
  }

  /** Revokes every token issued so far; returns how many. */
  revokeIssued(): number {
    const n = this.issued.size;
    this.issued.clear();
    return n;
  }

  /** Answers a parsed client-credentials body. */
  exchange(body: unknown, echo: RequestEcho): Reply {
    const b = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    if (!b) return errorReply(400, 'INVALID_BODY', 'body: must be an object {clientId, clientSecret, audience?}', echo, { member: 'body', keyword: 'type' });
    for (const member of ['clientId', 'clientSecret']) {
      if (typeof b[member] !== 'string') return errorReply(400, 'INVALID_BODY', `${member}: a string is required`, echo, { member, keyword: b[member] === undefined ? 'required' : 'type' });
    }
    if (b.audience !== undefined && typeof b.audience !== 'string') return errorReply(400, 'INVALID_BODY', 'audience: must be a string', echo, { member: 'audience', keyword: 'type' });
    if (!same(b.clientId as string, this.credentials.clientId) || !same(b.clientSecret as string, this.credentials.clientSecret)) {
      return errorReply(401, 'INVALID_CLIENT', 'wrong clientId or clientSecret', echo);
    }
    const accessToken = `os1-${randomUUID()}`;
    const ttl = this.credentials.tokenTtlSeconds ?? TOKEN_TTL_SECONDS;
    this.issued.set(accessToken, { expiresAt: Date.now() + ttl * 1000, tenantId: this.credentials.tenantId });
    return { status: 200, headers: {}, body: { data: { accessToken, tokenType: 'Bearer', expiresIn: ttl }, request: echo } };
  }
}
