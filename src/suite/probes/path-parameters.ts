/**
 * Path parameters (check:path-parameters.<operationId>): every operation with a path parameter
 * gets it as something that names no entity: a percent sign without two hex digits, percent-encoded
 * bytes that are not UTF-8, an encoded slash with dot segments before an existing id, `.`, `..` and
 * `%2E%2E`, one character past the id's maxLength (read from the schemas) and 10 KiB, non-ASCII,
 * white space, a NUL, and an id of another kind (the run's job type as a job id, the open job's id
 * as a job type). A body, where the operation has one, is valid, so only the path is wrong. Each is
 * answered 400 or 404 (405 where dot segments resolve onto another path of the API, 414 for the
 * long ones); never a 5xx, never a 2xx (another entity's data, or a write for an id that names
 * nothing), and nothing changes: the open job reads back as before and the job type holds no
 * attribute of the name only these requests carried.
 */
import type { Reply } from '../../client/index.ts';
import { errorLeakCheck, is2xx, is4xx, noServerError, RULES } from '../../checks/index.ts';
import type { Constraint, Operation } from '../../contract/index.ts';
import type { ResultRecord } from '../../results/model.ts';
import { isRecord } from '../../shared/json.ts';
import type { SuiteContext } from '../run/context.ts';
import { describeOutcome, exchangeOf } from '../record/evidence.ts';
import type { Recorder } from '../record/recorder.ts';
import { resilient } from '../run/resilient.ts';
import { fillSlots } from '../jobs/slots.ts';
import { validBody } from './bodies.ts';
import { conforming, recordFinding, type Finding } from './finding.ts';
import { attributeNames, changesOf, openJob, readJob, runAttributeName, withAttributeName } from './traces.ts';

/** One path parameter value that names nothing: the raw segment sent, and the statuses besides 400 and 404 that refuse it as well. */
export interface PathVariant {
  what: string;
  segment: string;
  alsoRefusedBy?: number[];
}

/** 10 KiB of id: far past any id, short of the request line limits of common servers (8 to 16 KiB). */
const LONG_ID = 10 * 1024;
const DOT_SEGMENTS = [405];
const TOO_LONG = [414];

/** The maxLength the schemas give an id of this name (a path parameter `jobId` is the `jobs[].jobId` of a bulk change), if any. */
export function idMaxLength(catalogue: readonly Constraint[], param: string): number | undefined {
  const limits = catalogue.filter((c) => c.keyword === 'maxLength' && c.path.split(/[.[\]]+/).filter(Boolean).pop() === param).map((c) => c.limit);
  const numbers = limits.filter((l): l is number => typeof l === 'number');
  return numbers.length ? Math.max(...numbers) : undefined;
}

/** The values of a path parameter that name nothing; `existing` is an id that names an entity, `otherKind` one of another kind. */
export function pathVariants(catalogue: readonly Constraint[], param: string, existing: string, otherKind: string): PathVariant[] {
  const max = idMaxLength(catalogue, param);
  return [
    { what: 'a percent sign without two hex digits', segment: 'job-%zz' },
    { what: 'percent-encoded bytes that are not UTF-8', segment: 'job-%E2%82' },
    { what: 'an encoded slash and dot segments before an existing id', segment: `x%2F..%2F${encodeURIComponent(existing)}`, alsoRefusedBy: DOT_SEGMENTS },
    { what: 'a dot segment (.)', segment: '.', alsoRefusedBy: DOT_SEGMENTS },
    { what: 'a dot segment (..)', segment: '..', alsoRefusedBy: DOT_SEGMENTS },
    { what: 'an encoded dot segment (%2E%2E)', segment: '%2E%2E', alsoRefusedBy: DOT_SEGMENTS },
    ...(max !== undefined ? [{ what: `${max + 1} characters, one past the id's maxLength`, segment: 'j'.repeat(max + 1), alsoRefusedBy: TOO_LONG }] : []),
    { what: '10 KiB of id', segment: 'j'.repeat(LONG_ID), alsoRefusedBy: TOO_LONG },
    { what: 'non-ASCII characters', segment: encodeURIComponent('jöb-✓-😀') },
    { what: 'white space', segment: encodeURIComponent(' job id\t') },
    { what: 'a NUL character', segment: 'job%00x' },
    { what: 'an id of another kind', segment: encodeURIComponent(otherKind) },
  ];
}

