/**
 * HTTP methods (RFC 9110, check:unsupported-method): every path of the spec gets every method the
 * spec does not give it (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, less the path's own), the
 * body-carrying ones with a valid body of the path's writing operation, so that a target that
 * routes the method to that operation is seen acting on it. Each must be answered 405 with an
 * Allow header that names the path's methods and not the one refused, or 404 (as OS1 deployments
 * answer a method they route nowhere); HEAD where the path has GET and OPTIONS may be answered 2xx.
 * Never a 5xx, and nothing changes: the job the path names (the worker's open job) reads back as
 * before, and the job type holds no attribute of the name the request alone carried. A 2xx to a
 * method the spec does not document, another 4xx, and a 501 are deviations from this project's pin.
 * One row per path, on its first operation: `check:unsupported-method.<operationId>`.
 */
import type { Reply } from '../../client/index.ts';
import { errorLeakCheck, is2xx, is4xx, noServerError, RULES } from '../../checks/index.ts';
import type { Contract, Operation } from '../../contract/index.ts';
import { CHECKS, type ResultRecord } from '../../results/model.ts';
import type { SuiteContext } from '../run/context.ts';
import { describeOutcome, exchangeOf } from '../record/evidence.ts';
import type { Recorder } from '../record/recorder.ts';
import { resilient } from '../run/resilient.ts';
import { fillSlots, hasSlots } from '../jobs/slots.ts';
import { validBody } from './bodies.ts';
import { conforming, recordFinding, type Finding } from './finding.ts';
import { attributeNames, changesOf, openJob, readJob, runAttributeName, withAttributeName } from './traces.ts';

/** The methods tried on every path (RFC 9110 section 9 and RFC 5789's PATCH). */
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A path of the spec with its operations, in the spec's order. */
export interface ApiPath {
  path: string;
  operations: Operation[];
}

/** The spec's paths, each with its operations, in the order the operations come. */
export function apiPaths(contract: Contract): ApiPath[] {
  const paths = new Map<string, Operation[]>();
  for (const op of contract.operations) paths.set(op.path, [...(paths.get(op.path) ?? []), op]);
  return [...paths].map(([path, operations]) => ({ path, operations }));
}

/** The row of a path: the rule's, on the path's first operation. */
export function methodRowId(p: ApiPath): string {
  return `${CHECKS.unsupportedMethod}.${p.operations[0]!.operationId}`;
}

/** The methods an Allow header lists (upper-cased), or undefined without one. */
function allowOf(reply: Reply): Set<string> | undefined {
  const header = reply.headers.allow;
  if (header === undefined) return undefined;
  return new Set(header.split(',').map((m) => m.trim().toUpperCase()).filter(Boolean));
}

/** What is wrong with an Allow header for a path with `documented` methods, the method `refused` aside; nothing when it is right. */
function allowProblem(allow: Set<string>, documented: readonly string[], refused?: string): string | undefined {
  const missing = documented.filter((m) => !allow.has(m));
  if (missing.length) return `its Allow header (${[...allow].join(', ') || 'empty'}) leaves out ${missing.join(', ')}`;
  if (refused && allow.has(refused)) return `its Allow header (${[...allow].join(', ')}) names ${refused}, the method it refused`;
  return undefined;
}

/** How the answer to `method` on a path whose spec methods are `documented` stands with the rule. */
export function judgeMethod(method: string, documented: readonly string[], reply: Reply): Finding {
  const s = reply.status;
  const parts = RULES.unsupportedMethod.parts;
  const expected = '405 with an Allow header naming the path\'s methods, or 404';
  if (s === 404) return conforming;
  if (s === 405) {
    const allow = allowOf(reply);
    const problem = allow ? allowProblem(allow, documented, method) : 'it carries no Allow header';
    return problem ? { ok: false, expected, actual: `answered 405 to ${method}, but ${problem}` } : conforming;
  }
  const mayTake = method === 'OPTIONS' || (method === 'HEAD' && documented.includes('GET'));
  if (is2xx(s) && mayTake) {
    const allow = allowOf(reply);
    const problem = allow && allowProblem(allow, documented);
    return problem ? { ok: false, expected: `a ${method} answer whose Allow names the path's methods`, actual: `answered ${s} to ${method}, but ${problem}` } : conforming;
  }
  if (s === 501) return { ok: false, expected, actual: `answered 501 to ${method}`, provenance: parts.notImplemented.provenance };
  if (s >= 500) return { ok: false, expected, actual: `answered ${s} to ${method}` };
  if (is2xx(s)) return { ok: false, expected, actual: `${describeOutcome(reply)} for ${method}, a method the spec does not give this path`, provenance: parts.accepted.provenance };
  return { ok: false, expected, actual: `${is4xx(s) ? describeOutcome(reply) : `answered ${s}`} for ${method}`, provenance: parts.status.provenance };
}

