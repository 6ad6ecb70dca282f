/**
 * Credentials: the static token, and OS1's client-credentials flow
 * (`POST /core/api/v1/aaa/auth/client-credentials` → `{data:{accessToken, tokenType, expiresIn}}`).
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
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class Tokens {
  private readonly issued = new Map<string, number>();
  constructor(private readonly credentials: Credentials) {}

  /** True for the static token or an issued, unexpired one. */
  isValid(token: string): boolean {
    if (token === this.credentials.accessToken) return true;
    const expiresAt = this.issued.get(token);
    if (expiresAt === undefined) return false;
    if (expiresAt > Date.now()) return true;
    this.issued.delete(token);
    return false;
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
    this.issued.set(accessToken, Date.now() + TOKEN_TTL_SECONDS * 1000);
    return { status: 200, headers: {}, body: { data: { accessToken, tokenType: 'Bearer', expiresIn: TOKEN_TTL_SECONDS }, request: echo } };
  }
}
