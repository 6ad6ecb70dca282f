/**
 * The probes that look where the constraint cases do not: unknown referential ids, and (with
 * DISPATCH_REQUIRED_HEADERS) each required header left out. Run by the engine against the embedded
 * reference server, in process.
 */
import { test, expect } from '@playwright/test';
import { SENT_HEADERS } from '../../src/config/config.ts';
import { embeddedSuite } from '../../src/targets/embedded.ts';
import { probeRequiredHeaders, probeUnknownReference, referentialMembers, type Recorder, type SuiteContext } from '../../src/suite/index.ts';
import { testClient, TEST_CLIENT } from './helpers/client.ts';
import { stubServer } from './helpers/stub-server.ts';

/** The engine on the embedded server with `faults`, seed 11 and `env` over its settings. */
async function withSuite(env: Record<string, string>, faults: string[], body: (ctx: SuiteContext, recorder: Recorder) => Promise<void>): Promise<void> {
  const { ctx, recorder, close } = await embeddedSuite({ faults, settings: { CONFORMANCE_SEED: '11', ...env } });
  try {
    await body(ctx, recorder);
  } finally {
    await close();
  }
}

test.describe('unknown referential ids', () => {
  test('every x-referential member naming a configured entity is probed; jobs and jobRefs are left to the 404 probe', () => {
    return withSuite({}, [], async (ctx) => {
      const members = referentialMembers(ctx.catalogue).map((m) => `${m.operationId}.${m.path}:${m.kind}`);
      expect(members.sort()).toEqual(
        ['createJob.jobTypeId:jobType', 'createJob.jobWorkflowId:jobWorkflow', 'createJob.objectives[].contact:contact', 'createJob.objectives[].location:location', 'updateJobById.objectives[].contact:contact', 'updateJobById.objectives[].location:location'].sort(),
      );
    });
  });

  test('a well-formed unknown job type or workflow is refused by the reference server, and accepted when its check is off', async () => {
    for (const [faults, verdict] of [[[], 'conforms'], [['createJob.jobWorkflowId:unchecked-reference'], 'violated']] as const) {
      await withSuite({}, [...faults], async (ctx, recorder) => {
        const m = referentialMembers(ctx.catalogue).find((x) => x.path === 'jobWorkflowId')!;
        const row = await probeUnknownReference(ctx, recorder, m);
        expect(row.rowId).toBe('check:unknown-reference.jobWorkflowId.createJob');
        expect(row.verdict, faults.join()).toBe(verdict);
        expect(row.requests).toBe(1);
        if (verdict === 'violated') {
          expect(row.evidence[0]!.actual).toMatch(/^accepted with 202 for jobWorkflowId "nx-/);
          const sent = row.evidence[0]!.exchange!.requestBody as { jobWorkflowId: string };
          expect(ctx.config.jobWorkflowIds).not.toContain(sent.jobWorkflowId);
        }
      });
    }
  });

  test('locations: untested and said so without a pool; sent and judged with one', async () => {
    await withSuite({}, [], async (ctx, recorder) => {
      const m = referentialMembers(ctx.catalogue).find((x) => x.operationId === 'createJob' && x.path === 'objectives[].location')!;
      const row = await probeUnknownReference(ctx, recorder, m);
      expect(row.verdict).toBe('untested');
      expect(row.requests).toBe(0);
      expect(row.reasons).toEqual([{ code: 'no-pool', text: expect.stringMatching(/no DISPATCH_LOCATION_IDS is configured, so the target is taken not to check location ids/) }]);
    });
    // The reference server keeps no locations: told it does, the suite finds it accepts any.
    await withSuite({ DISPATCH_LOCATION_IDS: 'loc-1,loc-2' }, [], async (ctx, recorder) => {
      const m = referentialMembers(ctx.catalogue).find((x) => x.operationId === 'updateJobById' && x.path === 'objectives[].location')!;
      const row = await probeUnknownReference(ctx, recorder, m);
      expect(row.verdict).toBe('violated');
      const sent = row.evidence[0]!.exchange!.requestBody as { objectives: { location: string }[] };
      expect(['loc-1', 'loc-2']).not.toContain(sent.objectives[0]!.location);
    });
  });
});

test.describe('required headers', () => {
  test('the client sends every header DISPATCH_REQUIRED_HEADERS may name, and leaves one out when asked', async () => {
    const stub = await stubServer(() => ({ status: 200, body: { data: {} } }));
    const client = testClient(stub.origin);
    const getJob = (await import('../../src/contract/index.ts')).loadContract().operation('getJob');
    await client.send(getJob, { pathParams: { jobId: 'j' } });
    await client.send(getJob, { pathParams: { jobId: 'j' }, omitHeader: 'X-COREOS-TID' });
    await client.close();
    await stub.close();
    const [all, without] = stub.seen;
    for (const h of SENT_HEADERS) expect(all!.headers[h.toLowerCase()], h).toBeTruthy();
    // Each with the value it stands for, not only present.
    expect(all!.headers).toMatchObject({ 'x-coreos-tid': 'tenant-a', 'x-coreos-userinfo': '{"id":"qa"}', 'x-coreos-access': TEST_CLIENT.token, 'x-coreos-origin-token': TEST_CLIENT.token });
    expect(all!.headers['x-coreos-request-id']).toMatch(/^run1-[0-9a-z]+-1$/);
    expect(without!.headers['x-coreos-request-id']).toMatch(/^run1-[0-9a-z]+-2$/);
    expect(without!.headers['x-coreos-tid']).toBeUndefined();
    expect(without!.headers['x-coreos-userinfo']).toBe('{"id":"qa"}');
  });

  test('each header the spec marks required is left out once per operation; the reference server refuses each', () =>
    withSuite({}, [], async (ctx, recorder) => {
      for (const op of ctx.contract.operations) expect(op.requiredHeaders, op.operationId).toEqual(['X-COREOS-REQUEST-ID', 'X-COREOS-TID', 'X-COREOS-USERINFO']);
      const row = await probeRequiredHeaders(ctx, recorder, ctx.contract.operation('changeJobSubStatus'));
      expect(row).toMatchObject({ rowId: 'check:required-headers.changeJobSubStatus', verdict: 'conforms', requests: 3 });
    }));

  test('a server that does not require X-COREOS-TID is caught; DISPATCH_REQUIRED_HEADERS narrows what is asked', async () => {
    await withSuite({}, ['optional-header:X-COREOS-TID'], async (ctx, recorder) => {
      const row = await probeRequiredHeaders(ctx, recorder, ctx.contract.operation('getJob'));
      expect(row.verdict).toBe('violated');
      expect(row.evidence.map((e) => e.actual)).toEqual(['accepted with 200 without X-COREOS-TID']);
    });
    await withSuite({ DISPATCH_REQUIRED_HEADERS: 'x-coreos-userinfo' }, ['optional-header:X-COREOS-TID'], async (ctx, recorder) => {
      const row = await probeRequiredHeaders(ctx, recorder, ctx.contract.operation('getJob'));
      expect(row).toMatchObject({ verdict: 'conforms', requests: 1 });
    });
    await withSuite({ DISPATCH_REQUIRED_HEADERS: 'X-COREOS-ACCESS' }, [], async (ctx, recorder) => {
      const row = await probeRequiredHeaders(ctx, recorder, ctx.contract.operation('getJob'));
      expect(row).toMatchObject({ verdict: 'untested', requests: 0 });
      expect(row.reasons).toEqual([{ code: 'not-configured', text: expect.stringMatching(/besides X-COREOS-ACCESS \(check:auth\)/) }]);
    });
  });
});
