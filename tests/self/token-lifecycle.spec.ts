/**
 * Token lifecycle (issue 29, family 7): a client-credentials token kept past its expiresIn is refused
 * (tried when the run outlives a token, or when CONFORMANCE_TOKEN_WAIT_S allows the wait; untested
 * with a reason otherwise), and a token altered in any one character (its last, its first, one
 * letter's case, one appended) is refused on every operation. The unfaulted server conforms in every
 * profile; a server that never expires its tokens, compares them ignoring case or by prefix, is caught.
 */
import { test, expect } from '@playwright/test';
import { embeddedSuite } from '../../src/targets/embedded.ts';
import { CHECKS } from '../../src/results/model.ts';
import { PROFILE_NAMES } from '../../src/server/index.ts';
import { primeTokenExpiry, probeTokenExpiry } from '../../src/suite/probes/token-lifecycle.ts';
import { expectCaughtByMutation, runSteps, triedOn } from './helpers/steps.ts';
import { probeTokenVariants } from '../../src/suite/probes/security/api2-authentication.ts';

const tokenSteps = (step: { owns: string[] }) => step.owns.includes(CHECKS.tokenExpiry) || step.owns.includes(`${CHECKS.tokenVariants}.`);

for (const profile of PROFILE_NAMES) {
  test(`[${profile}] the unfaulted server refuses an expired token and every altered one, and conforms`, async () => {
    const run = await runSteps({ profile, only: tokenSteps });
    expect(run.errors).toEqual([]);
    expect(run.broken).toEqual([]);
    const expiry = run.row(CHECKS.tokenExpiry)!;
    expect(expiry.verdict).toBe('conforms');
    expect(expiry.provenance).toBe('security');
    expect(triedOn(expiry).map((a) => [a.operationId, a.as, a.status])).toEqual([['getJob', 'expired-token', 401], ['changeJobSubStatus', 'expired-token', 401]]);
    for (const r of run.records.filter((x) => x.rowId.startsWith(`${CHECKS.tokenVariants}.`))) {
      expect(r.verdict, r.rowId).toBe('conforms');
      expect(triedOn(r).filter((a) => ['first-char-changed', 'case-flipped', 'char-appended'].includes(a.as))).toHaveLength(3);
    }
  });

  test(`[${profile}] a server that never expires a token, or compares tokens ignoring case or by prefix, is caught on its row`, async () => {
    const expiry = await runSteps({ profile, faults: ['expired-token-accepted'], only: tokenSteps });
    expect(expiry.row(CHECKS.tokenExpiry)!.verdict).toBe('violated');
    expect(expiry.broken).toEqual([`${CHECKS.tokenExpiry} violated: accepted with 200 for getJob with a token past its expiresIn (1 s)`]);
    for (const [fault, variant] of [['token-case-insensitive', 'case-flipped'], ['token-prefix-match', 'char-appended']] as const) {
      const run = await runSteps({ profile, faults: [fault], only: tokenSteps });
      const rows = run.records.filter((r) => r.rowId.startsWith(`${CHECKS.tokenVariants}.`));
      expect(rows.every((r) => r.verdict === 'violated'), fault).toBe(true);
      expect(rows.every((r) => triedOn(r).some((a) => a.as === variant && a.status !== 401)), fault).toBe(true);
    }
    await expectCaughtByMutation(['token-case-insensitive', 'token-prefix-match'], profile);
    // Judged as a remote target the probe waits for nothing, so the embedded plan (which may wait) finds this one.
    await expectCaughtByMutation(['expired-token-accepted'], profile, 'local');
  });
}

