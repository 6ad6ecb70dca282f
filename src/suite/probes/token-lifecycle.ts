/**
 * Token lifecycle (check:token-expiry, API2): a client-credentials token kept past its expiresIn is
 * refused with 401, on a read and on a write, and the write changes nothing. The token is one the
 * run was issued: the client's own, when the run authenticates with client credentials and has
 * outlived its first token; else a fresh one (of the configured client credentials) whose expiry
 * the probe waits out when CONFORMANCE_TOKEN_WAIT_S allows the wait. Otherwise, and with a static
 * token and no client credentials, the row is untested and says why (`not-configured`). The
 * altered-token variants of API2 are the token-variants probe's (security.ts).
 */
import { clientCredentials, type IssuedToken, type TokenSource } from '../../client/index.ts';
import { RULES } from '../../checks/index.ts';
import type { ResultRecord } from '../../results/model.ts';
import type { SuiteContext } from '../run/context.ts';
import { describeOutcome, exchangeOf } from '../record/evidence.ts';
import type { Recorder } from '../record/recorder.ts';
import { resilient } from '../run/resilient.ts';
import { validBody } from './bodies.ts';
import { changesOf, openJob, readJob } from './traces.ts';

/** Past its expiresIn by this much, a token is expired on the issuer's clock too (its answer took time to arrive; a lifetime may be rounded). */
export const EXPIRY_MARGIN_MS = 1000;

/** When a token is past its lifetime, on the clock it was received on. */
export const expiredAt = (t: IssuedToken) => t.receivedAt + t.expiresIn * 1000 + EXPIRY_MARGIN_MS;

/** Where the run's issued tokens come from: the client's source, or one of the configured client credentials; undefined without either. */
function issuer(ctx: SuiteContext): TokenSource | undefined {
  if (ctx.client.tokenSource.issuedTokens) return ctx.client.tokenSource;
  const c = ctx.config;
  if (!c.clientId || !c.clientSecret || !c.authUrl) return undefined;
  // The probe's own client-credentials source, one per worker, when the client's is a static token.
  return (ctx.state.issuer ??= clientCredentials({ authUrl: c.authUrl, clientId: c.clientId, clientSecret: c.clientSecret, audience: c.audience, timeoutMs: c.timeoutMs }));
}

/**
 * Takes the probe's first token when a worker opens, where the probe may wait for one to expire
 * (CONFORMANCE_TOKEN_WAIT_S, 3 s on the embedded server): by the time the probe runs, that token
 * has aged with the worker's other tests, and the probe waits less or not at all (it waited 2 s,
 * last, on the embedded run). A remote run waits for none (0 s) and takes no token early. A token
 * endpoint that does not answer now is the probe's to meet later.
 */
export async function primeTokenExpiry(ctx: SuiteContext): Promise<void> {
  if (ctx.config.tokenWaitMs <= 0) return;
  const source = issuer(ctx);
  if (!source || source === ctx.client.tokenSource) return;
  try {
    await source.get();
  } catch {
    // met again, and reported, by the probe
  }
}

export async function probeTokenExpiry(ctx: SuiteContext, recorder: Recorder): Promise<ResultRecord> {
  const row = recorder.runRow(RULES.tokenExpiry);
  const source = issuer(ctx);
  if (!source) {
    recorder.notSent(row, { code: 'not-configured', text: 'a static token has no lifetime to outlive: the row needs client credentials (DISPATCH_CLIENT_ID, DISPATCH_CLIENT_SECRET, DISPATCH_AUTH_URL)' });
    return row;
  }
  await resilient(ctx, recorder, row.rowId, 'the token expiry probe', async () => {
    await source.get();
    const issued = source.issuedTokens!();
    // A token the run has outlived, else the newest, if its expiry is within the wait allowed.
    let expired = issued.find((t) => Date.now() >= expiredAt(t));
    if (!expired) {
      const newest = issued[issued.length - 1]!;
      const wait = expiredAt(newest) - Date.now();
      if (wait > ctx.config.tokenWaitMs) {
        return recorder.notSent(row, { code: 'not-configured', text: `the run's tokens live ${newest.expiresIn} s and none is that old yet: CONFORMANCE_TOKEN_WAIT_S=${Math.ceil(wait / 1000)} lets the probe wait for one to expire (now ${ctx.config.tokenWaitMs / 1000})` });
      }
      await new Promise((r) => setTimeout(r, wait));
      expired = newest;
    }
    const job = await openJob(ctx, recorder, row);
    if (!job) return;
    const before = await readJob(ctx, job.jobId);
    const identity = { token: expired.token };
    const getJob = ctx.contract.operation('getJob');
    const write = ctx.contract.operation('changeJobSubStatus');
    for (const [op, body] of [[getJob, undefined], [write, validBody(ctx, write)]] as const) {
      const reply = await ctx.client.send(op, { pathParams: { jobId: job.jobId }, body, identity });
      recorder.observe(op, reply);
      recorder.attempt(row, { operationId: op.operationId, as: 'expired-token', status: reply.status, what: `${op.operationId} with a token ${Math.round((Date.now() - expired.receivedAt) / 1000)} s old (expiresIn ${expired.expiresIn})` });
      if (reply.status === 401) recorder.pass(row, 'reject');
      else recorder.fail(row, 'reject', { expected: '401', actual: `${describeOutcome(reply)} for ${op.operationId} with a token past its expiresIn (${expired.expiresIn} s)`, exchange: exchangeOf(reply) });
    }
    const changed = changesOf(before, await readJob(ctx, job.jobId));
    if (changed.length) {
      ctx.jobs.spoil(job);
      recorder.violate(row, { expected: `job ${job.jobId} unchanged`, actual: `a write with an expired token changed it: ${changed.join('; ')}` });
    }
  });
  return row;
}
