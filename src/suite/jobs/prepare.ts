/**
 * Makes a case sendable: path parameters filled with existing entities, stand-ins for existing
 * jobs replaced, jobRefs made unique for the run, and referential values checked against what
 * exists on the target. A case that cannot be sent as it means (its referential value cannot exist
 * there, or no job could be created to test it on) is not sent: its verdict is `untested`, with a
 * note that says why and what to configure.
 */
import { dissentingReadings, getAtPointer, type Operation, type ReferentialKind } from '../../contract/index.ts';
import type { Case } from '../../generate/case.ts';
import { tame } from '../constraints/silent.ts';
import { codePoints, withValueAt, type RefPools } from '../../generate/index.ts';
import { fillSlots, hasSlots, jobIdSlots, JOB_ID_SLOT, JOB_REF_SLOT } from './slots.ts';
import type { SuiteContext } from '../run/context.ts';
import { JobFactory, JobSetupFailed, type JobHandle } from './jobs.ts';
import type { Reason } from '../../results/model.ts';
import type { Reservation } from './job-budget.ts';
import { knownBroken } from '../record/facts.ts';

/**
 * Operations that complete the job they touch: a request they must accept gets a fresh job (a
 * completed job completed again is a silent point); one they must refuse uses the open job.
 */
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
  | {
      send: true;
      pathParams: Record<string, string>;
      body: unknown;
      case: Case;
      /** The existing job the request names, when it names one. */
      job?: JobHandle;
      /** A job made for the case to name by its jobRef (a jobRef of a given length), which the case relies on. */
      refJob?: JobHandle;
      /** The job reserved for what this create case may make (see job-budget.ts). */
      reservation?: Reservation;
    }
  | { send: false; reason: Reason };

/** Runs a job set-up step; a job the target will not create becomes the reason the case is not sent. */
async function withJob(make: () => Promise<JobHandle>): Promise<JobHandle | { reason: Reason }> {
  try {
    return await make();
  } catch (e) {
    if (e instanceof JobSetupFailed) return { reason: e.reason };
    throw e;
  }
}

/**
 * `intent`: what the target must do with the request (default: what the case expects). A probe
 * that sends a valid body without credentials, or a body that is not JSON, expects a refusal.
 */
export async function prepare(ctx: SuiteContext, op: Operation, generated: Case, intent: 'accept' | 'reject' = generated.expect): Promise<Prepared> {
  // A case that relies on a fact this run has seen broken (the jobRef createJob should have kept) is not sent: it would fail for that cause, not its own.
  const knockOn = intent === 'accept' ? knownBroken(ctx, op) : undefined;
  if (knockOn) return { send: false, reason: knockOn };
  let c = tame(ctx.contract, op, generated);
  let reservation: Reservation | undefined;
  if (op.operationId === 'createJob') {
    const stamped = uniqueJobRef(ctx, c);
    if ('reason' in stamped) return { send: false, reason: stamped.reason };
    c = stamped;
  }
  c = contestedCase(ctx, op, c);
  const needsJob = op.pathParams.includes('jobId') || hasSlots(c.body);
  let job: JobHandle | undefined;
  if (needsJob) {
    // A refusal a check's probe expects (its body valid, the request not) or a violating case's.
    const pick = !COMPLETING.has(op.operationId) ? () => ctx.jobs.shared() : intent === 'accept' ? () => ctx.jobs.create() : () => ctx.jobs.untouched(generated.kind !== 'violation');
    const got = await withJob(pick);
    if ('reason' in got) return { send: false, reason: got.reason };
    job = got;
  }
  // The items of a bulk request after the first name jobs of their own (a later-position case).
  const jobs = job ? [job] : [];
  for (let k = 1; k < jobIdSlots(c.body); k++) {
    const other = await withJob(() => ctx.jobs.shared(k));
    if ('reason' in other) return { send: false, reason: other.reason };
    jobs.push(other);
  }
  let body = c.body;
  let refJob: JobHandle | undefined;
  const pathParams: Record<string, string> = {};
  if (op.pathParams.includes('jobId')) pathParams.jobId = job!.jobId;
  if (op.pathParams.includes('jobTypeId')) pathParams.jobTypeId = ctx.config.jobTypeIds[0]!;

  if (needsOwnRequest(ctx.refs(), c)) {
    const value = getAtPointer(body, c.instancePointer) as string;
    const length = codePoints(value);
    if (c.referential !== 'jobRef') return { send: false, reason: { code: c.referential === 'job' ? 'unsendable' : 'no-pool', text: `no existing ${c.referential} of ${length} characters to send (${CONFIGURE[c.referential!]})` } };
    // A jobRef of any length can be made to exist: create a job that carries one.
    const ref = ctx.jobs.refOfLength(length);
    if (ref === undefined) return { send: false, reason: refsUsedUp(length) };
    const made = await withJob(() => ctx.jobs.create(ref));
    if ('reason' in made) return { send: false, reason: { code: made.reason.code, text: `no job with a jobRef of ${length} characters could be created (see createJob.jobRef): ${made.reason.text}` } };
    body = withValueAt(body, c.instancePointer, made.jobRef);
    refJob = made;
  }
  if (job) body = fillSlots(body, jobs);
  if (op.operationId === 'createJob') {
    // A create the target must (or, where the pages disagree, may) accept makes a job: reserved
    // last, when the case is sure to be sent. A probe's request the target must refuse (no
    // credentials, not JSON) is the run's own, from the cap; a case that breaks a rule makes a job
    // only if the target is wrong: from the violation phase's share, so such a target cannot spend
    // the jobs the rest of the run needs.
    const budget = ctx.jobs.budget;
    const violating = intent === 'reject' && generated.kind === 'violation' && !c.contested;
    reservation = violating ? budget.takeViolation() : budget.take();
    if (!reservation) return { send: false, reason: violating ? budget.violationReason() : budget.reason() };
  }
  return { send: true, pathParams, body, case: c, ...(job ? { job } : {}), ...(refJob ? { refJob } : {}), ...(reservation ? { reservation } : {}) };
}

