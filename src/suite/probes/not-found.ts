/**
 * Unknown ids get 404: a job id that does not exist (getJob, updateJobById, changeJobStatus,
 * changeJobSubStatus), a jobRef no job carries (updateJob), and an unknown job type (attributes).
 */
import type { Operation } from '../../contract/index.ts';
import { RULES, REFUSAL_CHECKS } from '../../checks/index.ts';
import type { SuiteContext } from '../run/context.ts';
import { fillSlots, hasSlots } from '../jobs/slots.ts';
import { describeOutcome, exchangeOf } from '../record/evidence.ts';
import type { Recorder } from '../record/recorder.ts';
import { validBody } from './bodies.ts';
import { unknownJobId } from '../jobs/job-ids.ts';
import { resilient } from '../run/resilient.ts';

/** Operations that name an entity, and how to name one that does not exist. */
export function unknownIdOperations(ctx: SuiteContext): Operation[] {
  return ctx.contract.operations.filter((op) => op.pathParams.length > 0 || op.operationId === 'updateJob');
}

export async function probeUnknownId(ctx: SuiteContext, recorder: Recorder, op: Operation): Promise<void> {
  const row = recorder.checkRow(RULES.unknownId, op);
  // Lost to the transport, the probe runs again from the start.
  await resilient(ctx, recorder, row.rowId, 'the unknown-id probe', async () => {
    const missingJob = unknownJobId(ctx.config.runId);
    const missingRef = ctx.jobs.uniqueRef();
    const pathParams: Record<string, string> = {};
    if (op.pathParams.includes('jobId')) pathParams.jobId = missingJob;
    if (op.pathParams.includes('jobTypeId')) pathParams.jobTypeId = `unknown-${ctx.config.runId}`;
    const generated = validBody(ctx, op);
    // updateJob finds its job by jobRef: it names the missing one. Elsewhere an existing job keeps
    // the body valid, so that only the path's id is unknown.
    const shared = op.operationId !== 'updateJob' && hasSlots(generated) ? await ctx.jobs.shared() : undefined;
    const body = fillSlots(generated, { jobId: shared?.jobId ?? missingJob, jobRef: missingRef });
    const reply = await ctx.client.send(op, { pathParams, body: op.requestSchema ? body : undefined });
    recorder.observe(op, reply, undefined, REFUSAL_CHECKS);
    if (reply.status === 404) recorder.pass(row, 'reject');
    else {
      const what = op.operationId === 'updateJob' ? `jobRef ${missingRef}` : pathParams.jobId ? `jobId ${missingJob}` : `jobTypeId ${pathParams.jobTypeId}`;
      recorder.fail(row, 'reject', { expected: '404 for an unknown id', actual: `${describeOutcome(reply)} for ${what}`, exchange: exchangeOf(reply) });
    }
  });
}
