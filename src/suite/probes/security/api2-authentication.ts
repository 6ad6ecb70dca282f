/**
 * API2, broken authentication: an empty token, the token altered in one character (its last, its
 * first, one letter's case, one appended), a token of its shape that was never issued, the token
 * only as `Authorization: Bearer`, and a revoked token where the target can revoke one: 401 on
 * every operation, and the job unchanged. A token past its expiresIn: ../token-lifecycle.ts.
 */
import { clientCredentials, tokenEdit, type Identity } from '../../../client/index.ts';
import { REFUSAL_CHECKS, RULES } from '../../../checks/index.ts';
import type { SuiteContext } from '../../run/context.ts';
import { describeOutcome, exchangeOf } from '../../record/evidence.ts';
import { prepare } from '../../jobs/prepare.ts';
import { afterSend, sendAgain } from '../../record/judge.ts';
import type { Recorder } from '../../record/recorder.ts';
import { resilient } from '../../run/resilient.ts';
import { validBody } from '../bodies.ts';
import { readJob } from '../traces.ts';
import { ownerToken, same, untested } from './common.ts';

/** A token of the same shape (each letter or digit replaced by another of its class), never issued. */
function sameShape(token: string, seed: number): string {
  let x = (seed >>> 0) || 1;
  const next = () => (x = (x * 1103515245 + 12345) >>> 0);
  const pick = (chars: string, not: string) => {
    const c = chars[next() % chars.length]!;
    return c === not ? chars[(chars.indexOf(c) + 1) % chars.length]! : c;
  };
  return [...token].map((ch) => (/[0-9]/.test(ch) ? pick('0123456789', ch) : /[a-z]/.test(ch) ? pick('abcdefghijklmnopqrstuvwxyz', ch) : /[A-Z]/.test(ch) ? pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ', ch) : ch)).join('');
}

/** The token with its last (or first) letter or digit changed to the next of its class. */
function oneCharChanged(token: string, which: 'first' | 'last' = 'last'): string {
  const alnum = (c: string) => /[A-Za-z0-9]/.test(c);
  const i = which === 'last' ? [...token].findLastIndex(alnum) : [...token].findIndex(alnum);
  if (i < 0) return `${token}x`;
  const c = token[i]!;
  const swapped = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : c === 'z' ? 'a' : c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1);
  return token.slice(0, i) + swapped + token.slice(i + 1);
}

/** The token with its first letter's case flipped (undefined for a token without letters): a case-insensitive compare takes it. */
function caseFlipped(token: string): string | undefined {
  const i = [...token].findIndex((c) => /[A-Za-z]/.test(c));
  if (i < 0) return undefined;
  const c = token[i]!;
  return token.slice(0, i) + (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) + token.slice(i + 1);
}

/** A token the target issued and then revoked, where the target can revoke (the reference server); undefined elsewhere. */
async function revokedToken(ctx: SuiteContext): Promise<string | undefined> {
  const c = ctx.config;
  if (!c.revokeUrl || !c.clientId || !c.clientSecret || !c.authUrl) return undefined;
  const source = clientCredentials({ authUrl: c.authUrl, clientId: c.clientId, clientSecret: c.clientSecret, audience: c.audience, timeoutMs: c.timeoutMs });
  const token = await source.get();
  // Only this token is revoked: the run's other issued tokens (the expiry probe's, taken when its
  // worker opened) stay valid. Revoking is idempotent: a connection lost on the way is tried once
  // more; lost twice, the probe goes without the revoked variant rather than ending in an error.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const res = await fetch(c.revokeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      await res.body?.cancel();
      return res.ok ? token : undefined;
    } catch {
      // lost on the way: once more
    }
  }
  return undefined;
}

/**
 * API2: every operation with each token variant; 401 each time, and the job the request names
 * unchanged. Rows: `check:token-variants.<operationId>`.
 */
export async function probeTokenVariants(ctx: SuiteContext, recorder: Recorder): Promise<void> {
  const main = await ownerToken(ctx).get();
  const revoked = await revokedToken(ctx);
  // An altered token's curl makes it again from the user's own (DISPATCH_ACCESS_TOKEN, which the
  // client's curls read), by the same edit: `${DISPATCH_ACCESS_TOKEN}0`; the token is never written.
  const altered = (token: string): Identity => {
    const shell = tokenEdit(main, token, 'DISPATCH_ACCESS_TOKEN');
    return { token, ...(shell ? { tokenShell: shell } : {}) };
  };
  const variants: { as: string; what: string; identity: Identity }[] = [
    { as: 'empty', what: 'an empty X-COREOS-ACCESS', identity: { token: '' } },
    { as: 'one-char-changed', what: 'the token with one character changed', identity: altered(oneCharChanged(main)) },
    // Altered in one character elsewhere: the first, one letter's case, one more at the end (a prefix compare).
    { as: 'first-char-changed', what: 'the token with its first character changed', identity: altered(oneCharChanged(main, 'first')) },
    ...(caseFlipped(main) !== undefined ? [{ as: 'case-flipped', what: "the token with one letter's case flipped", identity: altered(caseFlipped(main)!) }] : []),
    { as: 'char-appended', what: 'the token with one character appended', identity: altered(`${main}0`) },
    { as: 'never-issued', what: 'a token of its shape that was never issued', identity: { token: sameShape(main, ctx.config.seed) } },
    { as: 'bearer-only', what: 'the token only in Authorization, as a bearer token', identity: { token: main, bearer: true, tokenVar: 'DISPATCH_ACCESS_TOKEN' } },
    ...(revoked ? [{ as: 'revoked', what: 'a token the target issued, then revoked', identity: { token: revoked } }] : []),
  ];
  for (const op of ctx.contract.operations) {
    const row = recorder.checkRow(RULES.tokenVariants, op);
    if (!revoked) recorder.note(row, { code: 'not-configured', text: 'no revoked token tried: the target offers no way to revoke one (only the embedded server does)' });
    await resilient(ctx, recorder, row.rowId, 'the token variants probe', async () => {
      const prepared = await prepare(ctx, op, { operationId: op.operationId, kind: 'valid', expect: 'accept', instancePointer: '', path: 'body', description: 'a valid request', body: validBody(ctx, op) }, 'reject');
      if (!prepared.send) return untested(recorder, row, prepared.reason);
      const job = prepared.job;
      const before = job && op.operationId !== 'getJob' ? (await readJob(ctx, job.jobId)).data : undefined;
      for (const [i, { as, what, identity }] of variants.entries()) {
        const p = sendAgain(ctx, op, prepared, i);
        if (!p.send) return untested(recorder, row, p.reason);
        const reply = await ctx.client.send(op, { pathParams: p.pathParams, body: p.body, identity });
        afterSend(ctx, op, p, reply);
        recorder.observe(op, reply, undefined, REFUSAL_CHECKS);
        recorder.attempt(row, { operationId: op.operationId, as, status: reply.status, what });
        if (reply.status === 401) recorder.pass(row, 'reject');
        else recorder.fail(row, 'reject', { expected: '401', actual: `${describeOutcome(reply)} with ${what}`, exchange: exchangeOf(reply) });
      }
      if (job && before !== undefined) {
        const after = await readJob(ctx, job.jobId);
        if (!same(after.data, before)) recorder.violate(row, { expected: 'the job unchanged', actual: `a request with a token that is not valid changed job ${job.jobId}`, exchange: exchangeOf(after.reply) });
      }
    });
  }
}
