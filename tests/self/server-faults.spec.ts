/**
 * Faults change the reference server in exactly the way they say. Constraint faults are checked
 * generically from the catalogue: for each one, a body that breaks (or sits on) the constraint is
 * sent to a correct server and to the faulted one, and the answers must differ as the fault says.
 * Every other fault has a probe that sees it and that a correct server passes.
 */
import { test, expect } from '@playwright/test';
import { buildCatalogue, getAtPointer, loadContract, pointerTokens, type Constraint } from '../../src/contract/index.ts';
import { CHECKS } from '../../src/results/model.ts';
import { applyFaults } from '../../src/server/faults/index.ts';
import { DEFAULT_CREDENTIALS, listFaults, SEEDED_IDS, startServer, UnknownFaultError, type RunningServer } from '../../src/server/index.ts';
import { call, osHeaders, Raw, validJob, type Answer } from './helpers/reference.ts';

const contract = loadContract();
const catalogue = buildCatalogue(contract);
const byId = new Map(catalogue.map((c) => [c.id, c]));
const faults = new Map(listFaults().map((f) => [f.name, f]));

/** A job to aim at, and the method, path and a valid body of each operation with a body. */
async function requests(server: RunningServer) {
  const jobRef = `ref-${Math.random().toString(36).slice(2)}`;
  const created = await call(server, 'POST', '/jobs', { ...validJob(), jobRef });
  expect(created.status).toBe(202);
  const jobId = created.json.data.id as string;
  const { jobWorkflowId: _w, jobTypeId: _t, ...update } = validJob();
  return {
    createJobAttributes: ['POST', `/job-types/${SEEDED_IDS.jobType[0]}/attributes`, { attributes: [{ name: 'weight', dataType: 'number', validation: { range: { min: 0, max: 10 } } }] }],
    createJob: ['POST', '/jobs', validJob()],
    updateJob: ['PUT', '/jobs', { jobRef, status: 'COMPLETED' }],
    updateJobById: ['PUT', `/jobs/${jobId}`, update],
    changeJobStatus: ['POST', `/jobs/${jobId}/status`, { status: 'COMPLETED', subStatus: 'DONE' }],
    changeJobSubStatus: ['POST', `/jobs/${jobId}/sub-status`, { subStatus: 'EN_ROUTE' }],
    changeJobsSubStatus: ['POST', '/jobs/sub-status', { jobs: [{ jobId, subStatus: 'EN_ROUTE' }] }],
  } as Record<string, [string, string, Record<string, unknown>]>;
}

const REMOVE = Symbol('remove');

/** A copy of `body` with the member at a catalogue path (`objectives[].timeslot.from`) replaced or removed. */
function setAt(body: unknown, path: string, value: unknown): unknown {
  if (path === 'body') return value;
  const copy = structuredClone(body) as any;
  const tokens = path.replace(/\[\]/g, '.[]').split('.').filter(Boolean);
  let node = copy;
  for (const t of tokens.slice(0, -1)) node = t === '[]' ? node[0] : node[t];
  const last = tokens[tokens.length - 1]!;
  const key = last === '[]' ? 0 : last;
  if (value === REMOVE) delete node[key];
  else node[key] = value;
  return copy;
}

/** A value of exactly n code points; a seeded id where the member must name one. */
function ofLength(c: Constraint, n: number): string {
  const seeded = c.referential === 'jobType' ? SEEDED_IDS.jobType : c.referential === 'jobWorkflow' ? SEEDED_IDS.jobWorkflow : [];
  return seeded.find((id) => [...id].length === n) ?? 'a'.repeat(n);
}

const WRONG_TYPE: Record<string, unknown> = { string: 12345, number: 'x', integer: 'x', object: 'x', array: 'x', boolean: 'x' };

