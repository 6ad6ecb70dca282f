/**
 * Reads reflect writes: a fast-check model-based test. Commands write through every mutating
 * operation and read back through getJob / getJobAttributes, polling within
 * DISPATCH_CONSISTENCY_MS. A failing sequence is shrunk to the shortest one that still fails.
 * Only what the documentation says is checked: the written members, a completed status, and a
 * sub-status that was set (the status of a new job and the sub-status after a status change
 * without one are silent points, left to the observations). As OS1's reference has it, a read need
 * not return every member: one it leaves out is unknown (noted, not judged); one it returns with
 * another value is wrong, and so is a written attribute missing from the list a read returns.
 * A shrunk failing sequence is replayed once on fresh jobs before it is reported.
 *
 * The frame (check:frame.<operationId>): after every acknowledged write, each member the suite knows
 * of the job (FRAME_MEMBERS) reads back as the read before it showed it, unless the write set it.
 * Members the pages leave open after a write stay out (subStatus after a status change that gives
 * none). A member changed is recorded on the writer's frame row with what it changed from and to.
 */
import fc from 'fast-check';
import type { Reply } from '../../client/index.ts';
import type { Operation } from '../../contract/index.ts';
import { deepEqual, valid } from '../../generate/index.ts';
import { RULES } from '../../checks/index.ts';
import type { SuiteContext } from '../run/context.ts';
import { fillSlots } from '../jobs/slots.ts';
import { poll, pollJob } from './consistency.ts';
import { tameBody } from '../constraints/silent.ts';
import { exchangeOf } from '../record/evidence.ts';
import type { Recorder } from '../record/recorder.ts';
import type { Evidence, Reason, ResultRecord } from '../../results/model.ts';
import { resilient, stopIfUnreachable } from '../run/resilient.ts';
import { REPLAY_DIR } from '../record/replay.ts';
import { TargetUnreachable } from '../../client/index.ts';
import { isRecord } from '../../shared/json.ts';
import { compareRead, noReflection, type Reflection } from './reflection.ts';
import { jobRefBroken, jobRefNotKept } from '../record/facts.ts';

type Json = Record<string, any>;

interface ModelJob {
  jobId: string;
  /**
   * The jobRef written; undefined once createJob is known not to keep the jobRef it is given (a
   * finding on its own row, see facts.ts): the job is then addressed by the jobRef its first read
   * shows, so the sequences go on to judge the other writers.
   */
  jobRef?: string;
  /** Members as last written, to be read back as they are. */
  written: Json;
  completed: boolean;
  /** The sub-status last set, when the documentation says what it must be. */
  subStatus?: string;
  /** The frame members as the last read after a write showed them. */
  seen?: Json;
}

/** The members of a job the suite knows, which a write must leave as they were unless it sets them. */
export const FRAME_MEMBERS = ['status', 'subStatus', 'jobRef', 'jobTypeId', 'jobWorkflowId', 'objectives', 'scheduledFor', 'assets'] as const;

/** What each writer sets, and what the pages leave open after it; a create sets every member. */
const FRAME: Record<string, { sets: readonly string[]; open?: readonly string[] }> = {
  createJob: { sets: FRAME_MEMBERS },
  updateJobById: { sets: ['objectives', 'scheduledFor', 'assets'] },
  updateJob: { sets: ['status'], open: ['subStatus'] },
  // A status change sets subStatus when it gives one; without one the pages leave it open.
  changeJobStatus: { sets: ['status', 'subStatus'] },
  changeJobSubStatus: { sets: ['subStatus'] },
  changeJobsSubStatus: { sets: ['subStatus'] },
};

interface Model {
  jobs: ModelJob[];
  attributeNames: string[];
}

/** Thrown by a command whose read does not reflect its write. */
class StaleRead extends Error {
  constructor(
    readonly operationId: string,
    message: string,
    /** The answer that showed it: the read (or the write refused). */
    readonly reply: Reply,
    /** The acknowledged write the read does not reflect. */
    readonly write?: Reply,
  ) {
    super(message);
  }
}

