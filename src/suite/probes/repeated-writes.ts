/**
 * Repeated and duplicate writes (issue 29):
 *
 * - `check:repeated-create.createJob`: one valid body without a jobRef sent twice gives two jobs,
 *   each reading back that body, or a refusal of the second; never the first job's id again. Then
 *   another valid body carrying the jobRef of an existing job of the run: refused, or a new job;
 *   never that job's id, and that job reads back as before.
 * - `check:repeated-update.updateJobById`: the same update by id twice (a PUT, idempotent by
 *   RFC 9110) leaves the job reading back the body exactly, as after the first.
 * - `check:duplicate-items.<operationId>`: a body whose arrays each hold two equal items
 *   (objectives and assets, attributes, bulk items) is refused or taken, never answered with a 5xx.
 *
 * Every job comes from the run's job factory and budget; the plan counts them (breadth-jobs.ts).
 * The two jobs of the repeated body carry no jobRef of the run's (the body has none): the report
 * lists them by id.
 */
import type { Reply } from '../../client/index.ts';
import { is2xx, is4xx, REPEAT_CHECKS, RULES } from '../../checks/index.ts';
import type { Operation } from '../../contract/index.ts';
import type { ResultRecord } from '../../results/model.ts';
import { isRecord } from '../../shared/json.ts';
import type { SuiteContext } from '../run/context.ts';
import { pollJob } from '../model/consistency.ts';
import { describeOutcome, exchangeOf } from '../record/evidence.ts';
import type { Recorder } from '../record/recorder.ts';
import { readDiffers } from '../model/reflection.ts';
import { resilient } from '../run/resilient.ts';
import { fillSlots } from '../jobs/slots.ts';
import { validBody } from './bodies.ts';
import { changesOf, jobFor, readJob, runAttributeName, withAttributeName } from './traces.ts';

type Json = Record<string, unknown>;

const idOf = (reply: Reply): string | undefined => {
  const id = isRecord(reply.json) && isRecord(reply.json.data) ? reply.json.data.id : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
};

/** The job read until it shows `body` (within DISPATCH_CONSISTENCY_MS): what it differs in, if it never does. */
async function readsBack(ctx: SuiteContext, jobId: string, body: Json): Promise<{ differs: string[]; reply: Reply }> {
  const dataOf = (r: Reply) => (r.status === 200 && isRecord(r.json) && isRecord(r.json.data) ? r.json.data : undefined);
  const read = await pollJob(ctx.client, ctx.contract, jobId, ctx.config.consistencyMs, (r) => readDiffers(body, dataOf(r)).length === 0);
  return { differs: readDiffers(body, dataOf(read.reply)), reply: read.reply };
}

/**
 * Sends a createJob body with a job of the budget reserved for it; undefined (the reason noted)
 * when the budget has none. `repeat`: a create sent again on purpose, whose refusal may be any 4xx.
 */
async function createWith(ctx: SuiteContext, recorder: Recorder, row: ResultRecord, body: Json, repeat = false): Promise<Reply | undefined> {
  const reservation = ctx.jobs.budget.take();
  if (!reservation) {
    recorder.notSent(row, ctx.jobs.budget.reason());
    return undefined;
  }
  const op = ctx.contract.operation('createJob');
  const reply = await ctx.client.send(op, { body });
  ctx.jobs.recordCreate(reply, body.jobRef, reservation);
  recorder.observe(op, reply, undefined, repeat ? REPEAT_CHECKS : undefined);
  return reply;
}

/** Whether the answer to a repeated create keeps the rule: a refusal, or a new job of its own (`earlier` is the job it must not be). */
function newJobOrRefusal(reply: Reply, earlier: string, what: string): { ok: true; id?: string } | { ok: false; actual: string } {
  if (is4xx(reply.status)) return { ok: true };
  const id = idOf(reply);
  if (!is2xx(reply.status)) return { ok: false, actual: `${describeOutcome(reply)} for ${what}` };
  if (id === earlier) return { ok: false, actual: `${describeOutcome(reply)} for ${what}, with the earlier job's id ${earlier}: no job of its own was made` };
  return { ok: true, ...(id ? { id } : {}) };
}

/** The two answers to the same update, as attempts. */
function sameUpdateTwice(recorder: Recorder, row: ResultRecord, answers: number[]): void {
  answers.forEach((status, i) => recorder.attempt(row, { operationId: 'updateJobById', as: i === 0 ? 'same-update-first' : 'same-update-second', status, what: `the same update twice: the ${i === 0 ? 'first' : 'second'}` }));
}