/** A body that breaks constraint c alone (the limit moved by `past` steps outward for numeric limits). */
function breaking(c: Constraint, valid: unknown): unknown {
  const limit = c.limit as number;
  switch (c.keyword) {
    case 'required':
      return setAt(valid, c.path, REMOVE);
    case 'type':
      return setAt(valid, c.path, WRONG_TYPE[String(c.limit)]);
    case 'enum':
      return setAt(valid, c.path, 'NOT_IN_THE_ENUM');
    case 'pattern':
      return setAt(valid, c.path, '123');
    case 'maxLength':
      return setAt(valid, c.path, ofLength(c, limit + 1));
    case 'minLength':
      return setAt(valid, c.path, ofLength(c, limit - 1));
    case 'minimum':
      return setAt(valid, c.path, limit - 1);
    case 'if':
      return setAt(valid, c.path, { name: 'flag', dataType: 'boolean', validation: { range: { min: 1, max: 2 } } });
    default:
      throw new Error(`no violation maker for ${c.keyword} (${c.id}): add one`);
  }
}

/** A body exactly on a numeric limit. */
function onLimit(c: Constraint, valid: unknown): unknown {
  const limit = c.limit as number;
  return setAt(valid, c.path, c.keyword.endsWith('Length') ? ofLength(c, limit) : limit);
}

const rejectedFor = (a: Answer, c: Constraint) => a.status === 400 && (a.json?.error?.violations ?? []).some((v: { constraint?: string }) => v.constraint === c.id);
const accepted = (a: Answer) => a.status >= 200 && a.status < 300;

async function send(faults: string[], c: Constraint, make: (valid: unknown) => unknown): Promise<Answer> {
  const server = await startServer({ quiet: true, faults });
  try {
    const [method, path, valid] = (await requests(server))[c.operationId]!;
    return await call(server, method, path, make(valid));
  } finally {
    await server.close();
  }
}

test.describe('constraint faults', () => {
  test('are derived from the catalogue: an :ignore per constraint, :off-by-one and :strict-by-one per numeric limit, :any-string and :case-insensitive per enum an if/then rule reads, each detected by its constraint', () => {
    const faults = listFaults().filter((f) => f.family === 'constraint');
    // An enum whose member the `if` of the node above reads with an enum of its own (attributes[].dataType).
    const readByRule = (c: Constraint) => {
      if (c.keyword !== 'enum') return false;
      const tokens = pointerTokens(c.nodePointer);
      const parent = getAtPointer(contract.operation(c.operationId).requestSchema, '/' + tokens.slice(0, -2).join('/')) as { if?: { properties?: Record<string, { enum?: unknown }> } };
      return Array.isArray(parent?.if?.properties?.[tokens[tokens.length - 1]!]?.enum);
    };
    let keyed = 0;
    for (const c of catalogue) {
      const mine = faults.filter((f) => f.name.startsWith(c.id + ':')).map((f) => f.name.slice(c.id.length + 1));
      const numeric = ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'exclusiveMinimum', 'exclusiveMaximum'].includes(c.keyword);
      const expected = numeric ? ['ignore', 'off-by-one', 'strict-by-one'] : readByRule(c) ? ['any-string', 'case-insensitive', 'ignore'] : ['ignore'];
      if (readByRule(c)) keyed++;
      expect(mine.sort(), c.id).toEqual(expected);
    }
    expect(keyed).toBe(1);
    for (const f of faults) expect(byId.has(f.detectedBy), f.name).toBe(true);
    expect(faults.length).toBeGreaterThanOrEqual(catalogue.length);
  });

  test('each edits only its own operation\'s copy of the schema, never the shared contract', () => {
    const pristine = JSON.stringify(contract.operations.map((o) => o.requestSchema));
    for (const f of listFaults().filter((x) => x.family === 'constraint')) {
      const c = byId.get(f.detectedBy)!;
      const b = applyFaults([f.name]);
      for (const op of contract.operations) {
        if (!op.requestSchema) continue;
        const changed = JSON.stringify(b.schemas.get(op.operationId)) !== JSON.stringify(op.requestSchema);
        expect(changed, `${f.name} on ${op.operationId}`).toBe(op.operationId === c.operationId);
      }
    }
    expect(JSON.stringify(loadContract().operations.map((o) => o.requestSchema))).toBe(pristine);
  });

  for (const operationId of [...new Set(catalogue.map((c) => c.operationId))]) {
    test(`${operationId}: every constraint fault lets through (or wrongly stops) exactly the body the correct server treats otherwise`, async () => {
      for (const c of catalogue.filter((x) => x.operationId === operationId)) {
        const bad = (v: unknown) => breaking(c, v);
        expect(rejectedFor(await send([], c, bad), c), `correct server rejects a body breaking ${c.id}`).toBe(true);
        // An equivalent fault is one no request can see: the body is still rejected, by another keyword.
        const seen = (mode: string) => !faults.get(`${c.id}:${mode}`)!.equivalent;
        const ignored = await send([`${c.id}:ignore`], c, bad);
        expect(accepted(ignored), `${c.id}:ignore accepts it (got ${ignored.status} ${ignored.text.slice(0, 200)})`).toBe(seen('ignore'));
        if (!faults.has(`${c.id}:off-by-one`)) continue;
        const offByOne = await send([`${c.id}:off-by-one`], c, bad);
        expect(accepted(offByOne), `${c.id}:off-by-one accepts the first value past the limit (got ${offByOne.status})`).toBe(seen('off-by-one'));
        const on = (v: unknown) => onLimit(c, v);
        expect(rejectedFor(await send([], c, on), c), `correct server accepts ${c.id} on its limit`).toBe(false);
        expect(rejectedFor(await send([`${c.id}:strict-by-one`], c, on), c), `${c.id}:strict-by-one rejects the value on the limit`).toBe(seen('strict-by-one'));
      }
    });
  }
});