interface Real {
  ctx: SuiteContext;
  recorder: Recorder;
  /** Writers whose reads were checked at least once. */
  checked: Set<string>;
  /** Members each writer wrote that a read left out (unknown, not judged). */
  unknown: Map<string, Set<string>>;
  /** Why a writer's commands could not run (no job budget left, no id to read back). */
  skipped: Map<string, Reason>;
  /** Requests per writer, for its row. */
  requests: Map<string, number>;
  /** Writers whose frame was judged at least once. */
  framed: Set<string>;
  /** Frame findings already recorded (writer and member), so one cause is one piece of evidence. */
  frameFindings: Set<string>;
  /** The frame rows, by writer. */
  frameRows: Map<string, ResultRecord>;
  /** The last write sent: the one a read that follows judges. */
  lastWrite?: Reply;
}

const count = (r: Real, writer: string, n = 1) => r.requests.set(writer, (r.requests.get(writer) ?? 0) + n);

function reflection(job: ModelJob, data: Json | undefined): Reflection {
  const out = noReflection();
  if (!isRecord(data)) return { ...out, differs: ['the job cannot be read'] };
  for (const [k, v] of Object.entries(job.written)) compareRead(k, v, data[k], out);
  // jobRef and status are members OS1's reference shows in every job read: left out, they are wrong.
  if (job.jobRef !== undefined) {
    out.judged++;
    if (data.jobRef !== job.jobRef) out.differs.push(`jobRef is ${JSON.stringify(data.jobRef)}, written ${JSON.stringify(job.jobRef)}`);
  }
  if (job.completed) {
    out.judged++;
    if (data.status !== 'COMPLETED') out.differs.push(`status is ${JSON.stringify(data.status)} after it was completed`);
  }
  if (job.subStatus !== undefined) compareRead('subStatus', job.subStatus, data.subStatus, out);
  return out;
}

/** `mayRefuse`: the pages are silent on whether the target takes this write (a refusal ends nothing; the caller reads the reply). */
async function send(r: Real, operationId: string, body: unknown, pathParams: Record<string, string> = {}, mayRefuse = false): Promise<Reply> {
  const op = r.ctx.contract.operation(operationId);
  if (op.pathParams.includes('jobTypeId')) pathParams.jobTypeId = r.ctx.config.jobTypeIds[0]!;
  const reply = await r.ctx.client.send(op, { pathParams, body });
  r.lastWrite = reply;
  r.recorder.observe(op, reply);
  count(r, operationId);
  if (!mayRefuse && (reply.status < 200 || reply.status >= 300)) throw new StaleRead(operationId, `${operationId} was refused (${reply.status}) in a valid sequence: ${reply.text.slice(0, 160)}`, reply);
  return reply;
}

/**
 * Polls until the job reads as the model says; throws StaleRead when the window closes first.
 * `mine` names the members this writer wrote: when a read leaves out every one of them, the
 * writer's read is unknown (noted on its row), not checked.
 */
async function expectReflected(r: Real, writer: string, job: ModelJob, mine: string[], body: Json = {}): Promise<void> {
  const { reply, ok, reads } = await pollJob(r.ctx.client, r.ctx.contract, job.jobId, r.ctx.config.consistencyMs, (x) => x.status === 200 && reflection(job, (x.json as Json)?.data).differs.length === 0);
  r.recorder.observe(r.ctx.contract.operation('getJob'), reply);
  count(r, writer, reads);
  const seen = reflection(job, (reply.json as Json | undefined)?.data);
  // The write shows, but it changed a member it does not write: the frame's finding, not a stale read.
  if (!ok && changedBeside(r, writer, job, (reply.json as Json | undefined)?.data, body, reply)) return;
  if (!ok) throw new StaleRead(writer, `after ${writer}, getJob ${job.jobId} still reads ${reply.status}: ${seen.differs.join('; ')} (waited ${r.ctx.config.consistencyMs} ms)`, reply, r.lastWrite);
  const data = (reply.json as Json | undefined)?.data;
  if (job.jobRef === undefined && typeof data?.jobRef === 'string') job.jobRef = data.jobRef;
  const left = r.unknown.get(writer) ?? new Set<string>();
  for (const u of seen.unknown) left.add(u.replace(/\[\d+\]/g, '[]'));
  if (left.size) r.unknown.set(writer, left);
  if (mine.length === 0 || mine.some((m) => !seen.unknown.includes(m))) r.checked.add(writer);
  judgeFrame(r, writer, job, (reply.json as Json | undefined)?.data, body, reply);
}