/** The id a read's data carries for the entity it shows (a job's jobId), if any. */
const shownId = (reply: Reply): unknown => (isRecord(reply.json) && isRecord(reply.json.data) ? reply.json.data.jobId : undefined);

/** How the answer to a variant stands with the rule; `existing` is the entity the traversal variant names. */
export function judgePath(op: Operation, v: PathVariant, reply: Reply, existing: string): Finding {
  const s = reply.status;
  const expected = '400 or 404 (no entity has this id)';
  if (s === 400 || s === 404 || v.alsoRefusedBy?.includes(s)) return conforming;
  if (s >= 500) return { ok: false, expected, actual: `answered ${s} for ${v.what}` };
  if (is2xx(s)) {
    const other = shownId(reply) === existing ? `, showing ${existing}` : '';
    return { ok: false, expected, actual: `${describeOutcome(reply)} for ${v.what}${other}: ${op.operationId} acted on an id that names nothing` };
  }
  return { ok: false, expected, actual: `${is4xx(s) ? describeOutcome(reply) : `answered ${s}`} for ${v.what}`, provenance: RULES.pathParameters.parts.status.provenance };
}

/** The path of `op` with `param` as the raw segment given and the others filled (URL-encoded). */
function rawPathOf(op: Operation, params: Record<string, string>, param: string, segment: string): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (name === param ? segment : encodeURIComponent(params[name]!)));
}

export async function probePathParameters(ctx: SuiteContext, recorder: Recorder, op: Operation): Promise<ResultRecord> {
  const row = recorder.checkRow(RULES.pathParameters, op);
  await resilient(ctx, recorder, row.rowId, 'the path parameter probe', async () => {
    // The worker's open job: the entity the traversal names, an id of another kind for a job type,
    // and the job a write's body names; requests the target must refuse leave it as it is.
    const job = await openJob(ctx, recorder, row);
    if (!job) return;
    const jobTypeId = ctx.config.jobTypeIds[0]!;
    const params: Record<string, string> = { jobId: job.jobId, jobTypeId };
    const otherKind: Record<string, string> = { jobId: jobTypeId, jobTypeId: job.jobId };
    const attribute = op.operationId === 'createJobAttributes' ? runAttributeName(ctx, 'path') : undefined;
    const filled = op.requestSchema ? fillSlots(validBody(ctx, op), job) : undefined;
    const body = attribute ? withAttributeName(filled, attribute) : filled;
    const writes = op.requestSchema !== undefined;
    const before = writes ? await readJob(ctx, job.jobId) : undefined;
    for (const param of op.pathParams) {
      for (const v of pathVariants(ctx.catalogue, param, params[param]!, otherKind[param] ?? job.jobId)) {
        const reply = await ctx.client.send(op, { rawPath: rawPathOf(op, params, param, v.segment), body });
        // The rule judges the status; a refusal by a proxy (414, a 400 of its own) has no documented envelope.
        recorder.observe(op, reply, undefined, [noServerError, errorLeakCheck]);
        recorder.attempt(row, { operationId: op.operationId, as: `${param}:${v.segment.length > 40 ? `${v.segment.length} characters` : v.segment}`, status: reply.status, what: `${param} as ${v.what}` });
        if (writes && is2xx(reply.status)) ctx.jobs.spoil(job);
        recordFinding(recorder, row, judgePath(op, v, reply, params[param]!), reply);
      }
    }
    if (!before) return;
    // Nothing changed: the open job (named by the traversal, and by a body's stand-ins), and the job type's attributes.
    const after = await readJob(ctx, job.jobId);
    const changed = changesOf(before, after);
    if (changed.length) {
      ctx.jobs.spoil(job);
      recorder.violate(row, { expected: `job ${job.jobId} unchanged`, actual: `after ${op.operationId} with path parameters that name nothing: ${changed.join('; ')}`, exchange: exchangeOf(after.reply) });
    }
    if (attribute) {
      const read = await attributeNames(ctx);
      if (read.names.includes(attribute)) recorder.violate(row, { expected: 'the job type unchanged', actual: `it holds attribute ${attribute}, which only requests naming no job type carried`, exchange: exchangeOf(read.reply) });
    }
  });
  return row;
}