test.describe('item faults', () => {
  const itemFaults = listFaults().filter((f) => f.family === 'items');

  test('one per array of every request body, named by the constraints of its items', () => {
    const arrays = catalogue.filter((c) => c.keyword === 'type' && c.limit === 'array');
    expect(itemFaults.map((f) => f.name).sort()).toEqual(arrays.map((c) => `${c.operationId}.${c.path}[]:first-item-only`).sort());
    for (const f of itemFaults) expect(catalogue.filter((c) => c.id.startsWith(f.detectedBy + '.')).length, f.name).toBeGreaterThan(2);
  });

  test('each lets a broken second item through, and still refuses a broken first one', async () => {
    for (const f of itemFaults) {
      const operationId = f.detectedBy.split('.')[0]!;
      const array = f.detectedBy.slice(operationId.length + 1, -2);
      const withItems = (valid: any, second: boolean) => {
        const body = structuredClone(valid);
        const [first] = body[array];
        body[array] = second ? [first, 42] : [42, first];
        return body;
      };
      for (const [faults, second, ok] of [[[], true, false], [[f.name], true, true], [[f.name], false, false]] as const) {
        const server = await startServer({ quiet: true, faults: [...faults] });
        try {
          const [method, path, valid] = (await requests(server))[operationId]!;
          const a = await call(server, method, path, withItems(valid, second));
          expect(accepted(a), `${f.name} ${faults.length ? 'on' : 'off'}, broken item ${second ? 1 : 0}: ${a.status} ${a.text.slice(0, 120)}`).toBe(ok);
        } finally {
          await server.close();
        }
      }
    }
  });
});

/** The peer tenant's token and tenant, as headers. */
const asPeer = (s: RunningServer) => ({ 'x-coreos-access': s.credentials.peerAccessToken, 'x-coreos-tid': s.credentials.peerTenantId });

