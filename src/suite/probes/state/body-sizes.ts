/**
 * Body sizes: valid bodies with arrays of 1, 2, 10, 50 and 200 items (objectives and assets,
 * attributes; bulk items as far as the run has distinct jobs) and one of about 256 KiB are
 * accepted; a refusal names the largest size accepted. A body of several MiB gets a 4xx, never a
 * 5xx or no answer.
 */
import { TransportError, type Reply } from '../../../client/index.ts';
import { is2xx, REFUSAL_CHECKS, RULES } from '../../../checks/index.ts';
import type { Operation } from '../../../contract/index.ts';
import type { Evidence, ResultRecord } from '../../../results/model.ts';
import { isRecord } from '../../../shared/json.ts';
import type { SuiteContext } from '../../run/context.ts';
import { describeOutcome, exchangeOf } from '../../record/evidence.ts';
import type { JobHandle } from '../../jobs/jobs.ts';
import type { Recorder } from '../../record/recorder.ts';
import { validBody } from '../bodies.ts';
import { jobsToUse, send, untested, type Json, USED_JOBS } from './common.ts';

/** The array sizes valid bodies grow through. */
export const SIZES = [1, 2, 10, 50, 200] as const;
/** About 256 KiB: a valid body a target should take. */
const LARGE_BYTES = 256 * 1024;
/** Several MiB: a body a target should refuse with a 4xx, quickly. */
const HUGE_BYTES = 4 * 1024 * 1024;

/** `n` copies of the first item of a valid body's array (at least one, made unique where the schema keys them). */
function grown(items: unknown, n: number, unique: (item: Json, i: number) => Json = (x) => x): Json[] {
  const first = Array.isArray(items) && isRecord(items[0]) ? (items[0] as Json) : undefined;
  if (!first) return [];
  return Array.from({ length: n }, (_, i) => unique(structuredClone(first), i));
}

/** A name of ASCII letters only (attribute names match ^[a-zA-Z]{1,32}$), distinct for each i. */
const letters = (i: number) => {
  let s = '';
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return `size${s}`;
};