/**
 * After a read that does not show the model: true when what the writer wrote shows and what else
 * changed is a member it does not write (a sub-status change that reopens a completed job). The
 * frame's finding is recorded, and the model takes the job as read, so the sequence goes on from
 * what the target holds.
 */
function changedBeside(r: Real, writer: string, job: ModelJob, data: unknown, body: Json, reply: Reply): boolean {
  const frame = FRAME[writer];
  if (!frame || !isRecord(data) || !job.seen) return false;
  const sets = (m: string) => frame.sets.includes(m);
  const own: ModelJob = {
    jobId: job.jobId,
    ...(sets('jobRef') && job.jobRef !== undefined ? { jobRef: job.jobRef } : {}),
    written: Object.fromEntries(Object.entries(job.written).filter(([k]) => sets(k))),
    completed: sets('status') && job.completed,
    ...(sets('subStatus') && job.subStatus !== undefined ? { subStatus: job.subStatus } : {}),
  };
  if (reflection(own, data).differs.length) return false;
  const changed = judgeFrame(r, writer, job, data, body, reply);
  if (!changed.length) return false;
  for (const m of changed) {
    if (m === 'status') job.completed = data.status === 'COMPLETED';
    else if (m === 'subStatus') job.subStatus = typeof data.subStatus === 'string' ? data.subStatus : undefined;
    else if (m === 'jobRef') job.jobRef = typeof data.jobRef === 'string' ? data.jobRef : job.jobRef;
    else job.written = { ...job.written, [m]: data[m] };
  }
  r.checked.add(writer);
  return true;
}

/**
 * The frame of an acknowledged write: members it does not set read back as the last read showed
 * them. Returns the members it changed (each recorded once per writer).
 */
function judgeFrame(r: Real, writer: string, job: ModelJob, data: unknown, body: Json, reply: Reply): string[] {
  const frame = FRAME[writer];
  if (!frame || !isRecord(data)) return [];
  const left = FRAME_MEMBERS.filter((m) => !frame.sets.includes(m) && !(frame.open ?? []).includes(m));
  const row = r.frameRows.get(writer);
  const changed: string[] = [];
  if (job.seen && row) {
    for (const m of left) {
      const before = job.seen[m];
      const now = data[m];
      if (before === undefined || now === undefined) continue;
      r.framed.add(writer);
      if (deepEqual(before, now)) continue;
      changed.push(m);
      if (r.frameFindings.has(`${writer}.${m}`)) continue;
      r.frameFindings.add(`${writer}.${m}`);
      r.recorder.violate(row, {
        expected: `${writer} changes only ${frame.sets.join(', ')}`,
        actual: `${writer} on job ${job.jobId} changed ${m} from ${JSON.stringify(before)?.slice(0, 120)} to ${JSON.stringify(now)?.slice(0, 120)}`,
        caseDescription: `${writer} ${JSON.stringify(body).slice(0, 160)}`,
        ...(r.lastWrite ? { writes: [exchangeOf(r.lastWrite)] } : {}),
        exchange: exchangeOf(reply),
      });
    }
  }
  job.seen = Object.fromEntries(FRAME_MEMBERS.map((m) => [m, data[m]]));
  return changed;
}

