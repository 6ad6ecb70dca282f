/**
 * Reads reflect writes: a fast-check model-based test. Commands write through every mutating
 * operation and read back through getJob / getJobAttributes, polling within
 * DISPATCH_CONSISTENCY_MS. A failing sequence is shrunk to the shortest one that still fails.
 * Only what the documentation says is checked: the written members, a completed status, and a
 * sub-status that was set (the status of a new job and the sub-status after a status change
 * without one are silent points, left to the observations).
 */
import fc from 'fast-check';
import type { Reply } from '../client/index.ts';
import type { Operation } from '../contract/index.ts';
import { deepEqual, valid } from '../generate/index.ts';
import { CHECKS } from '../results/model.ts';
import type { SuiteContext } from './context.ts';
import { fillSlots } from './context.ts';
import { pollJob } from './consistency.ts';
import { tameBody } from './silent.ts';
import { exchangeOf } from './evidence.ts';
import type { Recorder } from './recorder.ts';
import { resilient, stopIfUnreachable } from './resilient.ts';
import { TargetUnreachable } from '../client/index.ts';

type Json = Record<string, any>;

interface ModelJob {
  jobId: string;
  jobRef: string;
  /** Members as last written, to be read back as they are. */
  written: Json;
  completed: boolean;
  /** The sub-status last set, when the documentation says what it must be. */
  subStatus?: string;
}

interface Model {
  jobs: ModelJob[];
  attributeNames: string[];
}

/** Thrown by a command whose read does not reflect its write. */
class StaleRead extends Error {
  constructor(
    readonly operationId: string,
    message: string,
    readonly reply: Reply,
  ) {
    super(message);
  }
}

interface Real {
  ctx: SuiteContext;
  recorder: Recorder;
  /** Writers whose reads were checked at least once. */
  checked: Set<string>;
  /** Requests per writer, for its row. */
  requests: Map<string, number>;
}

const count = (r: Real, writer: string, n = 1) => r.requests.set(writer, (r.requests.get(writer) ?? 0) + n);

function differences(job: ModelJob, data: Json | undefined): string[] {
  if (!data) return ['the job cannot be read'];
  const out: string[] = [];
  for (const [k, v] of Object.entries(job.written)) if (!deepEqual(data[k], v)) out.push(`${k} is ${JSON.stringify(data[k])?.slice(0, 120)}, written ${JSON.stringify(v)?.slice(0, 120)}`);
  if (data.jobRef !== job.jobRef) out.push(`jobRef is ${JSON.stringify(data.jobRef)}, written ${JSON.stringify(job.jobRef)}`);
  if (job.completed && data.status !== 'COMPLETED') out.push(`status is ${JSON.stringify(data.status)} after it was completed`);
  if (job.subStatus !== undefined && data.subStatus !== job.subStatus) out.push(`subStatus is ${JSON.stringify(data.subStatus)}, written ${JSON.stringify(job.subStatus)}`);
  return out;
}

async function send(r: Real, operationId: string, body: unknown, pathParams: Record<string, string> = {}): Promise<Reply> {
  const op = r.ctx.contract.operation(operationId);
  if (op.pathParams.includes('jobTypeId')) pathParams.jobTypeId = r.ctx.config.jobTypeIds[0]!;
  const reply = await r.ctx.client.send(op, { pathParams, body });
  r.recorder.observe(op, reply);
  count(r, operationId);
  if (reply.status < 200 || reply.status >= 300) throw new StaleRead(operationId, `${operationId} was refused (${reply.status}) in a valid sequence: ${reply.text.slice(0, 160)}`, reply);
  return reply;
}

/** Polls until the job reads as the model says; throws StaleRead when the window closes first. */
async function expectReflected(r: Real, writer: string, job: ModelJob): Promise<void> {
  const { reply, ok, reads } = await pollJob(r.ctx.client, r.ctx.contract, job.jobId, r.ctx.config.consistencyMs, (x) => x.status === 200 && differences(job, (x.json as Json)?.data).length === 0);
  r.recorder.observe(r.ctx.contract.operation('getJob'), reply);
  count(r, writer, reads);
  r.checked.add(writer);
  if (!ok) {
    const diff = differences(job, (reply.json as Json | undefined)?.data);
    throw new StaleRead(writer, `after ${writer}, getJob ${job.jobId} still reads ${reply.status}: ${diff.join('; ')} (waited ${r.ctx.config.consistencyMs} ms)`, reply);
  }
}

const pick = (m: Model, i: number, open = true) => {
  const jobs = open ? m.jobs.filter((j) => !j.completed) : m.jobs;
  return jobs.length ? jobs[i % jobs.length] : undefined;
};

const fill = (body: unknown, job: ModelJob): Json => fillSlots(body, job) as Json;

const show = (v: unknown) => JSON.stringify(v).slice(0, 60);

