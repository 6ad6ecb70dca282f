/**
 * Path parameters (issue 29, family 2): every operation with a path parameter gets it as something
 * that names no entity, and must answer 400 or 404, never a 5xx or another entity's data, and change
 * nothing. The unfaulted server conforms on every such operation, in every profile; each path fault
 * is caught on the rows of the operations it breaks; the id's length limit comes from the schemas.
 */
import { test, expect } from '@playwright/test';
import type { Reply } from '../../src/client/index.ts';
import { buildCatalogue, loadContract } from '../../src/contract/index.ts';
import { CHECKS } from '../../src/results/model.ts';
import { listFaults, PROFILE_NAMES } from '../../src/server/index.ts';
import { idMaxLength, judgePath, pathVariants } from '../../src/suite/probes/path-parameters.ts';
import { expectCaughtByMutation, runSteps, triedOn } from './helpers/steps.ts';

const contract = loadContract();
const catalogue = buildCatalogue(contract);
const withParams = contract.operations.filter((o) => o.pathParams.length > 0).map((o) => o.operationId);
const pathSteps = (step: { owns: string[] }) => step.owns.some((id) => id.startsWith(`${CHECKS.pathParameters}.`));
const PATH_FAULTS = listFaults().filter((f) => f.family === 'paths');

test('the operations with a path parameter each have a row; the id limit is the schemas\' own', () => {
  expect(withParams.sort()).toEqual(['changeJobStatus', 'changeJobSubStatus', 'createJobAttributes', 'getJob', 'getJobAttributes', 'updateJobById']);
  // jobs[].jobId of the bulk change and createJob's jobTypeId: 64 in the schemas today, read from there.
  expect(idMaxLength(catalogue, 'jobId')).toBe(catalogue.find((c) => c.id === 'changeJobsSubStatus.jobs[].jobId.maxLength')!.limit);
  expect(idMaxLength(catalogue, 'jobTypeId')).toBe(catalogue.find((c) => c.id === 'createJob.jobTypeId.maxLength')!.limit);
  const variants = pathVariants(catalogue, 'jobId', 'job:1', 'type-1');
  expect(variants.find((v) => /one past/.test(v.what))!.segment).toHaveLength(idMaxLength(catalogue, 'jobId')! + 1);
  expect(new Set(variants.map((v) => v.segment)).size).toBe(variants.length);
  expect(PATH_FAULTS.map((f) => [f.name, f.detectedBy])).toEqual([
    ['path-bad-encoding-500', CHECKS.pathParameters],
    ['path-decoded-before-routing', CHECKS.pathParameters],
    ['path-id-too-long-500', CHECKS.pathParameters],
  ]);
});

for (const profile of PROFILE_NAMES) {
  test(`[${profile}] the unfaulted server refuses every path parameter that names nothing with 400 or 404, changes nothing, and conforms`, async () => {
    const run = await runSteps({ profile, only: pathSteps });
    expect(run.errors).toEqual([]);
    expect(run.broken).toEqual([]);
    for (const id of withParams) {
      const row = run.row(`${CHECKS.pathParameters}.${id}`)!;
      expect(row.verdict, id).toBe('conforms');
      const tried = triedOn(row);
      expect(tried, id).toHaveLength(pathVariants(catalogue, 'jobId', 'x', 'y').length);
      expect(tried.every((a) => a.status === 400 || a.status === 404), JSON.stringify(tried)).toBe(true);
    }
  });

  test(`[${profile}] each path fault is caught on the rows of the operations it breaks`, async () => {
    const rows = async (fault: string) => {
      const run = await runSteps({ profile, faults: [fault], only: pathSteps });
      expect(run.errors).toEqual([]);
      return Object.fromEntries(withParams.map((id) => [id, run.row(`${CHECKS.pathParameters}.${id}`)!]));
    };
    for (const fault of ['path-bad-encoding-500', 'path-id-too-long-500']) {
      for (const [id, row] of Object.entries(await rows(fault))) {
        expect(row.verdict, `${fault} ${id}`).toBe('violated');
        expect(row.evidence[0]!.actual, `${fault} ${id}`).toMatch(/^answered 500 for /);
      }
    }
    // Decoded before routing: the traversal reaches the open job; the read shows it, the writes change it.
    const decoded = await rows('path-decoded-before-routing');
    expect(decoded.getJob!.evidence.map((e) => e.actual).join('\n')).toMatch(/accepted with 200 for an encoded slash and dot segments before an existing id, showing job:/);
    for (const id of ['updateJobById', 'changeJobStatus', 'changeJobSubStatus']) {
      expect(decoded[id]!.verdict, id).toBe('violated');
      expect(decoded[id]!.evidence.map((e) => e.actual).join('\n'), id).toMatch(/with path parameters that name nothing: .* before /);
    }
    expect(decoded.createJobAttributes!.evidence.map((e) => e.actual).join('\n')).toMatch(/it holds attribute path\w+, which only requests naming no job type carried/);
  });

  test(`[${profile}] the mutation run counts the path faults, each caught with the remote plan`, async () => {
    test.setTimeout(180_000);
    await expectCaughtByMutation(PATH_FAULTS.map((f) => f.name), profile);
  });
}

test('one answer is judged as the RFCs let a server refuse: 400 and 404 always, 405 where dot segments land elsewhere, 414 for the long ids; a 2xx or a 5xx never', () => {
  const op = contract.operation('getJob');
  const variants = pathVariants(catalogue, 'jobId', 'job:1', 'type-1');
  const v = (what: RegExp) => variants.find((x) => what.test(x.what))!;
  const reply = (status: number, json?: unknown) => ({ status, headers: {}, json }) as unknown as Reply;
  const verdict = (what: RegExp, r: Reply) => {
    const j = judgePath(op, v(what), r, 'job:1');
    return j.ok ? 'ok' : (j.provenance ?? 'reference');
  };
  expect(verdict(/percent sign/, reply(400))).toBe('ok');
  expect(verdict(/percent sign/, reply(404))).toBe('ok');
  expect(verdict(/percent sign/, reply(405))).toBe('assumed');
  expect(verdict(/\(\.\.\)/, reply(405))).toBe('ok');
  expect(verdict(/10 KiB/, reply(414))).toBe('ok');
  expect(verdict(/non-ASCII/, reply(414))).toBe('assumed');
  expect(verdict(/white space/, reply(403))).toBe('assumed');
  expect(verdict(/NUL/, reply(500))).toBe('reference');
  expect(verdict(/another kind/, reply(200, { data: { jobId: 'job:9' } }))).toBe('reference');
  const traversal = judgePath(op, v(/encoded slash/), reply(200, { data: { jobId: 'job:1' } }), 'job:1');
  expect(traversal.ok ? '' : traversal.actual).toMatch(/, showing job:1: getJob acted on an id that names nothing$/);
});