/** A probe per behavioural fault: true when the fault is visible. A correct server must make every probe false. */
const PROBES: Record<string, (s: RunningServer) => Promise<boolean>> = {
  '5xx-on-bad-input': async (s) => (await call(s, 'POST', '/jobs', {})).status >= 500,
  'malformed-json-500': async (s) => (await call(s, 'POST', '/jobs', new Raw('{oops'))).status >= 500,
  'malformed-json-202': async (s) => accepted(await call(s, 'POST', '/jobs', new Raw(''))) && accepted(await call(s, 'POST', '/jobs', new Raw('{"jobRef":'))),
  'updateJob:unknown-jobRef-202': async (s) => {
    const a = await call(s, 'PUT', '/jobs', { jobRef: 'no-job-carries-this-ref', status: 'COMPLETED' });
    return a.status === 202 && JSON.stringify(a.json.data) === '{"updated":0}';
  },
  'unknown-id-500': async (s) => (await call(s, 'GET', '/jobs/job:nope')).status >= 500,
  'unknown-id-2xx': async (s) => accepted(await call(s, 'GET', '/jobs/job:nope')) && accepted(await call(s, 'POST', '/jobs/job:nope/sub-status', { subStatus: 'x' })),
  'stale-read': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    await call(s, 'POST', `/jobs/${id}/sub-status`, { subStatus: 'NEW' });
    return (await call(s, 'GET', `/jobs/${id}`)).json.data.subStatus !== 'NEW';
  },
  'lost-update': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    await call(s, 'POST', `/jobs/${id}/status`, { status: 'COMPLETED' });
    return (await call(s, 'GET', `/jobs/${id}`)).json.data.status !== 'COMPLETED';
  },
  'no-auth': async (s) => (await call(s, 'GET', '/jobs/job:nope', undefined, { 'x-coreos-access': '' })).status !== 401,
  'any-token': async (s) => (await call(s, 'GET', '/jobs/job:nope', undefined, { 'x-coreos-access': 'wrong' })).status !== 401,
  'auth-403': async (s) => (await call(s, 'GET', '/jobs/job:nope', undefined, { 'x-coreos-access': 'wrong' })).status === 403,
  'plain-text-error': async (s) => {
    const a = await call(s, 'GET', '/jobs/job:nope');
    return a.json === undefined && a.contentType.startsWith('text/plain');
  },
  'error-without-code': async (s) => {
    const a = await call(s, 'GET', '/jobs/job:nope');
    return a.json?.error !== undefined && a.json.error.code === undefined;
  },
  'wrong-success-status': async (s) => (await call(s, 'POST', '/jobs', validJob())).status === 201,
  'success-not-json': async (s) => {
    const a = await call(s, 'POST', '/jobs', validJob());
    return a.status === 202 && a.json === undefined && a.text === 'OK';
  },
  'success-without-id': async (s) => {
    const a = await call(s, 'POST', '/jobs', validJob());
    return a.status === 202 && a.json?.data !== undefined && a.json.data.id === undefined;
  },
  'invalid-body-404': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    return (await call(s, 'PUT', `/jobs/${id}`, { scheduledFor: { startDateTime: 1 } })).status === 404;
  },
  'invalid-jobref-404': async (s) => (await call(s, 'PUT', '/jobs', { jobRef: 'r'.repeat(65), status: 'COMPLETED' })).status === 404,
  'createJob.jobTypeId:unchecked-reference': async (s) => accepted(await call(s, 'POST', '/jobs', validJob({ jobTypeId: 'no-such-type' }))),
  'createJob.jobWorkflowId:unchecked-reference': async (s) => accepted(await call(s, 'POST', '/jobs', validJob({ jobWorkflowId: 'no-such-workflow' }))),
  ...Object.fromEntries(
    ['X-COREOS-REQUEST-ID', 'X-COREOS-TID', 'X-COREOS-USERINFO'].map((h) => [`optional-header:${h}`, async (s: RunningServer) => {
      const headers = osHeaders();
      delete headers[h.toLowerCase()];
      const res = await fetch(`${s.baseUrl}/jobs/job:nope`, { headers });
      return res.status === 404;
    }]),
  ),
  'bulk-first-item-only': async (s) => {
    const [a, b] = [(await call(s, 'POST', '/jobs', validJob())).json.data.id, (await call(s, 'POST', '/jobs', validJob())).json.data.id];
    await call(s, 'POST', '/jobs/sub-status', { jobs: [{ jobId: a, subStatus: 'ONE' }, { jobId: b, subStatus: 'TWO' }] });
    return (await call(s, 'GET', `/jobs/${b}`)).json.data.subStatus !== 'TWO';
  },
  'read-ignores-tenant': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    return accepted(await call(s, 'GET', `/jobs/${id}`, undefined, asPeer(s)));
  },
  'trusts-tid-header': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    return accepted(await call(s, 'GET', `/jobs/${id}`, undefined, { 'x-coreos-access': s.credentials.peerAccessToken }));
  },
  'create-takes-jobId': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    return (await call(s, 'POST', '/jobs', { ...validJob(), jobId: id })).json.data.id === id;
  },
  'create-takes-status': async (s) => {
    const id = (await call(s, 'POST', '/jobs', { ...validJob(), status: 'COMPLETED' })).json.data.id;
    return (await call(s, 'GET', `/jobs/${id}`)).json.data.status === 'COMPLETED';
  },
  'create-takes-tenantId': async (s) => {
    const id = (await call(s, 'POST', '/jobs', { ...validJob(), tenantId: s.credentials.peerTenantId })).json.data.id;
    return (await call(s, 'GET', `/jobs/${id}`)).status === 404;
  },
  'bulk-skips-tenant': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    await call(s, 'POST', '/jobs/sub-status', { jobs: [{ jobId: id, subStatus: 'PEER' }] }, asPeer(s));
    return (await call(s, 'GET', `/jobs/${id}`)).json.data.subStatus === 'PEER';
  },
  'bearer-accepted': async (s) => accepted(await call(s, 'POST', '/jobs', validJob(), { 'x-coreos-access': '', authorization: `Bearer ${s.credentials.accessToken}` })),
  'stack-trace-400': async (s) => /\.js:\d+/.test((await call(s, 'POST', '/jobs', {})).text),
  // Only a write to an unknown job: a read of one answers cleanly.
  'stack-trace-404-on-write': async (s) => {
    const write = await call(s, 'POST', '/jobs/job:none/status', { status: 'COMPLETED' });
    const read = await call(s, 'GET', '/jobs/job:none');
    return write.status === 404 && /\.js:\d+/.test(write.text) && read.status === 404 && !/\.js:\d+/.test(read.text);
  },
  'createJob:drops-jobRef': async (s) => {
    const id = (await call(s, 'POST', '/jobs', { ...validJob(), jobRef: 'kept-ref-1' })).json.data.id;
    return (await call(s, 'GET', `/jobs/${id}`)).json.data.jobRef !== 'kept-ref-1';
  },
  'sub-status-reopens': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    await call(s, 'POST', `/jobs/${id}/status`, { status: 'COMPLETED' });
    await call(s, 'POST', `/jobs/${id}/sub-status`, { subStatus: 'after' });
    return (await call(s, 'GET', `/jobs/${id}`)).json.data.status !== 'COMPLETED';
  },
  'trim-sub-status': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    await call(s, 'POST', `/jobs/${id}/sub-status`, { subStatus: ' Arrived ' });
    return (await call(s, 'GET', `/jobs/${id}`)).json.data.subStatus !== ' Arrived ';
  },
  'nfc-location-contact': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob({ objectives: [{ ...validJob().objectives[0], location: 'Cafe\u0301' }] }))).json.data.id;
    return (await call(s, 'GET', `/jobs/${id}`)).json.data.objectives[0].location !== 'Cafe\u0301';
  },
  'epoch-ms-to-seconds': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob({ scheduledFor: { startDateTime: 1764806400123 } }))).json.data.id;
    return (await call(s, 'GET', `/jobs/${id}`)).json.data.scheduledFor.startDateTime !== 1764806400123;
  },
  'concurrent-create-same-id': async (s) => {
    const [a, b] = await Promise.all([call(s, 'POST', '/jobs', validJob()), call(s, 'POST', '/jobs', validJob())]);
    return a.json.data.id === b.json.data.id;
  },
  'stale-write-back': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    const { objectives, scheduledFor, assets } = validJob();
    await Promise.all([call(s, 'PUT', `/jobs/${id}`, { objectives, scheduledFor, assets }), call(s, 'POST', `/jobs/${id}/sub-status`, { subStatus: 'meanwhile' })]);
    return (await call(s, 'GET', `/jobs/${id}`)).json.data.subStatus !== 'meanwhile';
  },
  'max-8-objectives': async (s) => (await call(s, 'POST', '/jobs', validJob({ objectives: Array.from({ length: 9 }, () => validJob().objectives[0]) }))).status === 400,
  '500-over-32KiB': async (s) => (await call(s, 'POST', '/jobs', validJob({ assets: [{ documentType: 'POD', documentUrl: `https://example.invalid/${'a'.repeat(40_000)}` }] }))).status >= 500,
  'lenient-json': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    return accepted(await call(s, 'POST', `/jobs/${id}/sub-status`, new Raw('{"subStatus":"x"} trailing')));
  },
  // A method the path does not support: 405 with Allow (RFC 9110), and nothing done.
  '405-without-allow': async (s) => {
    const a = await call(s, 'DELETE', '/jobs');
    return a.status === 405 && a.headers.get('allow') === null;
  },
  'patch-as-put': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    const { jobWorkflowId: _w, jobTypeId: _t, ...update } = validJob({ scheduledFor: { startDateTime: 42 } });
    return accepted(await call(s, 'PATCH', `/jobs/${id}`, update)) && (await call(s, 'GET', `/jobs/${id}`)).json.data.scheduledFor.startDateTime === 42;
  },
  'acts-then-405': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    const refused = await call(s, 'PUT', `/jobs/${id}/status`, { status: 'COMPLETED' });
    return refused.status === 405 && refused.headers.get('allow') === 'POST' && (await call(s, 'GET', `/jobs/${id}`)).json.data.status === 'COMPLETED';
  },
  // A path parameter that names nothing: 400 or 404, never a 5xx or another job.
  'path-bad-encoding-500': async (s) => (await call(s, 'GET', '/jobs/job-%zz')).status >= 500,
  'path-decoded-before-routing': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    return (await call(s, 'GET', `/jobs/x%2F..%2F${encodeURIComponent(id)}`)).json?.data?.jobId === id;
  },
  'path-id-too-long-500': async (s) => (await call(s, 'GET', `/jobs/${'j'.repeat(65)}`)).status >= 500 && (await call(s, 'GET', `/jobs/${'j'.repeat(64)}`)).status === 404,
  // A write refused for its body changes nothing (the first item valid, the second not).
  'refused-write-applied': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    const refused = await call(s, 'POST', `/jobs/${id}/status`, { status: 'COMPLETED', subStatus: 's'.repeat(65) });
    return refused.status === 400 && (await call(s, 'GET', `/jobs/${id}`)).json.data.status === 'COMPLETED';
  },
  'bulk-applies-valid-items': async (s) => {
    const [a, b] = [(await call(s, 'POST', '/jobs', validJob())).json.data.id, (await call(s, 'POST', '/jobs', validJob())).json.data.id];
    const refused = await call(s, 'POST', '/jobs/sub-status', { jobs: [{ jobId: a, subStatus: 'ONE' }, { jobId: b, subStatus: 's'.repeat(65) }] });
    const single = await call(s, 'POST', `/jobs/${b}/status`, { status: 'COMPLETED', subStatus: 's'.repeat(65) });
    return refused.status === 400 && (await call(s, 'GET', `/jobs/${a}`)).json.data.subStatus === 'ONE' && single.status === 400 && (await call(s, 'GET', `/jobs/${b}`)).json.data.status !== 'COMPLETED';
  },
  // Repeated and duplicate writes: a new job or a refusal, the same result twice, no 5xx.
  'create-dedups-equal-bodies': async (s) => (await call(s, 'POST', '/jobs', validJob())).json.data.id === (await call(s, 'POST', '/jobs', validJob())).json.data.id,
  'create-upserts-by-jobRef': async (s) => {
    const id = (await call(s, 'POST', '/jobs', { ...validJob(), jobRef: 'upsert-ref-1' })).json.data.id;
    const again = await call(s, 'POST', '/jobs', { ...validJob({ scheduledFor: { startDateTime: 7 } }), jobRef: 'upsert-ref-1' });
    return again.json.data.id === id && (await call(s, 'GET', `/jobs/${id}`)).json.data.scheduledFor.startDateTime === 7;
  },
  'update-appends-known-objectives': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    const { jobWorkflowId: _w, jobTypeId: _t, ...update } = validJob({ objectives: [{ ...validJob().objectives[0], objectiveRef: 'obj-twice' }] });
    await call(s, 'PUT', `/jobs/${id}`, update);
    await call(s, 'PUT', `/jobs/${id}`, update);
    return (await call(s, 'GET', `/jobs/${id}`)).json.data.objectives.length !== 1;
  },
  'duplicate-items-500': async (s) => (await call(s, 'POST', '/jobs', validJob({ objectives: [validJob().objectives[0], validJob().objectives[0]] }))).status >= 500,
  // Numbers at their edges: taken as JSON has them, read back the same.
  'number-exponent-refused': async (s) => (await call(s, 'POST', '/jobs', new Raw(JSON.stringify(validJob({ scheduledFor: { startDateTime: 1 } })).replace('"startDateTime":1', '"startDateTime":1E2')))).status === 400,
  'int64-refuses-float-forms': async (s) => {
    const raw = (v: string) => new Raw(JSON.stringify(validJob()).replace('"from":1700000000', `"from":${v}`));
    return (await call(s, 'POST', '/jobs', raw('17E8'))).status === 400 && (await call(s, 'POST', '/jobs', raw('1700000000.0'))).status === 400 && accepted(await call(s, 'POST', '/jobs', raw('1700000000')));
  },
  'start-date-time-truncated': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob({ scheduledFor: { startDateTime: 0.5 } }))).json.data.id;
    return (await call(s, 'GET', `/jobs/${id}`)).json.data.scheduledFor.startDateTime !== 0.5;
  },
  // A token altered in one character, or past its expiresIn, is refused.
  'token-case-insensitive': async (s) => accepted(await call(s, 'GET', `/jobs/${(await call(s, 'POST', '/jobs', validJob())).json.data.id}`, undefined, { 'x-coreos-access': DEFAULT_CREDENTIALS.accessToken.toUpperCase() })),
  'token-prefix-match': async (s) => (await call(s, 'GET', '/jobs/job:nope', undefined, { 'x-coreos-access': `${DEFAULT_CREDENTIALS.accessToken}0` })).status === 404,
  'expired-token-accepted': async (s) => {
    const short = await startServer({ quiet: true, tokenTtlSeconds: 0.05, faults: s.faults });
    try {
      const issued = await fetch(short.authUrl, { method: 'POST', headers: osHeaders(), body: JSON.stringify({ clientId: short.credentials.clientId, clientSecret: short.credentials.clientSecret }) });
      const token = ((await issued.json()) as { data: { accessToken: string } }).data.accessToken;
      await new Promise((r) => setTimeout(r, 120));
      return (await call(short, 'GET', '/jobs/job:nope', undefined, { 'x-coreos-access': token })).status === 404;
    } finally {
      await short.close();
    }
  },
  // What every answer carries: a JSON label, no credentials, OS1's 12-digit code.
  'json-as-text-plain': async (s) => (await call(s, 'GET', '/jobs/job:nope')).contentType.startsWith('text/plain'),
  'echo-request-headers': async (s) => (await call(s, 'GET', '/jobs/job:nope')).text.includes(DEFAULT_CREDENTIALS.accessToken),
  'error-code-11-digits': async (s) => /^\d{11}$/.test((await call(s, 'GET', '/jobs/job:nope')).json?.error?.code ?? ''),
  'bulk-count-answer': async (s) => {
    const id = (await call(s, 'POST', '/jobs', validJob())).json.data.id;
    const a = await call(s, 'POST', '/jobs/sub-status', { jobs: [{ jobId: id, subStatus: 'x' }] });
    return a.status === 202 && JSON.stringify(a.json.data) === '{"count":1}';
  },
};

