/**
 * HTTP methods (issue 29, family 1): every path with every method the spec does not give it gets
 * 405 with an Allow header naming the path's methods, or 404, and changes nothing. The unfaulted
 * server conforms on every path, in every profile; each method fault is caught on the paths it
 * breaks (a deviation for a method it takes); the judgement of one answer accepts every reading
 * RFC 9110 allows (404, HEAD and OPTIONS answered 2xx) and no other.
 */
import { test, expect } from '@playwright/test';
import type { Reply } from '../../src/client/index.ts';
import { loadContract } from '../../src/contract/index.ts';
import { failsRun } from '../../src/results/gate.ts';
import { CHECKS } from '../../src/results/model.ts';
import { listFaults, PROFILE_NAMES } from '../../src/server/index.ts';
import { apiPaths, judgeMethod, METHODS, methodRowId } from '../../src/suite/probes/methods.ts';
import { expectCaughtByMutation, runSteps, triedOn } from './helpers/steps.ts';

const contract = loadContract();
const paths = apiPaths(contract);
const methodSteps = (step: { owns: string[] }) => step.owns.some((id) => id.startsWith(`${CHECKS.unsupportedMethod}.`));
const METHOD_FAULTS = listFaults().filter((f) => f.family === 'methods');

test('every path of the spec has its row, on its first operation, and the family has its faults', () => {
  expect(paths.map((p) => p.path).sort()).toEqual(['/job-types/{jobTypeId}/attributes', '/jobs', '/jobs/sub-status', '/jobs/{jobId}', '/jobs/{jobId}/status', '/jobs/{jobId}/sub-status']);
  expect(new Set(paths.map(methodRowId)).size).toBe(paths.length);
  expect(METHOD_FAULTS.map((f) => [f.name, f.detectedBy])).toEqual([
    ['405-without-allow', CHECKS.unsupportedMethod],
    ['patch-as-put', CHECKS.unsupportedMethod],
    ['acts-then-405', CHECKS.unsupportedMethod],
  ]);
});

for (const profile of PROFILE_NAMES) {
  test(`[${profile}] the unfaulted server refuses every other method on every path, changes nothing, and conforms`, async () => {
    const run = await runSteps({ profile, only: methodSteps });
    expect(run.errors).toEqual([]);
    expect(run.broken).toEqual([]);
    for (const p of paths) {
      const row = run.row(methodRowId(p))!;
      expect(row.verdict, p.path).toBe('conforms');
      expect(row.provenance).toBe('reference');
      const documented = p.operations.map((o) => o.method.toUpperCase());
      const others = METHODS.filter((m) => !documented.includes(m));
      expect(triedOn(row).map((a) => [a.as, a.status]).sort(), p.path).toEqual(others.map((m) => [m, 405]).sort());
      expect(row.cases.reject).toBe(others.length);
    }
  });

  test(`[${profile}] each method fault is caught on its rows: a 405 without Allow and a refusal after acting are violations, a method taken a deviation`, async () => {
    const verdicts = async (fault: string) => {
      const run = await runSteps({ profile, faults: [fault], only: methodSteps });
      expect(run.errors).toEqual([]);
      return Object.fromEntries(paths.map((p) => [p.path, run.row(methodRowId(p))!]));
    };
    const noAllow = await verdicts('405-without-allow');
    for (const [path, row] of Object.entries(noAllow)) {
      expect(row.verdict, path).toBe('violated');
      expect(row.evidence[0]!.actual).toMatch(/^answered 405 to \w+, but it carries no Allow header/);
    }
    const acted = await verdicts('acts-then-405');
    for (const [path, row] of Object.entries(acted)) {
      expect(row.verdict, path).toBe('violated');
      expect(row.evidence[0]!.actual, path).toMatch(/^after .* 405.*: .*(before|the job type holds attribute)/);
    }
    // PATCH as PUT: taken where the path has a PUT (a deviation, with what it changed), refused elsewhere.
    const patched = await verdicts('patch-as-put');
    expect(Object.entries(patched).filter(([, r]) => r.verdict !== 'conforms').map(([p, r]) => [p, r.verdict]).sort()).toEqual([
      ['/jobs', 'deviation'],
      ['/jobs/{jobId}', 'deviation'],
    ]);
    expect(patched['/jobs/{jobId}']!.evidence.map((e) => e.actual).join('\n')).toMatch(/accepted with 20\d for PATCH, a method the spec does not give this path/);
    expect(failsRun('deviation')).toBe(false);
  });

  test(`[${profile}] the mutation run counts the method faults, each caught with the remote plan`, async () => {
    test.setTimeout(180_000);
    await expectCaughtByMutation(METHOD_FAULTS.map((f) => f.name), profile);
  });
}

test('one answer is judged by what RFC 9110 allows: 404, 405 with a right Allow, HEAD and OPTIONS answered 2xx; anything else breaks the rule or deviates', () => {
  const reply = (status: number, allow?: string) => ({ status, headers: allow === undefined ? {} : { allow } }) as unknown as Reply;
  const onGetPut = ['GET', 'PUT'];
  const verdict = (m: string, r: Reply, documented = onGetPut) => {
    const j = judgeMethod(m, documented, r);
    return j.ok ? 'ok' : (j.provenance ?? 'reference');
  };
  expect(verdict('DELETE', reply(404))).toBe('ok');
  expect(verdict('DELETE', reply(405, 'GET, PUT'))).toBe('ok');
  expect(verdict('DELETE', reply(405, 'get,put,head,options'))).toBe('ok');
  expect(verdict('DELETE', reply(405))).toBe('reference');
  expect(verdict('DELETE', reply(405, 'GET'))).toBe('reference');
  expect(verdict('DELETE', reply(405, 'GET, PUT, DELETE'))).toBe('reference');
  expect(verdict('HEAD', reply(200))).toBe('ok');
  expect(verdict('HEAD', reply(200), ['POST'])).toBe('assumed');
  expect(verdict('OPTIONS', reply(204, 'GET, HEAD, PUT, OPTIONS'))).toBe('ok');
  expect(verdict('OPTIONS', reply(200))).toBe('ok');
  expect(verdict('OPTIONS', reply(200, 'GET'))).toBe('reference');
  expect(verdict('PATCH', reply(202))).toBe('assumed');
  expect(verdict('PATCH', reply(400))).toBe('assumed');
  expect(verdict('PATCH', reply(403))).toBe('assumed');
  expect(verdict('PATCH', reply(501))).toBe('assumed');
  expect(verdict('PATCH', reply(500))).toBe('reference');
  expect(verdict('PATCH', reply(503))).toBe('reference');
});