/**
 * A create whose read shows every member written but another jobRef: the root finding of a jobRef
 * not kept (recorded once, on createJob's row, by facts.ts), not a failing sequence to shrink. The
 * job goes on with the jobRef it reads, and so do the sequences: the other writers are still judged.
 */
function keptAllButJobRef(r: Real, job: ModelJob, sent: Json, reply: Reply): boolean {
  const data = (reply.json as Json | undefined)?.data;
  if (reply.status !== 200 || typeof data?.jobRef !== 'string' || data.jobRef === job.jobRef) return false;
  if (reflection({ ...job, jobRef: data.jobRef }, data).differs.length) return false;
  jobRefNotKept(r.ctx, r.recorder, { jobId: job.jobId, written: job.jobRef, read: reply, found: `read back after createJob in a read-after-write sequence: ${JSON.stringify(sent).slice(0, 160)}` });
  job.jobRef = data.jobRef;
  r.checked.add('createJob');
  judgeFrame(r, 'createJob', job, data, sent, reply);
  return true;
}

const nth = (jobs: ModelJob[], i: number) => (jobs.length ? jobs[i % jobs.length] : undefined);
const pick = (m: Model, i: number, open = true) => nth(open ? m.jobs.filter((j) => !j.completed) : m.jobs, i);

// The bodies filled here name the job by id (updateJobById's carry no jobRef).
const fill = (body: unknown, job: ModelJob): Json => fillSlots(body, { jobId: job.jobId, jobRef: job.jobRef ?? '' }) as Json;

const show = (v: unknown) => JSON.stringify(v).slice(0, 60);