/** Valid bodies of growing size, one of about 256 KiB, and one of several MiB. */
export async function probeBodySizes(ctx: SuiteContext, recorder: Recorder, have: JobHandle[] = []): Promise<void> {
  const update = ctx.contract.operation('updateJobById');
  const attributes = ctx.contract.operation('createJobAttributes');
  const bulk = ctx.contract.operation('changeJobsSubStatus');
  const rows = new Map([update, attributes, bulk].map((op) => [op.operationId, recorder.checkRow(RULES.bodySize, op)]));
  const jobs = await jobsToUse(ctx, have, 1);
  if (!Array.isArray(jobs)) {
    for (const row of rows.values()) untested(recorder, row, jobs);
    return;
  }
  const [job] = jobs as [JobHandle];
  const base = validBody(ctx, update, (b) => Array.isArray(b.objectives) && b.objectives.length > 0 && Array.isArray(b.assets) && b.assets.length > 0) as Json;
  const attr = validBody(ctx, attributes, (b) => b.attributes.length > 0) as Json;
  // Only jobs these probes write to anyway: the others are handed on fresh (see probeState).
  const distinct = [job, ...have.slice(0, USED_JOBS).filter((h) => h.jobId !== job.jobId)];
  const plans: { op: Operation; sizes: { n: number; body: Json; pathParams: Record<string, string> }[] }[] = [
    {
      op: update,
      sizes: [
        ...SIZES.map((n) => ({ n, pathParams: { jobId: job.jobId }, body: { ...base, objectives: grown(base.objectives, n, (o, i) => ({ ...o, objectiveRef: `${Array.from(String(o.objectiveRef)).slice(0, 28).join('')}${i}`.padEnd(4, 'x') })), assets: grown(base.assets, n) } })),
        // About 256 KiB: 64 assets of 4 KiB URLs (documentUrl has no documented length).
        { n: 64, pathParams: { jobId: job.jobId }, body: { ...base, assets: Array.from({ length: 64 }, (_, i) => ({ documentType: 'pdf', documentUrl: `https://conformance.invalid/${i}/${'a'.repeat(LARGE_BYTES / 64 - 40)}` })) } },
      ],
    },
    { op: attributes, sizes: SIZES.map((n) => ({ n, pathParams: {}, body: { attributes: grown(attr.attributes, n, (a, i) => ({ ...a, name: letters(i) })) } })) },
    // Bulk items name distinct jobs (the same job twice is a silent point): as many as the run has.
    { op: bulk, sizes: SIZES.filter((n) => n <= distinct.length).map((n) => ({ n, pathParams: {}, body: { jobs: distinct.slice(0, n).map((h, i) => ({ jobId: h.jobId, subStatus: `size${n}x${i}` })) } })) },
  ];
  for (const { op, sizes } of plans) {
    const row = rows.get(op.operationId)!;
    let largest: string | undefined;
    for (const s of sizes) {
      const bytes = Buffer.byteLength(JSON.stringify(s.body));
      const what = `${s.n} item${s.n === 1 ? '' : 's'} (${(bytes / 1024).toFixed(1)} KiB)`;
      const reply = await send(ctx, recorder, op.operationId, s.pathParams, s.body);
      if (is2xx(reply.status)) {
        recorder.pass(row, 'accept');
        largest = what;
        continue;
      }
      // A 413 is the target's cap on bytes, which RFC 9110 lets it have (assumed); any other refusal breaks the documented rule.
      recorder.fail(
        row,
        'accept',
        {
          expected: 'a valid body of any size the suite sends is accepted (2xx)',
          actual: `${describeOutcome(reply)} for a valid body of ${what}; the largest accepted: ${largest ?? 'none'}`,
          caseDescription: `${op.operationId} with ${what}`,
          exchange: exchangeOf(reply),
        },
        reply.status === 413 ? RULES.bodySize.parts.sizeLimit.provenance : undefined,
      );
      break;
    }
    if (op === bulk && distinct.length < SIZES[SIZES.length - 1]!) {
      const most = sizes[sizes.length - 1]?.n ?? 0;
      recorder.note(row, { code: 'unsendable', text: `bulk bodies grow to ${most} item${most === 1 ? "" : "s"} only: each item names a job of its own, and the state probes write to ${distinct.length} (the others are handed on fresh)` });
    }
  }
  await hugeBody(ctx, recorder, rows.get(update.operationId)!, job, base);
}

/** A body of several MiB: refused with a 4xx (413 or 400), never a 5xx and never no answer. */
async function hugeBody(ctx: SuiteContext, recorder: Recorder, row: ResultRecord, job: JobHandle, base: Json): Promise<void> {
  const op = ctx.contract.operation('updateJobById');
  const body = { ...base, assets: [{ documentType: 'pdf', documentUrl: `https://conformance.invalid/${'a'.repeat(HUGE_BYTES)}` }] };
  const what = `updateJobById with a body of ${(HUGE_BYTES / 1024 / 1024).toFixed(0)} MiB`;
  let reply: Reply;
  for (let attempt = 1; ; attempt++) {
    try {
      reply = await ctx.client.send(op, { pathParams: { jobId: job.jobId }, body });
      break;
    } catch (e) {
      if (!(e instanceof TransportError)) throw e;
      // No answer within the timeout is the target hanging on the body: a finding. A connection
      // lost another way is the network's: sent again once, then not judged.
      if (e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') {
        return recorder.fail(row, 'reject', { expected: 'a 4xx (413 or 400) within DISPATCH_TIMEOUT_MS', actual: `no answer: ${e.message}`, caseDescription: what }, 'reference');
      }
      if (attempt >= 2) return recorder.notSent(row, { code: 'transport', text: `${what}: not judged, its connection was lost twice (${e.message})` });
      ctx.client.transportRetries++;
    }
  }
  recorder.observe(op, reply, undefined, REFUSAL_CHECKS);
  const evidence: Evidence = { expected: 'a 4xx (413 or 400)', actual: describeOutcome(reply), caseDescription: what, exchange: exchangeOf(reply) };
  if (reply.status >= 400 && reply.status < 500) recorder.pass(row, 'reject');
  // A 5xx is the server's failure (reference); taking it is a limit the pages do not set (assumed).
  else recorder.fail(row, 'reject', evidence, reply.status >= 500 ? 'reference' : RULES.bodySize.parts.huge.provenance);
}
