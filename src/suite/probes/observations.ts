/**
 * The contract's silent points (specs/silent-points.yaml): each is probed and what the target did is
 * recorded as an observation, never as a violation either way. A 5xx is still a violation of
 * `check:no-5xx`: the contract forbids it for every request.
 */
import type { SilentPoint } from '../../contract/index.ts';
import type { Reply } from '../../client/index.ts';
import { errorEnvelope, noServerError, successEnvelope } from '../../checks/index.ts';
import type { SuiteContext } from '../run/context.ts';
import { describeOutcome, exchangeOf } from '../record/evidence.ts';
import type { Recorder } from '../record/recorder.ts';
import { pollJob } from '../model/consistency.ts';
import { validBody } from './bodies.ts';
import { unknownJobId } from '../jobs/job-ids.ts';
import { JobSetupFailed } from '../jobs/jobs.ts';
import { resilient, type Resilient } from '../run/resilient.ts';
export { OBSERVATION_JOBS } from './observation-jobs.ts';

type Json = Record<string, any>;

interface ProbeKit {
  ctx: SuiteContext;
  send(operationId: string, body: unknown, pathParams?: Record<string, string>): Promise<Reply>;
  /** A valid createJob body with at least one objective and one asset. */
  jobBody(): Json;
  /** A valid createJobAttributes body with one number attribute. */
  attributesBody(): Json;
  read(jobId: string): Promise<Json | undefined>;
}

/** Each probe returns what it saw, in one line, and the decisive reply. */
type Probe = (kit: ProbeKit) => Promise<{ saw: string; reply: Reply }>;

const idOf = (r: Reply) => (r.json as Json | undefined)?.data?.id as string | undefined;

const PROBES: Record<string, Probe> = {
  async emptyObjectives(k) {
    const reply = await k.send('createJob', { ...k.jobBody(), objectives: [] });
    return { saw: describeOutcome(reply), reply };
  },
  async emptyAssets(k) {
    const reply = await k.send('createJob', { ...k.jobBody(), assets: [] });
    return { saw: describeOutcome(reply), reply };
  },
  async emptyAttributes(k) {
    const reply = await k.send('createJobAttributes', { attributes: [] });
    return { saw: describeOutcome(reply), reply };
  },
  async emptyJobs(k) {
    const reply = await k.send('changeJobsSubStatus', { jobs: [] });
    return { saw: describeOutcome(reply), reply };
  },
  async timeslotFromAfterTo(k) {
    const body = k.jobBody();
    body.objectives[0].timeslot = { from: 1_700_003_600, to: 1_700_000_000 };
    const reply = await k.send('createJob', body);
    return { saw: describeOutcome(reply), reply };
  },
  async extraProperties(k) {
    const reply = await k.send('createJob', { ...k.jobBody(), conformanceExtra: 'x' });
    const id = idOf(reply);
    const job = id ? await k.read(id) : undefined;
    const kept = job ? ('conformanceExtra' in job ? 'kept it on read' : 'dropped it on read') : '';
    return { saw: `${describeOutcome(reply)} ${kept}`.trim(), reply };
  },
  async rangeMinAboveMax(k) {
    const body = k.attributesBody();
    body.attributes[0].validation = { range: { min: 10, max: 1 } };
    const reply = await k.send('createJobAttributes', body);
    return { saw: describeOutcome(reply), reply };
  },
  async rangeOneSided(k) {
    const body = k.attributesBody();
    body.attributes[0].validation = { range: { min: 1 } };
    const reply = await k.send('createJobAttributes', body);
    return { saw: `${describeOutcome(reply)} for a range with only min`, reply };
  },
  async emptySubStatusInStatusChange(k) {
    const job = await k.ctx.jobs.create();
    const reply = await k.send('changeJobStatus', { status: 'COMPLETED', subStatus: '' }, { jobId: job.jobId });
    return { saw: describeOutcome(reply), reply };
  },
  async emptySubStatusInBulk(k) {
    const job = await k.ctx.jobs.shared();
    const reply = await k.send('changeJobsSubStatus', { jobs: [{ jobId: job.jobId, subStatus: '' }] });
    return { saw: describeOutcome(reply), reply };
  },
  async documentUrlNotUrl(k) {
    const body = k.jobBody();
    body.assets[0].documentUrl = 'not a url';
    const reply = await k.send('createJob', body);
    return { saw: describeOutcome(reply), reply };
  },
  async numbersBeyond2pow53(k) {
    const body = k.jobBody();
    const big = 2 ** 53 + 2;
    body.objectives[0].timeslot = { from: big, to: big };
    const reply = await k.send('createJob', body);
    const id = idOf(reply);
    const job = id ? await k.read(id) : undefined;
    const back = job?.objectives?.[0]?.timeslot?.from;
    return { saw: `${describeOutcome(reply)}${back !== undefined ? `; read back from = ${back}${back === big ? ' (exact)' : ' (changed)'}` : ''}`, reply };
  },
  async unknownIdInBulk(k) {
    const reply = await k.send('changeJobsSubStatus', { jobs: [{ jobId: unknownJobId(k.ctx.config.runId), subStatus: 'conformance' }] });
    return { saw: describeOutcome(reply), reply };
  },
  async sameJobTwiceInBulk(k) {
    const job = await k.ctx.jobs.shared();
    const [first, second] = [`first-${k.ctx.config.runId}`, `second-${k.ctx.config.runId}`];
    const reply = await k.send('changeJobsSubStatus', { jobs: [{ jobId: job.jobId, subStatus: first }, { jobId: job.jobId, subStatus: second }] });
    if (reply.status < 200 || reply.status >= 300) return { saw: describeOutcome(reply), reply };
    // Writes may lag: wait for either value, then say which one the job kept.
    const { reply: read } = await pollJob(k.ctx.client, k.ctx.contract, job.jobId, k.ctx.config.consistencyMs, (r) => [first, second].includes((r.json as Json | undefined)?.data?.subStatus));
    const kept = (read.json as Json | undefined)?.data?.subStatus;
    const which = kept === second ? 'the last item' : kept === first ? 'the first item' : 'neither item';
    return { saw: `${describeOutcome(reply)}; the job reads back subStatus ${JSON.stringify(kept)} (${which}'s)`, reply };
  },
  async completeCompletedJob(k) {
    const job = await k.ctx.jobs.create();
    await k.send('changeJobStatus', { status: 'COMPLETED' }, { jobId: job.jobId });
    await pollJob(k.ctx.client, k.ctx.contract, job.jobId, k.ctx.config.consistencyMs, (r) => (r.json as Json | undefined)?.data?.status === 'COMPLETED');
    const reply = await k.send('changeJobStatus', { status: 'COMPLETED' }, { jobId: job.jobId });
    return { saw: `${describeOutcome(reply)} the second time`, reply };
  },
  async statusOfNewJob(k) {
    const job = await k.ctx.jobs.create();
    const { reply } = await pollJob(k.ctx.client, k.ctx.contract, job.jobId, k.ctx.config.consistencyMs, (r) => r.status === 200);
    const status = (reply.json as Json | undefined)?.data?.status;
    return { saw: `a new job has status ${JSON.stringify(status)}`, reply };
  },
  async subStatusAfterStatusChange(k) {
    const job = await k.ctx.jobs.create();
    await k.send('changeJobSubStatus', { subStatus: 'before' }, { jobId: job.jobId });
    await k.send('changeJobStatus', { status: 'COMPLETED' }, { jobId: job.jobId });
    const { reply } = await pollJob(k.ctx.client, k.ctx.contract, job.jobId, k.ctx.config.consistencyMs, (r) => (r.json as Json | undefined)?.data?.status === 'COMPLETED');
    const sub = (reply.json as Json | undefined)?.data?.subStatus;
    return { saw: `subStatus "before" became ${JSON.stringify(sub)} after a status change without one`, reply };
  },
};