/**
 * Whether an accepting case's referential value is more than a name the target already knows: a
 * jobRef of a given length (a job carrying it must be made first), or an id of a kind whose pool
 * lacks it (it cannot be sent). Locations and contacts with no configured pool are taken not to be
 * checked by the target. Such a case is not packed with others: it has a request of its own.
 */
export function needsOwnRequest(refs: RefPools, c: Case): boolean {
  if (c.expect !== 'accept' || !c.referential) return false;
  const value = getAtPointer(c.body, c.instancePointer);
  if (typeof value !== 'string' || value === JOB_ID_SLOT || value === JOB_REF_SLOT) return false;
  if (c.referential === 'jobRef') return true;
  const pool = refs[c.referential] ?? [];
  return !pool.includes(value) && !(pool.length === 0 && (c.referential === 'location' || c.referential === 'contact'));
}

/**
 * The case marked contested when another page's reading judges its body otherwise (x-readings):
 * the target may then accept it or refuse it.
 */
function contestedCase(ctx: SuiteContext, op: Operation, c: Case): Case {
  const dissent = dissentingReadings((s) => ctx.contract.validatorFor(s), op, c.body);
  return dissent.length === 0 ? c : { ...c, contested: dissent.map((r) => ({ id: r.id, source: r.source })) };
}

/**
 * A createJob case whose jobRef no other job of the run carries: the generated value, same length,
 * with the run's tag written into its tail (see job-refs.ts). A repeated jobRef would let updateJob
 * act on another job, and a target may refuse a duplicate, which says nothing of the case. Only a
 * few refs of one or two characters exist, so they are kept for the cases about jobRef itself: any
 * other case whose jobRef is shorter than the run's tag gets a tagged one (still a valid jobRef).
 */
function uniqueJobRef(ctx: SuiteContext, c: Case): Case | { reason: Reason } {
  const body = c.body as Record<string, unknown> | undefined;
  const ref = body?.jobRef;
  if (typeof ref !== 'string' || ref === '') return c;
  const short = codePoints(ref) < JobFactory.REF_LENGTH;
  const stamped = short && c.instancePointer !== '/jobRef' ? ctx.jobs.uniqueRef() : ctx.jobs.stampRef(ref);
  if (stamped === undefined) return { reason: refsUsedUp(codePoints(ref)) };
  const out: Case = { ...c, body: { ...body, jobRef: stamped } };
  if (c.instancePointer === '/jobRef' && c.mutated !== undefined) out.mutated = stamped;
  return out;
}

/** Why a case whose jobRef has few possible values of its length is not sent once they are all used. */
function refsUsedUp(length: number): Reason {
  return { code: 'unsendable', text: `every jobRef of length ${length} this run may write is used (jobRefs stay unique within a run)` };
}