function commands(ctx: SuiteContext) {
  const op = (id: string): Operation => ctx.contract.operation(id);
  const bodies = (id: string) => valid(op(id).requestSchema!, { refs: ctx.refs(), seed: ctx.config.seed }).map((b) => tameBody(ctx.contract, op(id), b) as Json);
  const index = fc.nat({ max: 7 });
  type Cmd = fc.AsyncCommand<Model, Real, false>;

  const createJob = bodies('createJob').map((body): Cmd => ({
    check: () => true,
    async run(m, r) {
      const reservation = r.ctx.jobs.budget.take();
      if (!reservation) {
        r.skipped.set('createJob', r.ctx.jobs.budget.reason());
        return;
      }
      const jobRef = r.ctx.jobs.uniqueRef();
      const sent = { ...body, jobRef };
      const reply = await send(r, 'createJob', sent);
      r.ctx.jobs.recordCreate(reply, jobRef, reservation);
      const jobId = (reply.json as Json | undefined)?.data?.id;
      if (typeof jobId !== 'string' || jobId === '') {
        r.skipped.set('createJob', { code: 'setup', text: `createJob answered ${reply.status} without data.id (an assumed convention), so the job it made cannot be read back` });
        return;
      }
      const { jobRef: _, ...written } = sent;
      const job: ModelJob = { jobId, ...(jobRefBroken(r.ctx) ? {} : { jobRef }), written, completed: false };
      m.jobs.push(job);
      try {
        await expectReflected(r, 'createJob', job, ['jobRef'], sent);
      } catch (e) {
        if (!(e instanceof StaleRead) || !keptAllButJobRef(r, job, sent, e.reply)) throw e;
      }
    },
    toString: () => `createJob(${show(body)})`,
  }));

  const getJob = index.map((i): Cmd => ({
    check: (m) => m.jobs.length > 0,
    async run(m, r) {
      await expectReflected(r, 'getJob', pick(m, i, false)!, []);
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
      await expectReflected(r, 'updateJobById', job, ['objectives', 'scheduledFor', 'assets'], sent);
    },
    toString: () => `updateJobById(#${i}, ${show(body)})`,
  }));

  const updateJob = index.map((i): Cmd => ({
    // A job whose jobRef no read has shown yet cannot be found by it.
    check: (m) => pick(m, i)?.jobRef !== undefined,
    async run(m, r) {
      const job = pick(m, i)!;
      await send(r, 'updateJob', { jobRef: job.jobRef, status: 'COMPLETED' });
      job.completed = true;
      job.subStatus = undefined;
      await expectReflected(r, 'updateJob', job, ['status'], { jobRef: job.jobRef, status: 'COMPLETED' });
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
      await expectReflected(r, 'changeJobStatus', job, ['status'], body);
    },
    toString: () => `changeJobStatus(#${i}, ${show(body)})`,
  }));

  // Any job, a completed one too: the pages are silent on whether a target takes a sub-status
  // change there (a refusal ends nothing), but one it takes changes the sub-status only: the job
  // stays completed (the frame).
  const subStatusChange = (which: 'any' | 'completed') =>
    fc.tuple(index, bodies('changeJobSubStatus')).map(([i, body]): Cmd => {
      const target = (m: Model) => (which === 'any' ? pick(m, i, false) : nth(m.jobs.filter((j) => j.completed), i));
      return {
        check: (m) => target(m) !== undefined,
        async run(m, r) {
          const job = target(m)!;
          const reply = await send(r, 'changeJobSubStatus', body, { jobId: job.jobId }, job.completed);
          if (reply.status < 200 || reply.status >= 300) return;
          job.subStatus = body.subStatus;
          await expectReflected(r, 'changeJobSubStatus', job, ['subStatus'], body);
        },
        toString: () => `changeJobSubStatus(${which === 'completed' ? 'a completed job, ' : ''}#${i}, ${show(body)})`,
      };
    });
  const changeJobSubStatus = subStatusChange('any');

  // Two or three open jobs when there are that many (a bulk change must reach every item, not only
  // the first), each item with a sub-status of its own; every named job is read back.
  const changeJobsSubStatus = fc.tuple(index, fc.integer({ min: 2, max: 3 }), fc.array(bodies('changeJobSubStatus'), { minLength: 3, maxLength: 3 })).map(([i, n, subs]): Cmd => ({
    check: (m) => m.jobs.some((j) => !j.completed),
    async run(m, r) {
      const open = m.jobs.filter((j) => !j.completed);
      const jobs = Array.from({ length: Math.min(n, open.length) }, (_, k) => open[(i + k) % open.length]!);
      const items = jobs.map((j, k) => ({ jobId: j.jobId, subStatus: subs[k]!.subStatus as string }));
      await send(r, 'changeJobsSubStatus', { jobs: items });
      jobs.forEach((j, k) => (j.subStatus = items[k]!.subStatus));
      for (const j of jobs) await expectReflected(r, 'changeJobsSubStatus', j, ['subStatus'], { jobs: items });
    },
    toString: () => `changeJobsSubStatus(#${i} and the next ${n - 1}, ${show(subs.slice(0, n).map((b) => b.subStatus))})`,
  }));

  const createJobAttributes = bodies('createJobAttributes').map((body): Cmd => ({
    check: () => true,
    async run(m, r) {
      await send(r, 'createJobAttributes', body);
      const names = (body.attributes as Json[]).map((a) => a.name as string);
      m.attributeNames.push(...names);
      const op = r.ctx.contract.operation('getJobAttributes');
      const gone = (reply: Reply): string[] => {
        const list: unknown = (reply.json as Json | undefined)?.data?.attributes;
        if (reply.status !== 200) return names;
        if (!Array.isArray(list)) return [];
        const have = new Set(list.map((a) => (isRecord(a) ? a.name : undefined)));
        return names.filter((n) => !have.has(n));
      };
      const { reply, ok, reads } = await poll(() => r.ctx.client.send(op, { pathParams: { jobTypeId: r.ctx.config.jobTypeIds[0]! } }), r.ctx.config.consistencyMs, (x) => gone(x).length === 0);
      r.recorder.observe(op, reply);
      count(r, 'createJobAttributes', reads);
      if (!Array.isArray((reply.json as Json | undefined)?.data?.attributes) && reply.status === 200) {
        // No list to look in: nothing can be said of the write (a list that lacks it is another matter).
        r.unknown.set('createJobAttributes', new Set(['attributes']));
        return;
      }
      if (!ok) throw new StaleRead('createJobAttributes', `after createJobAttributes, getJobAttributes (${reply.status}) lacks ${gone(reply).join(', ')} (waited ${r.ctx.config.consistencyMs} ms)`, reply, r.lastWrite);
      r.checked.add('createJobAttributes');
    },
    toString: () => `createJobAttributes(${show(body)})`,
  }));

  return [createJob, getJob, updateJobById, updateJob, changeJobStatus, changeJobSubStatus, changeJobsSubStatus, createJobAttributes, subStatusChange('completed')];
}