/** The operation whose valid body the body-carrying methods send: the path's PUT, else its first with a body. */
function writerOf(p: ApiPath): Operation | undefined {
  return p.operations.find((o) => o.method.toUpperCase() === 'PUT' && o.requestSchema) ?? p.operations.find((o) => o.requestSchema);
}

export async function probeMethods(ctx: SuiteContext, recorder: Recorder, p: ApiPath): Promise<ResultRecord> {
  const first = p.operations[0]!;
  const documented = p.operations.map((o) => o.method.toUpperCase());
  const row = recorder.checkRow(RULES.unsupportedMethod, first, `at ${p.path} (${documented.join(', ')}) ${RULES.unsupportedMethod.describe}`);
  const others = METHODS.filter((m) => !documented.includes(m));
  const writer = writerOf(p);
  await resilient(ctx, recorder, row.rowId, 'the unsupported-method probe', async () => {
    const generated = writer ? validBody(ctx, writer) : undefined;
    const namesJob = p.operations.some((o) => o.pathParams.includes('jobId')) || hasSlots(generated);
    // A request the target must refuse goes to the worker's open job, which it leaves as it is.
    const job = namesJob ? await openJob(ctx, recorder, row) : undefined;
    if (namesJob && !job) return;
    const pathParams: Record<string, string> = {};
    if (first.pathParams.includes('jobId')) pathParams.jobId = job!.jobId;
    if (first.pathParams.includes('jobTypeId')) pathParams.jobTypeId = ctx.config.jobTypeIds[0]!;
    // An attribute body carries a name of this run's alone: the job type holding it afterwards is the trace.
    const attribute = writer?.operationId === 'createJobAttributes' ? runAttributeName(ctx, 'method') : undefined;
    const filled = job ? fillSlots(generated, job) : generated;
    const body = attribute ? withAttributeName(filled, attribute) : filled;
    const before = job ? await readJob(ctx, job.jobId) : undefined;
    const answers: string[] = [];
    let took = false;
    for (const method of others) {
      const reply = await ctx.client.send(first, { method, pathParams, body: WITH_BODY.has(method) ? body : undefined });
      // Only the rule's own judgement of the status: a method outside the spec has no documented answer or envelope.
      recorder.observe(first, reply, undefined, reply.status === 501 ? [errorLeakCheck] : [noServerError, errorLeakCheck]);
      recorder.attempt(row, { operationId: first.operationId, as: method, status: reply.status, what: `${method} ${p.path}` });
      answers.push(`${method} ${reply.status}`);
      if (is2xx(reply.status) && !SAFE.has(method)) {
        took = true;
        if (job) ctx.jobs.spoil(job);
      }
      recordFinding(recorder, row, judgeMethod(method, documented, reply), reply, ` (${p.path})`);
    }
    // Nothing changed: a trace after requests the target all refused is the rule's own violation; after one it took, that deviation's consequence.
    const trace = async (): Promise<{ what: string[]; reply: Reply } | undefined> => {
      if (job && before) {
        const after = await readJob(ctx, job.jobId);
        const what = changesOf(before, after);
        return what.length ? { what, reply: after.reply } : undefined;
      }
      if (!attribute) return undefined;
      const read = await attributeNames(ctx);
      return read.names.includes(attribute) ? { what: [`the job type holds attribute ${attribute}, which only these requests carried`], reply: read.reply } : undefined;
    };
    const found = await trace();
    if (!found) return;
    if (job) ctx.jobs.spoil(job);
    const evidence = { expected: `${job ? `job ${job.jobId}` : 'the job type'} unchanged`, actual: `after ${answers.join(', ')} on ${p.path}: ${found.what.join('; ')}`, exchange: exchangeOf(found.reply) };
    recorder.violate(row, evidence, took ? RULES.unsupportedMethod.parts.accepted.provenance : RULES.unsupportedMethod.provenance);
  });
  return row;
}
