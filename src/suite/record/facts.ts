/**
 * Facts the suite sets up through one operation and relies on in another: a job's jobRef, written
 * by createJob, is how updateJob finds the job. When such a fact does not hold, every valid case
 * that relies on it fails for that one cause: the cause is one finding, on the row of the
 * operation that should have kept the fact (`check:read-after-write.createJob`), and the rows
 * whose cases relied on it are not judged, each with a `knock-on` reason naming that root row,
 * instead of showing as independent violations. The run still fails, on the root.
 */
import type { Reply } from '../../client/index.ts';
import type { Operation } from '../../contract/index.ts';
import { RULES } from '../../checks/index.ts';
import { CHECKS, type Reason } from '../../results/model.ts';
import type { SuiteContext } from '../run/context.ts';
import { exchangeOf } from './evidence.ts';
import type { JobHandle } from '../jobs/jobs.ts';
import type { Recorder } from './recorder.ts';
import { isRecord } from '../../shared/json.ts';

/** The row a broken jobRef is rooted on. */
export const JOB_REF_ROOT = `${CHECKS.readAfterWrite}.createJob`;


/** Operations that find their job by a fact another operation set up: updateJob, by the jobRef createJob wrote. */
export function reliesOnJobRef(op: Operation): boolean {
  return op.operationId === 'updateJob';
}

/** The knock-on reason, once this worker has seen the jobRef fact broken (cases relying on it are then not sent). */
export function knownBroken(ctx: SuiteContext, op: Operation): Reason | undefined {
  return reliesOnJobRef(op) ? ctx.state.jobRefBroken : undefined;
}

/** Whether this worker has seen createJob not keep a jobRef (the model then addresses jobs by the jobRef they read). */
export function jobRefBroken(ctx: SuiteContext): boolean {
  return ctx.state.jobRefBroken !== undefined;
}

/**
 * After a valid case that relies on a job's jobRef was answered 404: reads the job by its id; when
 * it carries another jobRef than the one written, records the root finding and returns the
 * knock-on reason for the case's row. Undefined when the fact holds (the 404 is the row's own).
 */
export async function jobRefKnockOn(ctx: SuiteContext, recorder: Recorder, op: Operation, job: JobHandle, reply: Reply): Promise<Reason | undefined> {
  if (!reliesOnJobRef(op) || reply.status !== 404 || !job.jobId) return undefined;
  const read = await ctx.client.send(ctx.contract.operation('getJob'), { pathParams: { jobId: job.jobId } });
  const data = isRecord(read.json) && isRecord(read.json.data) ? read.json.data : undefined;
  if (read.status !== 200 || !data || !('jobRef' in data) || data.jobRef === job.jobRef) return undefined;
  return jobRefNotKept(ctx, recorder, { jobId: job.jobId, written: job.jobRef, read, found: `found when ${op.operationId} answered 404 for that jobRef` });
}

/**
 * The root finding: job `jobId` was created with jobRef `written` and `read` shows another. Recorded
 * once per worker on the root row (later jobs add nothing a person needs); returns the knock-on
 * reason for the rows whose cases relied on it.
 */
export function jobRefNotKept(ctx: SuiteContext, recorder: Recorder, seen: { jobId: string; written: string | undefined; read: Reply; found: string }): Reason {
  const known = ctx.state.jobRefBroken;
  if (known) return known;
  const data = isRecord(seen.read.json) && isRecord(seen.read.json.data) ? seen.read.json.data : {};
  const root = recorder.checkRow(RULES.readAfterWrite, ctx.contract.operation('createJob'));
  recorder.violate(root, {
    expected: 'createJob keeps the jobRef it is given (updateJob finds the job by it)',
    actual: `job ${seen.jobId} was created with jobRef ${JSON.stringify(seen.written)} and reads jobRef ${JSON.stringify(data.jobRef)}`,
    caseDescription: seen.found,
    exchange: exchangeOf(seen.read),
  });
  const reason: Reason = {
    code: 'knock-on',
    text: `not judged: createJob did not keep the jobRef it was given (${JSON.stringify(seen.written)} reads ${JSON.stringify(data.jobRef)}), so updateJob cannot find the job; see ${JOB_REF_ROOT}`,
    root: JOB_REF_ROOT,
  };
  ctx.state.jobRefBroken = reason;
  return reason;
}