export interface ReadAfterWriteOptions {
  numRuns?: number;
  maxCommands?: number;
  /** Skip the random sequences when this says so after the fixed tour (the mutation runner stops at the first detection). */
  until?: () => boolean;
}

/**
 * Sequences shrinking may run after the first failure. Against a target whose reads never catch
 * up, every failing candidate waits out DISPATCH_CONSISTENCY_MS: this bounds what shrinking costs
 * (the smallest failing sequence found by then is the one reported, after its replay).
 */
const SHRINK_RUNS = 20;

/** A failing sequence, and what it broke. */
interface Failure {
  sequence: string;
  error: StaleRead;
}

const freshModel = (): Model => ({ jobs: [], attributeNames: [] });

/**
 * Runs commands against the target; returns the read that did not reflect its write, if any. A
 * transport fault runs the sequence again from the start (new jobs); one that persists is a test
 * error, and an unreachable target ends nothing here (the caller stops on it): neither is a failing
 * sequence, since fast-check must not shrink noise.
 */
async function runSequence(real: Real, cmds: Iterable<fc.AsyncCommand<Model, Real, false>>, what: string): Promise<StaleRead | undefined> {
  try {
    await resilient(real.ctx, real.recorder, RULES.readAfterWrite.id, what, () => fc.asyncModelRun(() => ({ model: freshModel(), real }), cmds));
    return undefined;
  } catch (e) {
    if (e instanceof StaleRead) return e;
    if (e instanceof TargetUnreachable) return undefined;
    throw e;
  }
}