test('at remote defaults the probe waits for nothing: with a static token and no client credentials, and with tokens that outlive the wait allowed, the row is untested and says what to set', async () => {
  const staticOnly = await runSteps({ remote: true, only: tokenSteps, settings: { DISPATCH_CLIENT_ID: '', DISPATCH_CLIENT_SECRET: '', DISPATCH_AUTH_URL: '' } });
  expect(staticOnly.row(CHECKS.tokenExpiry)).toMatchObject({ verdict: 'untested', reasons: [{ code: 'not-configured', text: expect.stringMatching(/a static token has no lifetime to outlive/) }] });
  const longLived = await runSteps({ remote: true, tokenTtlSeconds: 3600, only: tokenSteps });
  expect(longLived.row(CHECKS.tokenExpiry)).toMatchObject({ verdict: 'untested', reasons: [{ code: 'not-configured', text: expect.stringMatching(/tokens live 3600 s and none is that old yet: CONFORMANCE_TOKEN_WAIT_S=3601 lets the probe wait/) }] });
  expect(longLived.requests).toBeGreaterThan(0);
});

test('a run on client credentials that has outlived its first token tries that token, waiting for nothing', async () => {
  const s = await embeddedSuite({ remote: true, settings: { DISPATCH_ACCESS_TOKEN: '', CONFORMANCE_SEED: '7' } });
  try {
    const getJob = s.ctx.contract.operation('getJob');
    // The run's first token, issued by its first request; then the run goes on past the token's life.
    await s.ctx.client.send(getJob, { pathParams: { jobId: 'job:none' } });
    const first = s.ctx.client.tokenSource.issuedTokens!()[0]!;
    await new Promise((r) => setTimeout(r, first.expiresIn * 1000 + 1100));
    expect(s.ctx.config.tokenWaitMs).toBe(0);
    const row = await probeTokenExpiry(s.ctx, s.recorder);
    expect(row.verdict).toBe('conforms');
    expect(triedOn(row)).toHaveLength(2);
    expect(s.ctx.client.tokenSource.issuedTokens!()[0]!.token).toBe(first.token);
  } finally {
    await s.close();
  }
});

test('a worker that may wait for a token to expire takes the probe\'s first token when it opens, so the probe finds it aged; one that may not takes none', async () => {
  const waits = await embeddedSuite();
  const none = await embeddedSuite({ settings: { CONFORMANCE_TOKEN_WAIT_S: '0' } });
  try {
    await primeTokenExpiry(waits.ctx);
    await primeTokenExpiry(none.ctx);
    const issued = waits.ctx.state.issuer?.issuedTokens?.() ?? [];
    expect(issued).toHaveLength(1);
    expect(none.ctx.state.issuer).toBeUndefined();
    // The probe then judges with that token (the first one issued), not a fresh one.
    const row = await probeTokenExpiry(waits.ctx, waits.recorder);
    expect(row.facts.judged).toBeGreaterThan(0);
    expect(waits.ctx.state.issuer?.issuedTokens?.()).toHaveLength(1);
  } finally {
    await waits.close();
    await none.close();
  }
});

test("the token taken when a worker opens outlives the token-variants probe's revocation: after that probe, a server that never expires tokens is still caught", async () => {
  for (const faults of [[], ['expired-token-accepted']]) {
    const s = await embeddedSuite({ faults });
    try {
      await primeTokenExpiry(s.ctx);
      // The token-variants probe revokes a token of its own on the embedded server.
      await probeTokenVariants(s.ctx, s.recorder);
      await probeTokenExpiry(s.ctx, s.recorder);
      const records = s.recorder.records();
      const variants = records.filter((r) => r.rowId.startsWith(`${CHECKS.tokenVariants}.`));
      expect(variants.every((r) => triedOn(r).some((a) => a.as === 'revoked' && a.status === 401)), `${faults}`).toBe(true);
      const expiry = records.find((r) => r.rowId === CHECKS.tokenExpiry)!;
      expect(`${expiry.verdict} ${triedOn(expiry).map((a) => a.status)}`, `${faults}`).toBe(faults.length ? 'violated 200,202' : 'conforms 401,401');
      // With the worker's first token, not a fresh one.
      expect(s.ctx.state.issuer?.issuedTokens?.()).toHaveLength(1);
    } finally {
      await s.close();
    }
  }
});
