/**
 * Makes a case sendable: path parameters filled with existing entities, stand-ins for existing
 * jobs replaced, and referential values checked against what exists on the target. A valid case
 * whose referential value cannot exist there is not sent: its verdict is `untested`, with a note
 * that says what to configure.
 */
import { getAtPointer, type Operation, type ReferentialKind } from '../contract/index.ts';
import type { Case } from '../generate/case.ts';
import { tame } from './silent.ts';
import { codePoints, withValueAt } from '../generate/index.ts';
import { fillSlots, hasSlots, JOB_ID_SLOT, JOB_REF_SLOT, type SuiteContext } from './context.ts';
import { JobSetupFailed } from './jobs.ts';

/** Operations that complete the job they touch: each case gets a fresh job. */
const COMPLETING = new Set(['changeJobStatus', 'updateJob']);

const CONFIGURE: Record<ReferentialKind, string> = {
  jobType: 'DISPATCH_JOB_TYPE_ID',
  jobWorkflow: 'DISPATCH_JOB_WORKFLOW_ID',
  location: 'DISPATCH_LOCATION_IDS',
  contact: 'DISPATCH_CONTACT_IDS',
  job: 'no way to create one: job ids are assigned by the target',
  jobRef: 'createJob',
};

export type Prepared =
  | { send: true; pathParams: Record<string, string>; body: unknown; case: Case }
  | { send: false; reason: string };

export async function prepare(ctx: SuiteContext, op: Operation, generated: Case): Promise<Prepared> {
  const c = tame(ctx.contract, op, generated);
  const needsJob = op.pathParams.includes('jobId') || hasSlots(c.body);
  const job = !needsJob ? undefined : COMPLETING.has(op.operationId) ? await ctx.jobs.create() : await ctx.jobs.shared();
  let body = c.body;
  const pathParams: Record<string, string> = {};
  if (op.pathParams.includes('jobId')) pathParams.jobId = job!.jobId;
  if (op.pathParams.includes('jobTypeId')) pathParams.jobTypeId = ctx.config.jobTypeIds[0]!;

  if (c.expect === 'accept' && c.referential) {
    const value = getAtPointer(body, c.instancePointer);
    if (typeof value === 'string' && value !== JOB_ID_SLOT && value !== JOB_REF_SLOT) {
      const pool = ctx.refs()[c.referential] ?? [];
      if (c.referential === 'jobRef') {
        // A jobRef of any length can be made to exist: create a job that carries one.
        try {
          const made = await ctx.jobs.create(ctx.jobs.uniqueRef(codePoints(value)));
          body = withValueAt(body, c.instancePointer, made.jobRef);
        } catch (e) {
          if (!(e instanceof JobSetupFailed)) throw e;
          return { send: false, reason: `no job with a jobRef of ${codePoints(value)} characters could be created (see createJob.jobRef): ${e.message}` };
        }
      } else if (!pool.includes(value) && !(pool.length === 0 && (c.referential === 'location' || c.referential === 'contact'))) {
        // Locations and contacts with no configured pool: the target is taken not to check them.
        return {
          send: false,
          reason: `no existing ${c.referential} of ${codePoints(value)} characters to send (${CONFIGURE[c.referential]})`,
        };
      }
    }
  }
  if (job) body = fillSlots(body, job);
  return { send: true, pathParams, body, case: c };
}