export async function probeRepeatedCreate(ctx: SuiteContext, recorder: Recorder): Promise<ResultRecord> {
  const op = ctx.contract.operation('createJob');
  const row = recorder.checkRow(RULES.repeatedCreate, op);
  const expected = 'a new job (its own id, reading back its body), or a refusal (4xx); the earlier job unchanged';
  await resilient(ctx, recorder, row.rowId, 'the repeated-create probe', async () => {
    // The same body, without a jobRef, twice.
    const body = ctx.jobs.body();
    const first = await createWith(ctx, recorder, row, body);
    if (!first) return;
    const firstId = idOf(first);
    if (!is2xx(first.status) || !firstId) return recorder.notSent(row, { code: 'setup', text: `the first of two equal creates was not accepted with an id (${describeOutcome(first)}), so there is no earlier job to compare with (check:accepts-valid.createJob judges that)` });
    const second = await createWith(ctx, recorder, row, body, true);
    if (!second) return;
    recorder.attempt(row, { operationId: op.operationId, as: 'same-body-first', status: first.status, what: 'the same body twice, without a jobRef: the first' });
    recorder.attempt(row, { operationId: op.operationId, as: 'same-body-second', status: second.status, what: 'the same body twice, without a jobRef: the second' });
    const repeated = newJobOrRefusal(second, firstId, 'the same body sent again');
    if (!repeated.ok) recorder.fail(row, 'reject', { expected, actual: repeated.actual, exchange: exchangeOf(second) });
    else {
      // Each job reads back the body it was made of: the first unchanged by the second.
      const reads = [firstId, ...(repeated.id ? [repeated.id] : [])];
      const wrong = [];
      for (const id of reads) {
        const read = await readsBack(ctx, id, body);
        if (read.differs.length) wrong.push({ id, read });
      }
      if (wrong.length) recorder.fail(row, 'reject', { expected, actual: `after the same body twice, ${wrong.map((w) => `job ${w.id} reads ${w.read.differs.join('; ')}`).join('; ')}`, exchange: exchangeOf(wrong[0]!.read.reply) });
      else recorder.pass(row, 'reject');
    }

    // Another valid body with the jobRef of an existing job of the run (a fresh one, often a spare).
    const earlier = await jobFor(recorder, row, () => ctx.jobs.create());
    if (!earlier) return;
    const before = await readJob(ctx, earlier.jobId);
    const other = { ...ctx.jobs.body(), jobRef: earlier.jobRef };
    const again = await createWith(ctx, recorder, row, other, true);
    if (!again) return;
    recorder.attempt(row, { operationId: op.operationId, as: 'existing-jobRef', status: again.status, what: `another body with the jobRef of job ${earlier.jobId}` });
    const judged = newJobOrRefusal(again, earlier.jobId, `another body with the jobRef of job ${earlier.jobId}`);
    const after = await readJob(ctx, earlier.jobId);
    const changed = changesOf(before, after);
    if (!judged.ok) recorder.fail(row, 'reject', { expected, actual: `${judged.actual}${changed.length ? `; it reads ${changed.join('; ')}` : ''}`, exchange: exchangeOf(again) });
    else if (changed.length) recorder.fail(row, 'reject', { expected, actual: `another body with its jobRef (${describeOutcome(again)}) changed job ${earlier.jobId}: ${changed.join('; ')}`, exchange: exchangeOf(after.reply) });
    else recorder.pass(row, 'reject');
  });
  return row;
}

export async function probeRepeatedUpdate(ctx: SuiteContext, recorder: Recorder): Promise<ResultRecord> {
  const op = ctx.contract.operation('updateJobById');
  const row = recorder.checkRow(RULES.repeatedUpdate, op);
  await resilient(ctx, recorder, row.rowId, 'the repeated-update probe', async () => {
    const job = await jobFor(recorder, row, () => ctx.jobs.shared());
    if (!job) return;
    const body = withOwnObjectiveRefs(ctx, op, fillSlots(validBody(ctx, op, (b) => Array.isArray(b.objectives) && b.objectives.length > 0), job) as Json);
    const answers: number[] = [];
    for (const time of ['once', 'twice'] as const) {
      const reply = await ctx.client.send(op, { pathParams: { jobId: job.jobId }, body });
      recorder.observe(op, reply);
      answers.push(reply.status);
      if (!is2xx(reply.status)) return recorder.notSent(row, { code: 'setup', text: `the update was not accepted ${time} (${describeOutcome(reply)}): check:accepts-valid.updateJobById judges a valid body refused` });
      const read = await readsBack(ctx, job.jobId, body);
      if (!read.differs.length) continue;
      // After the first, a read that never shows the update is read-after-write's finding; after the second, this row's.
      if (time === 'once') return recorder.notSent(row, { code: 'setup', text: `job ${job.jobId} never read back the first update (check:read-after-write.updateJobById judges that)` });
      sameUpdateTwice(recorder, row, answers);
      return recorder.fail(row, 'reject', { expected: 'the job reading back the body after the second update as after the first', actual: `after the same update twice, job ${job.jobId} reads ${read.differs.join('; ')}`, exchange: exchangeOf(read.reply) });
    }
    sameUpdateTwice(recorder, row, answers);
    recorder.pass(row, 'reject');
  });
  return row;
}