/** Where the documentation is silent any status may be right; only a 5xx and a broken envelope are wrong. */
const SILENT_POINT_CHECKS = [noServerError, successEnvelope, errorEnvelope];

/** The probe ids, for a test that every silent point has one. */
export const OBSERVATION_PROBES = Object.keys(PROBES);

export async function probeSilentPoint(ctx: SuiteContext, recorder: Recorder, point: SilentPoint): Promise<void> {
  const probe = PROBES[point.id];
  const row = recorder.row({ rowId: `observation:${point.id}`, operationId: point.operationId, category: 'observation', title: point.question });
  if (!probe) {
    recorder.notSent(row, { code: 'no-probe', text: `no probe for ${point.id} yet` });
    return;
  }
  const kit: ProbeKit = {
    ctx,
    async send(operationId, body, pathParams = {}) {
      const op = ctx.contract.operation(operationId);
      if (op.pathParams.includes('jobTypeId')) pathParams.jobTypeId ??= ctx.config.jobTypeIds[0]!;
      // Where the documentation is silent the target may accept: a create may make a job.
      const creates = operationId === 'createJob';
      const reservation = creates ? ctx.jobs.budget.take() : undefined;
      if (creates && !reservation) throw new JobSetupFailed(ctx.jobs.budget.reason().text, 'budget');
      const reply = await ctx.client.send(op, { pathParams, body });
      if (reservation) ctx.jobs.recordCreate(reply, (body as Json | undefined)?.jobRef, reservation);
      recorder.observe(op, reply, undefined, SILENT_POINT_CHECKS);
      recorder.spent(row, 1, false);
      return reply;
    },
    jobBody() {
      const op = ctx.contract.operation('createJob');
      const body = validBody(ctx, op, (b) => b.objectives?.length > 0 && b.assets?.length > 0) as Json;
      body.jobRef = ctx.jobs.uniqueRef();
      return body;
    },
    attributesBody() {
      const op = ctx.contract.operation('createJobAttributes');
      const body = validBody(ctx, op, (b) => b.attributes?.length > 0) as Json;
      body.attributes = [{ ...body.attributes[0], dataType: 'number' }];
      return body;
    },
    async read(jobId) {
      const { reply } = await pollJob(ctx.client, ctx.contract, jobId, ctx.config.consistencyMs, (r) => r.status === 200);
      recorder.spent(row, 1, false);
      return (reply.json as Json | undefined)?.data;
    },
  };
  // Lost to the transport, the probe runs again from the start (new jobs); a persistent fault is a test error.
  let ran: Resilient<Awaited<ReturnType<Probe>>>;
  try {
    ran = await resilient(ctx, recorder, row.rowId, `the probe of ${point.id}`, () => probe(kit));
  } catch (e) {
    if (!(e instanceof JobSetupFailed)) throw e;
    recorder.notSent(row, { ...e.reason, text: `not probed: ${e.message}` });
    return;
  }
  if (!ran.ok) {
    recorder.notSent(row, { code: 'transport', text: `not observed: ${ran.error.message}` });
    return;
  }
  const { saw, reply } = ran.value;
  recorder.observed(row, { expected: 'the documentation is silent: any answer but a 5xx is allowed', actual: saw, exchange: exchangeOf(reply) });
}
