/**
 * API8, security misconfiguration: error answers carry no stack trace, source path or exception
 * name (assumed: a deviation). The check reads every error answer of the run; this probe makes
 * sure there are some.
 */
import { RULES } from '../../../checks/index.ts';
import type { SuiteContext } from '../../run/context.ts';
import type { Recorder } from '../../record/recorder.ts';
import { resilient } from '../../run/resilient.ts';

/**
 * API8: every error answer of the run is read for a leak (the check in src/checks/error-leak.ts);
 * this probe makes sure there are some, of the kinds a handler most often lets an exception
 * through on: a body that breaks its schema, a body that is not JSON, an unknown id. Row:
 * `check:error-leak`, the check's.
 */
export async function probeErrorLeak(ctx: SuiteContext, recorder: Recorder): Promise<void> {
  const row = recorder.runRow(RULES.errorLeak);
  // Error answers from an operation that makes no job (the attributes of the run's job type), so
  // the probe needs nothing from the job budget whatever the target does.
  const attributes = ctx.contract.operation('createJobAttributes');
  const getJob = ctx.contract.operation('getJob');
  const jobTypeId = ctx.config.jobTypeIds[0]!;
  await resilient(ctx, recorder, row.rowId, 'the error leak probe', async () => {
    const replies = [
      { op: attributes, as: 'empty-object', what: 'createJobAttributes with an empty object', reply: await ctx.client.send(attributes, { pathParams: { jobTypeId }, body: {} }) },
      { op: attributes, as: 'not-json', what: 'createJobAttributes with a body that is not JSON', reply: await ctx.client.send(attributes, { pathParams: { jobTypeId }, rawBody: '{"attributes":' }) },
      { op: getJob, as: 'unknown-id', what: 'getJob of an unknown id', reply: await ctx.client.send(getJob, { pathParams: { jobId: `job:${ctx.config.runId}-none` } }) },
    ];
    for (const { op, as, what, reply } of replies) {
      // The check judges each error answer on the row as it does every other of the run.
      recorder.observe(op, reply);
      recorder.attempt(row, { operationId: op.operationId, as, status: reply.status, what });
    }
  });
}