/**
 * The update with objectiveRefs of this probe's own (within the schema's limits), so that no write
 * before it gave the job an objective of the same ref: the first update is a first, the second a repeat.
 */
function withOwnObjectiveRefs(ctx: SuiteContext, op: Operation, body: Json): Json {
  const limit = (keyword: string) => ctx.catalogue.find((c) => c.operationId === op.operationId && c.path === 'objectives[].objectiveRef' && c.keyword === keyword)?.limit as number | undefined;
  const [min, max] = [limit('minLength') ?? 0, limit('maxLength')];
  if (!Array.isArray(body.objectives)) return body;
  const ref = (i: number) => `rep${i}${ctx.config.runId}`.slice(0, max).padEnd(min, 'x');
  return { ...body, objectives: body.objectives.map((o, i) => (isRecord(o) ? { ...o, objectiveRef: ref(i) } : o)) };
}

/** A copy of `body` whose top-level arrays (the schema's) each hold their first item twice. */
export function withDuplicates(op: Operation, body: unknown): unknown {
  if (!isRecord(body)) return body;
  const properties = isRecord(op.requestSchema?.properties) ? op.requestSchema.properties : {};
  const out: Json = { ...body };
  for (const [name, schema] of Object.entries(properties)) {
    const items = out[name];
    if (isRecord(schema) && schema.type === 'array' && Array.isArray(items) && items.length > 0) out[name] = [items[0], structuredClone(items[0])];
  }
  return out;
}

/** The operations whose bodies hold arrays (top-level, by their schemas). */
export function operationsWithArrays(ops: readonly Operation[]): Operation[] {
  return ops.filter((op) => Object.values(op.requestSchema?.properties ?? {}).some((s) => isRecord(s) && s.type === 'array'));
}

export async function probeDuplicateItems(ctx: SuiteContext, recorder: Recorder, op: Operation): Promise<ResultRecord> {
  const row = recorder.checkRow(RULES.duplicateItems, op);
  await resilient(ctx, recorder, row.rowId, 'the duplicate-items probe', async () => {
    const job = op.operationId === 'createJob' ? undefined : await jobFor(recorder, row, () => ctx.jobs.shared());
    if (op.operationId !== 'createJob' && !job) return;
    const generated = validBody(ctx, op, (b) => Object.values(b ?? {}).some((v) => Array.isArray(v) && v.length > 0));
    const named = op.operationId === 'createJobAttributes' ? withAttributeName(generated, runAttributeName(ctx, 'dup')) : job ? fillSlots(generated, job) : generated;
    const body = withDuplicates(op, named) as Json;
    let reply: Reply | undefined;
    if (op.operationId === 'createJob') reply = await createWith(ctx, recorder, row, { ...body, jobRef: ctx.jobs.uniqueRef() });
    else {
      const pathParams: Record<string, string> = {};
      if (op.pathParams.includes('jobId')) pathParams.jobId = job!.jobId;
      if (op.pathParams.includes('jobTypeId')) pathParams.jobTypeId = ctx.config.jobTypeIds[0]!;
      reply = await ctx.client.send(op, { pathParams, body });
      recorder.observe(op, reply);
    }
    if (!reply) return;
    recorder.attempt(row, { operationId: op.operationId, as: 'duplicate-items', status: reply.status, what: "each array's first item twice" });
    if (reply.status < 500) recorder.pass(row, 'reject');
    else recorder.fail(row, 'reject', { expected: 'refused (4xx) or taken (2xx)', actual: `${describeOutcome(reply)} for a body whose arrays each hold two equal items`, exchange: exchangeOf(reply) });
  });
  return row;
}