function commands(ctx: SuiteContext) {
  const op = (id: string): Operation => ctx.contract.operation(id);
  const bodies = (id: string) => valid(op(id).requestSchema!, { refs: ctx.refs(), seed: ctx.config.seed }).map((b) => tameBody(ctx.contract, op(id), b) as Json);
  const index = fc.nat({ max: 7 });
  type Cmd = fc.AsyncCommand<Model, Real, false>;

  const createJob = bodies('createJob').map((body): Cmd => ({
    check: () => true,
    async run(m, r) {
      const jobRef = r.ctx.jobs.uniqueRef();
      const sent = { ...body, jobRef };
      const reply = await send(r, 'createJob', sent);
      const jobId = (reply.json as Json).data.id as string;
      r.ctx.jobs.created.push({ jobId, jobRef });
      const { jobRef: _, ...written } = sent;
      const job: ModelJob = { jobId, jobRef, written, completed: false };
      m.jobs.push(job);
      await expectReflected(r, 'createJob', job);
    },
    toString: () => `createJob(${show(body)})`,
  }));

  const getJob = index.map((i): Cmd => ({
    check: (m) => m.jobs.length > 0,
    async run(m, r) {
      await expectReflected(r, 'getJob', pick(m, i, false)!);
    },
    toString: () => `getJob(#${i})`,
  }));

  const updateJobById = fc.tuple(index, bodies('updateJobById')).map(([i, body]): Cmd => ({
    check: (m) => pick(m, i) !== undefined,
    async run(m, r) {
      const job = pick(m, i)!;
      const sent = fill(body, job);
      await send(r, 'updateJobById', sent, { jobId: job.jobId });
      job.written = { ...job.written, objectives: sent.objectives, scheduledFor: sent.scheduledFor, assets: sent.assets };
      await expectReflected(r, 'updateJobById', job);
    },
    toString: () => `updateJobById(#${i}, ${show(body)})`,
  }));

  const updateJob = index.map((i): Cmd => ({
    check: (m) => pick(m, i) !== undefined,
    async run(m, r) {
      const job = pick(m, i)!;
      await send(r, 'updateJob', { jobRef: job.jobRef, status: 'COMPLETED' });
      job.completed = true;
      job.subStatus = undefined;
      await expectReflected(r, 'updateJob', job);
    },
    toString: () => `updateJob(#${i}, COMPLETED)`,
  }));

  const changeJobStatus = fc.tuple(index, bodies('changeJobStatus')).map(([i, body]): Cmd => ({
    check: (m) => pick(m, i) !== undefined,
    async run(m, r) {
      const job = pick(m, i)!;
      await send(r, 'changeJobStatus', body, { jobId: job.jobId });
      job.completed = true;
      job.subStatus = typeof body.subStatus === 'string' ? body.subStatus : undefined;
      await expectReflected(r, 'changeJobStatus', job);
    },
    toString: () => `changeJobStatus(#${i}, ${show(body)})`,
  }));

  const changeJobSubStatus = fc.tuple(index, bodies('changeJobSubStatus')).map(([i, body]): Cmd => ({
    check: (m) => pick(m, i) !== undefined,
    async run(m, r) {
      const job = pick(m, i)!;
      await send(r, 'changeJobSubStatus', body, { jobId: job.jobId });
      job.subStatus = body.subStatus;
      await expectReflected(r, 'changeJobSubStatus', job);
    },
    toString: () => `changeJobSubStatus(#${i}, ${show(body)})`,
  }));

  const changeJobsSubStatus = fc.tuple(fc.uniqueArray(index, { minLength: 1, maxLength: 3 }), bodies('changeJobSubStatus')).map(([is, body]): Cmd => ({
    check: (m) => m.jobs.some((j) => !j.completed),
    async run(m, r) {
      const jobs = [...new Set(is.map((i) => pick(m, i)!))];
      await send(r, 'changeJobsSubStatus', { jobs: jobs.map((j) => ({ jobId: j.jobId, subStatus: body.subStatus })) });
      for (const j of jobs) j.subStatus = body.subStatus;
      for (const j of jobs) await expectReflected(r, 'changeJobsSubStatus', j);
    },
    toString: () => `changeJobsSubStatus([${is.join(',')}], ${show(body.subStatus)})`,
  }));

  const createJobAttributes = bodies('createJobAttributes').map((body): Cmd => ({
    check: () => true,
    async run(m, r) {
      await send(r, 'createJobAttributes', body);
      const names = (body.attributes as Json[]).map((a) => a.name as string);
      m.attributeNames.push(...names);
      const op = r.ctx.contract.operation('getJobAttributes');
      const missing = (reply: Reply) => {
        const have = new Set((((reply.json as Json | undefined)?.data?.attributes as Json[] | undefined) ?? []).map((a) => a?.name));
        return names.filter((n) => !have.has(n));
      };
      const deadline = Date.now() + r.ctx.config.consistencyMs;
      for (;;) {
        const reply = await r.ctx.client.send(op, { pathParams: { jobTypeId: r.ctx.config.jobTypeIds[0]! } });
        r.recorder.observe(op, reply);
        count(r, 'createJobAttributes');
        const gone = reply.status === 200 ? missing(reply) : names;
        if (gone.length === 0) {
          r.checked.add('createJobAttributes');
          return;
        }
        if (Date.now() > deadline) throw new StaleRead('createJobAttributes', `after createJobAttributes, getJobAttributes (${reply.status}) lacks ${gone.join(', ')} (waited ${r.ctx.config.consistencyMs} ms)`, reply);
        await new Promise((res) => setTimeout(res, 50));
      }
    },
    toString: () => `createJobAttributes(${show(body)})`,
  }));

  return [createJob, getJob, updateJobById, updateJob, changeJobStatus, changeJobSubStatus, changeJobsSubStatus, createJobAttributes];
}