/** Runs the model-based test; records `check:read-after-write.<operationId>` rows. */
export async function runReadAfterWrite(ctx: SuiteContext, recorder: Recorder, options: ReadAfterWriteOptions = {}): Promise<void> {
  const writers = ['createJob', 'updateJobById', 'updateJob', 'changeJobStatus', 'changeJobSubStatus', 'changeJobsSubStatus', 'createJobAttributes'];
  const rows = new Map(writers.map((w) => [w, recorder.checkRow(RULES.readAfterWrite, ctx.contract.operation(w))]));
  const frameRows = new Map(Object.keys(FRAME).filter((w) => w !== 'createJob').map((w) => [w, recorder.checkRow(RULES.frame, ctx.contract.operation(w))]));
  const real: Real = { ctx, recorder, checked: new Set(), unknown: new Map(), skipped: new Map(), requests: new Map(), framed: new Set(), frameFindings: new Set(), frameRows };
  const report = (e: StaleRead, evidence: Partial<Evidence>) =>
    recorder.violate(rows.get(e.operationId) ?? rows.get('createJob')!, { expected: 'reads reflect writes within DISPATCH_CONSISTENCY_MS', actual: e.message, ...(e.write ? { writes: [exchangeOf(e.write)] } : {}), exchange: exchangeOf(e.reply), ...evidence });

  // A fixed tour first, so every writer is checked whatever the random sequences reach; two jobs
  // exist before the bulk change, so it names both; the last step changes a completed job's sub-status.
  const arbs = commands(ctx);
  const tour = [0, 0, 7, 2, 5, 6, 1, 4, 3, 8].map((i, k) => fc.sample(arbs[i]!, { numRuns: 1, seed: ctx.config.seed + k })[0]!);
  const toured = await runSequence(real, tour, 'the fixed read-after-write tour');
  stopIfUnreachable(ctx);
  if (toured) report(toured, { caseDescription: `fixed tour: ${tour.map(String).join(', ')}` });

  if (options.until?.()) return finishRows(recorder, rows, real);
  let first: Failure | undefined;
  let last: StaleRead | undefined;
  let afterFirst = 0;
  const result = await fc.check(
    fc.asyncProperty(fc.commands(arbs, { maxCommands: options.maxCommands ?? 8 }), async (cmds) => {
      // Past the shrinking budget a candidate is not run: the smallest failure so far stands.
      if (first && ++afterFirst > SHRINK_RUNS) return true;
      const e = await runSequence(real, cmds, 'a read-after-write sequence');
      if (!e) return true;
      first ??= { sequence: String(cmds), error: e };
      last = e;
      return false;
    }),
    { seed: ctx.config.seed, numRuns: options.numRuns ?? 25, endOnFailure: false },
  );
  stopIfUnreachable(ctx);
  if (result.failed && last && first) {
    // Shrinking replays prefixes of the sequence on a target whose state moves on: before blaming an
    // operation, the shrunk sequence runs once more on fresh jobs. If it passes, the original
    // failing sequence is what is reported, marked as not shrunk.
    const shrunk = result.counterexample?.[0];
    const again = shrunk ? await runSequence(real, shrunk, 'the shrunk read-after-write sequence') : undefined;
    const replay = `CONFORMANCE_SEED=${result.seed} ${REPLAY_DIR} npm run conformance -- --grep 'read-after-write'`;
    if (again) {
      report(again, {
        caseDescription: `shortest failing sequence (after ${result.numShrinks} shrinks, failed again when replayed on fresh jobs): ${String(shrunk)}`,
        seed: result.seed,
        path: result.counterexamplePath ?? undefined,
        replay,
      });
    } else {
      report(first.error, {
        caseDescription: `failing sequence, not shrunk (the shrunk one passed when replayed on fresh jobs): ${first.sequence}`,
        seed: result.seed,
        replay,
      });
    }
  } else if (result.failed) {
    throw result.errorInstance;
  }
  finishRows(recorder, rows, real);
}

/** Each writer's row: its requests, judged when a read reflected one of its writes; the reasons when not, or when a read left a member out. */
function finishRows(recorder: Recorder, rows: Map<string, ResultRecord>, real: Real): void {
  for (const [writer, row] of real.frameRows) {
    recorder.spent(row, 0, real.framed.has(writer));
    if (row.verdict === 'untested' && !row.reasons?.length) {
      recorder.notSent(row, real.skipped.get(writer) ?? real.skipped.get('createJob') ?? { code: 'not-exercised', text: `no sequence read a member ${writer} does not set before and after it; raise CONFORMANCE_MODEL_RUNS` });
    }
  }
  for (const [writer, row] of rows) {
    recorder.spent(row, real.requests.get(writer) ?? 0, real.checked.has(writer));
    const unknown = real.unknown.get(writer);
    const reader = writer === 'createJobAttributes' ? 'getJobAttributes' : 'getJob';
    if (unknown?.size) recorder.note(row, { code: 'left-out', text: `${reader} left out ${[...unknown].sort().join(', ')}: not judged (a read need not return every member)` });
    if (row.verdict === 'untested' && !unknown?.size) {
      recorder.notSent(row, real.skipped.get(writer) ?? real.skipped.get('createJob') ?? { code: 'not-exercised', text: `no generated sequence wrote through ${writer}; raise CONFORMANCE_MODEL_RUNS` });
    }
  }
}