test.describe('behavioural faults', () => {
  // Constraint, item and lenient faults are derived from the catalogue (each edits the schema the
  // server validates with); tests/self/budget.spec.ts holds every lenient one caught.
  const behavioural = listFaults().filter((f) => f.family !== 'constraint' && f.family !== 'items' && f.family !== 'lenient');

  test('each has a probe, and is detected by one of the suite\'s CHECKS', () => {
    expect(behavioural.map((f) => f.name).sort()).toEqual(Object.keys(PROBES).sort());
    const checks = Object.values(CHECKS) as string[];
    // A CHECKS id, or one of its rows (`check:unknown-reference.jobTypeId` names the jobTypeId rows).
    for (const f of behavioural) expect(checks.some((c) => f.detectedBy === c || f.detectedBy.startsWith(c + '.')), `${f.name}: ${f.detectedBy}`).toBe(true);
    for (const required of ['5xx-on-bad-input', 'stale-read', 'unknown-id-2xx', 'no-auth', 'plain-text-error', 'wrong-success-status', 'malformed-json-500']) {
      expect(behavioural.map((f) => f.name)).toContain(required);
    }
  });

  test('a correct server passes every probe, and each fault is seen by its probe', async () => {
    const correct = await startServer({ quiet: true });
    try {
      for (const [name, probe] of Object.entries(PROBES)) expect(await probe(correct), `correct server vs probe ${name}`).toBe(false);
    } finally {
      await correct.close();
    }
    for (const [name, probe] of Object.entries(PROBES)) {
      const faulty = await startServer({ quiet: true, faults: [name] });
      try {
        expect(await probe(faulty), name).toBe(true);
        expect(faulty.faults).toEqual([name]);
      } finally {
        await faulty.close();
      }
    }
  });
});

test.describe('fault names', () => {
  test('every listed fault is accepted by startServer, and several at once combine', async () => {
    const names = listFaults().map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      const s = await startServer({ quiet: true, faults: [name] });
      await s.close();
    }
    const combined = await startServer({ quiet: true, faults: ['stale-read', 'no-auth', 'createJob.objectives[].objectiveRef.maxLength:off-by-one', 'createJob.objectives[].objectiveRef.type:ignore', 'createJob.objectives[].type:ignore'] });
    try {
      const job = validJob();
      job.objectives[0]!.objectiveRef = 'r'.repeat(37);
      expect((await call(combined, 'POST', '/jobs', job, { 'x-coreos-access': '' })).status).toBe(202);
    } finally {
      await combined.close();
    }
  });

  test('an unknown fault name is a clear UnknownFaultError that suggests the closest name', async () => {
    await expect(startServer({ quiet: true, faults: ['no-such-fault'] })).rejects.toThrow(UnknownFaultError);
    await expect(startServer({ quiet: true, faults: ['stale-reed'] })).rejects.toThrow(/unknown fault "stale-reed"; did you mean "stale-read"\?.*--list-faults/);
  });
});