export interface ReadAfterWriteOptions {
  numRuns?: number;
  maxCommands?: number;
}

/** Runs the model-based test; records `check:read-after-write.<operationId>` rows. */
export async function runReadAfterWrite(ctx: SuiteContext, recorder: Recorder, options: ReadAfterWriteOptions = {}): Promise<void> {
  const writers = ['createJob', 'updateJobById', 'updateJob', 'changeJobStatus', 'changeJobSubStatus', 'changeJobsSubStatus', 'createJobAttributes'];
  const rows = new Map(writers.map((w) => [w, recorder.checkRow(CHECKS.readAfterWrite, ctx.contract.operation(w), 'is reflected by the next reads')]));
  for (const row of rows.values()) row.verdict = 'untested';
  // A fixed tour first, so every writer is checked whatever the random sequences reach.
  const arbs = commands(ctx);
  const tour = [0, 7, 2, 5, 6, 1, 4, 0, 3].map((i, k) => fc.sample(arbs[i]!, { numRuns: 1, seed: ctx.config.seed + k })[0]!);
  const tourChecked = new Set<string>();
  const tourRequests = new Map<string, number>();
  try {
    // A transport fault runs the tour again from the start (new jobs); a persistent one is a test error.
    await resilient(ctx, recorder, CHECKS.readAfterWrite, 'the fixed read-after-write tour', () =>
      fc.asyncModelRun(() => ({ model: { jobs: [], attributeNames: [] }, real: { ctx, recorder, checked: tourChecked, requests: tourRequests } }), tour),
    );
  } catch (e) {
    if (!(e instanceof StaleRead)) throw e;
    const row = rows.get(e.operationId) ?? rows.get('createJob')!;
    recorder.violate(row, {
      expected: 'reads reflect writes within DISPATCH_CONSISTENCY_MS',
      actual: e.message,
      caseDescription: `fixed tour: ${tour.map(String).join(', ')}`,
      exchange: exchangeOf(e.reply),
    });
  }
  let lastError: StaleRead | undefined;
  const checked = tourChecked;
  const requests = tourRequests;
  const result = await fc.check(
    fc.asyncProperty(fc.commands(arbs, { maxCommands: options.maxCommands ?? 8 }), async (cmds) => {
      try {
        // A transport fault runs the sequence again from the start; one that persists is a test
        // error, not a failing sequence: fast-check must not shrink noise.
        await resilient(ctx, recorder, CHECKS.readAfterWrite, 'a read-after-write sequence', () =>
          fc.asyncModelRun(() => ({ model: { jobs: [], attributeNames: [] }, real: { ctx, recorder, checked, requests } }), cmds),
        );
        return true;
      } catch (e) {
        if (e instanceof StaleRead) {
          lastError = e;
          return false;
        }
        if (e instanceof TargetUnreachable) return true;
        throw e;
      }
    }),
    { seed: ctx.config.seed, numRuns: options.numRuns ?? 25, endOnFailure: false },
  );
  stopIfUnreachable(ctx);
  if (result.failed && lastError) {
    const row = rows.get(lastError.operationId) ?? rows.get('createJob')!;
    const sequence = String(result.counterexample?.[0] ?? '');
    recorder.violate(row, {
      expected: 'reads reflect writes within DISPATCH_CONSISTENCY_MS',
      actual: lastError.message,
      caseDescription: `shortest failing sequence (after ${result.numShrinks} shrinks): ${sequence}`,
      exchange: exchangeOf(lastError.reply),
      seed: result.seed,
      path: result.counterexamplePath ?? undefined,
      replay: `CONFORMANCE_SEED=${result.seed} npm run conformance -- --grep 'read-after-write'`,
    });
  } else if (result.failed) {
    throw result.errorInstance;
  }
  for (const [writer, row] of rows) {
    row.requests += requests.get(writer) ?? 0;
    if (row.verdict === 'untested' && checked.has(writer)) row.verdict = 'conforms';
    if (row.verdict === 'untested') row.evidence.push({ expected: 'reads reflect writes', notes: [`no generated sequence wrote through ${writer}; raise CONFORMANCE_MODEL_RUNS`] });
  }
}
