/**
 * Every answer, not only the probes' (issue 29, family 6): each answer the suite reads with its
 * checks is labelled JSON, never carries the caller's credentials (API8), and, in OS1's envelope, a
 * 4xx has a 12-digit code, a description, additionalInfo and the request echoed. The unfaulted
 * server conforms in every profile (the OS1 envelope judged in the os1 profile, where its answers
 * are in it); each answer fault is caught on its row in both profiles.
 */
import { test, expect } from '@playwright/test';
import type { Reply } from '../../src/client/index.ts';
import { contentType, credentialEcho, os1ErrorEnvelope } from '../../src/checks/index.ts';
import { isJsonMediaType } from '../../src/checks/content-type.ts';
import { looksOs1 } from '../../src/checks/os1-error-envelope.ts';
import { loadContract } from '../../src/contract/index.ts';
import { CHECKS } from '../../src/results/model.ts';
import { PROFILE_NAMES } from '../../src/server/index.ts';
import { expectCaughtByMutation, runSteps } from './helpers/steps.ts';

const contract = loadContract();
/** A few steps whose answers span 2xx and 4xx of every operation: random valid bodies, the 404 and 401 probes. */
const someAnswers = (step: { owns: string[]; file: string }) => step.file === 'operations' && step.owns.some((id) => [CHECKS.unknownId, CHECKS.auth, CHECKS.acceptsValid].some((p) => id.startsWith(`${p}.`)));
const rowsOf = (records: { rowId: string; verdict: string }[], id: string) => records.filter((r) => r.rowId === id || r.rowId.startsWith(`${id}.`));

for (const profile of PROFILE_NAMES) {
  test(`[${profile}] the unfaulted server labels every answer JSON, echoes no credential, and (in OS1's envelope) gives whole error envelopes`, async () => {
    const run = await runSteps({ profile, only: someAnswers });
    expect(run.errors).toEqual([]);
    expect(run.broken).toEqual([]);
    expect(rowsOf(run.records, CHECKS.contentType).length).toBe(contract.operations.length);
    expect(rowsOf(run.records, CHECKS.contentType).every((r) => r.verdict === 'conforms')).toBe(true);
    expect(run.row(CHECKS.credentialEcho)?.verdict).toBe('conforms');
    expect(run.row(CHECKS.credentialEcho)?.provenance).toBe('security');
    // OS1's envelope is judged where the answers are in it: every operation in the os1 profile, none in the contract's.
    const os1 = rowsOf(run.records, CHECKS.os1ErrorEnvelope);
    expect(os1.length).toBe(profile === 'os1' ? contract.operations.length : 0);
    expect(os1.every((r) => r.verdict === 'conforms')).toBe(true);
  });

  test(`[${profile}] each answer fault is caught on its row, and counted by the mutation run`, async () => {
    for (const [fault, row] of [['json-as-text-plain', CHECKS.contentType], ['echo-request-headers', CHECKS.credentialEcho], ['error-code-11-digits', CHECKS.os1ErrorEnvelope]] as const) {
      const run = await runSteps({ profile, faults: [fault], only: someAnswers });
      expect(rowsOf(run.records, row).some((r) => r.verdict === 'violated'), `${fault}: ${run.broken.join('\n')}`).toBe(true);
    }
    await expectCaughtByMutation(['json-as-text-plain', 'echo-request-headers', 'error-code-11-digits'], profile);
  });
}

test('the checks read what the RFCs and OS1 allow: +json types are JSON; a credential counts only in an answer to the run\'s own credentials; OS1\'s envelope only where an answer is in it', () => {
  expect(['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/problem+json'].every(isJsonMediaType)).toBe(true);
  expect(['text/plain', 'text/html; charset=utf-8', 'application/jsonp', '', undefined].some(isJsonMediaType)).toBe(false);
  const ctx = { contract, op: contract.operation('getJob') };
  const reply = (r: Partial<Reply>) => ({ status: 404, headers: {}, text: '{}', isJson: true, json: {}, ...r }) as Reply;
  expect(contentType.applies(ctx, reply({ status: 204, text: '' }))).toBe(false);
  expect(credentialEcho.applies(ctx, reply({}))).toBe(false);
  expect(credentialEcho.run(ctx, reply({ echoedCredentials: true })).ok).toBe(false);
  // A numeric code of an API that gives the status as its code is not OS1's envelope.
  expect(looksOs1({ error: { code: '404', description: 'x' } })).toBe(false);
  expect(looksOs1({ error: { code: '10420006404', description: 'x' } })).toBe(true);
  const os1 = (error: Record<string, unknown>, request: unknown = { uri: '/jobs/x', method: 'GET', queryString: '', body: {} }) => os1ErrorEnvelope.run(ctx, reply({ json: { error, request } })).ok;
  expect(os1({ code: '104200060404', description: 'no job', additionalInfo: {} })).toBe(true);
  expect(os1({ code: 104200060404, description: 'no job', additionalInfo: {} })).toBe(false);
  expect(os1({ code: '104200060404', description: 'no job', additionalInfo: {} }, { path: '/jobs/x' })).toBe(false);
});
