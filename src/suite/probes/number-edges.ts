/**
 * Numbers at their edges (check:number-edges.<operationId>): every numeric member the schemas give
 * an operation (a `type` of number or integer) is written as the edges of JSON numbers, as text:
 * -0, a fraction, an exponent form (1E2), an integer written with a fraction (100.0), 2^53 - 1,
 * 2^53 and 2^53 + 1, 1e308, 5e-324 and 1e309 (RFC 8259 section 6, IEEE 754 binary64). What each
 * value is for a member is the schemas' to say (the contract's validator on the body), never this
 * file's:
 *
 * - valid (startDateTime takes every finite number; an integer member its integers from its
 *   minimum): accepted, and read back as the same number;
 * - invalid (a fraction, -0 or 5e-324 for an integer member whose minimum is 1): refused with a 4xx;
 * - past what binary64 holds exactly (2^53 + 1, 1e309; an integer member beyond 2^53, the silent
 *   point numbersBeyond2pow53): the row notes what the target did; only a 5xx is judged.
 *
 * Valid values of one kind travel together in a body (a timeslot's from and to, a range's min and
 * max both take the value, so no body lands on a silent point); a refused one is unpacked, each
 * value sent alone, so the refusal names its value (createJob, where each body is a job, is not
 * unpacked: its evidence lists the values). An integer member refusing 1E2 or 100.0 is a deviation
 * (JSON Schema counts them integers; Go's encoding/json refuses them for an int64).
 */
import type { Reply } from '../../client/index.ts';
import { is2xx, is4xx, RULES } from '../../checks/index.ts';
import { getAtPointer, pointerTokens, type Operation } from '../../contract/index.ts';
import { withValueAt } from '../../generate/index.ts';
import type { Case } from '../../generate/case.ts';
import type { ResultRecord } from '../../results/model.ts';
import { isRecord } from '../../shared/json.ts';
import type { SuiteContext } from '../run/context.ts';
import { poll } from '../model/consistency.ts';
import { describeOutcome, exchangeOf } from '../record/evidence.ts';
import type { Recorder } from '../record/recorder.ts';
import { resilient } from '../run/resilient.ts';
import { tame } from '../constraints/silent.ts';
import { fillSlots } from '../jobs/slots.ts';
import { validBody } from './bodies.ts';
import { jobFor, runAttributeName } from './traces.ts';
import { readCause } from './state/common.ts';
import type { JobHandle } from '../jobs/jobs.ts';

type Json = Record<string, unknown>;

/** The edges of JSON numbers, as the text sent. */
export const NUMBER_EDGES = ['-0', '0.5', '1E2', '100.0', '9007199254740991', '9007199254740992', '9007199254740993', '1e308', '5e-324', '1e309'] as const;

/** Past this, an integer is no longer exactly a JSON number of binary64 (RFC 8259 section 6). */
const EXACT = 2 ** 53;

/** A numeric member of an operation's body: its catalogue path, the pointer of its first occurrence, and whether it is an integer. */
export interface NumericMember {
  path: string;
  pointer: string;
  integer: boolean;
}

/** The numeric members the schemas give an operation (the catalogue's `type` constraints of number and integer). */
export function numericMembers(ctx: Pick<SuiteContext, 'catalogue'>, op: Operation): NumericMember[] {
  return ctx.catalogue
    .filter((c) => c.operationId === op.operationId && c.keyword === 'type' && (c.limit === 'number' || c.limit === 'integer'))
    .map((c) => ({ path: c.path, pointer: `/${c.path.replace(/\[\]/g, '.0').split('.').join('/')}`, integer: c.limit === 'integer' }));
}

export type EdgeClass = 'valid' | 'invalid' | 'inexact';

/** What the value `text` is for a member, by the schemas (`body` valid, the value set at `pointer`). */
export function classify(ctx: Pick<SuiteContext, 'contract'>, op: Operation, body: unknown, m: NumericMember, text: string): EdgeClass {
  const v = JSON.parse(text) as number;
  if (!Number.isFinite(v)) return 'inexact';
  if (/^-?\d+$/.test(text) && BigInt(text) !== BigInt(v)) return 'inexact';
  const valid = ctx.contract.validatorFor(op.requestSchema!)(placed(ctx, op, body, [[m.pointer, v]]));
  if (m.integer && Number.isInteger(v) && Math.abs(v) > EXACT) return 'inexact';
  return valid ? 'valid' : 'invalid';
}

/**
 * `body` with each value set at its pointer, kept off the silent points for that member (a
 * timeslot's other end, a range's other bound follow it), as the tamers do for generated cases.
 */
function placed(ctx: Pick<SuiteContext, 'contract'>, op: Operation, body: unknown, values: [string, number][]): unknown {
  let out = body;
  for (const [pointer, v] of values) {
    const c: Case = { operationId: op.operationId, kind: 'valid', expect: 'accept', instancePointer: pointer, path: pointer, description: '', body: withValueAt(out, pointer, v) };
    out = tame(ctx.contract, op, c).body;
  }
  return out;
}

/** The JSON text of `body` with the value at each pointer written as the given text (1E2 stays 1E2). */
export function asText(body: unknown, values: [string, string][]): string {
  let marked = body;
  values.forEach(([pointer], i) => (marked = withValueAt(marked, pointer, `\u0000edge${i}\u0000`)));
  let text = JSON.stringify(marked);
  values.forEach(([, literal], i) => (text = text.replace(JSON.stringify(`\u0000edge${i}\u0000`), literal)));
  return text;
}

/** Where an operation's written values are read back from. */
interface Target {
  pathParams: Record<string, string>;
  /** The job the writes go to (a job write's), for telling a write that shows nothing from a number read back wrong. */
  job?: JobHandle;
  /** The read, and the value it shows at a body pointer (undefined where it leaves the member out). */
  read(): Promise<Reply>;
  valueAt(read: Reply, pointer: string): unknown;
}

/** One body of edge values: the values at their pointers, and the class they share. */
interface Pack {
  cls: EdgeClass;
  values: { m: NumericMember; pointer: string; text: string }[];
}

const dataOf = (r: Reply): Json | undefined => (r.status === 200 && isRecord(r.json) && isRecord(r.json.data) ? r.json.data : undefined);

/** A value read back is the same number as the text written (-0 and 0 are one number). */
const sameNumber = (read: unknown, text: string) => typeof read === 'number' && read === (JSON.parse(text) as number);

/** The packs of an operation: per edge value, its valid members together, its first invalid member alone, its inexact ones together. */
function packsOf(ctx: SuiteContext, op: Operation, base: unknown, members: NumericMember[], edges: readonly string[], valuesOnly?: boolean): Pack[] {
  const packs: Pack[] = [];
  for (const text of edges) {
    const by: Record<EdgeClass, NumericMember[]> = { valid: [], invalid: [], inexact: [] };
    for (const m of members) by[classify(ctx, op, base, m, text)].push(m);
    const pack = (cls: EdgeClass, ms: NumericMember[]) => ms.length && packs.push({ cls, values: ms.map((m) => ({ m, pointer: m.pointer, text })) });
    pack('valid', by.valid);
    if (!valuesOnly) {
      pack('invalid', by.invalid.slice(0, 1));
      pack('inexact', by.inexact);
    }
  }
  return packs;
}

/** Whether a refusal of this value is only a deviation: an integer member written as 1E2 or 100.0. */
const integerForm = (v: Pack['values'][number]) => v.m.integer && !/^-?\d+$/.test(v.text);

export async function probeNumberEdges(ctx: SuiteContext, recorder: Recorder, op: Operation): Promise<ResultRecord> {
  const row = recorder.checkRow(RULES.numberEdges, op);
  const rule = RULES.numberEdges;
  await resilient(ctx, recorder, row.rowId, 'the number-edges probe', async () => {
    const setup = await setupOf(ctx, recorder, row, op);
    if (!setup) return;
    const { base, target } = setup;
    const getJob = ctx.contract.operation('getJob');
    const members = numericMembers(ctx, op);
    // createJob makes a job of every body: two packs of its valid values (each value at every member it fits).
    const packs = op.operationId === 'createJob' ? createJobPacks(ctx, op, base, members) : packsOf(ctx, op, base, members, NUMBER_EDGES);
    const bodyOf = (p: Pack) => placed(ctx, op, base, p.values.map((v) => [v.pointer, JSON.parse(v.text) as number]));
    const send = async (p: Pack): Promise<Reply | undefined> => {
      const raw = (body: unknown) => asText(body, p.values.map((v) => [v.pointer, v.text]));
      if (op.operationId !== 'createJob') {
        const reply = await ctx.client.send(op, { pathParams: target.pathParams, rawBody: raw(bodyOf(p)) });
        recorder.observe(op, reply);
        return reply;
      }
      const reservation = ctx.jobs.budget.take();
      if (!reservation) return void recorder.notSent(row, ctx.jobs.budget.reason());
      // Each body a job of its own, with a jobRef of its own: a target may refuse a jobRef it already has (409).
      const jobRef = ctx.jobs.uniqueRef();
      const reply = await ctx.client.send(op, { rawBody: raw({ ...(bodyOf(p) as Json), jobRef }) });
      ctx.jobs.recordCreate(reply, jobRef, reservation);
      recorder.observe(op, reply);
      return reply;
    };
    const what = (p: Pack) => p.values.map((v) => `${v.text} in ${v.m.path}`).join(', ');
    // What a pack sent, as data: each value at its member (`5e-324@scheduledFor.startDateTime`).
    const sent = (p: Pack) => p.values.map((v) => `${v.text}@${v.m.path}`).join(',');
    // Where each value of a pack reads back: the job a create made, or the target's read.
    const readOf = (reply: Reply) => {
      const id = isRecord(reply.json) && isRecord(reply.json.data) ? reply.json.data.id : undefined;
      return op.operationId === 'createJob' ? () => ctx.client.send(getJob, { pathParams: { jobId: String(id) } }) : target.read;
    };
    const judgeRead = async (p: Pack, reply: Reply): Promise<void> => {
      const shown = (r: Reply) => p.values.map((v) => ({ v, read: target.valueAt(r, v.pointer) }));
      // Writes may show late: read until every value shows, or DISPATCH_CONSISTENCY_MS has passed.
      const last = await poll(readOf(reply), ctx.config.consistencyMs, (r) => shown(r).every((x) => x.read !== undefined && sameNumber(x.read, x.v.text)));
      const seen = shown(last.reply).filter((x) => x.read !== undefined);
      if (!seen.length) return recorder.note(row, { code: 'left-out', text: `${what(p)}: the read (${last.reply.status}) shows none of these members, so they were not judged` });
      const wrong = seen.filter((x) => !sameNumber(x.read, x.v.text));
      if (!wrong.length) return recorder.pass(row, 'accept');
      // A write of which the read shows nothing may be no number's fault: reads that show no
      // acknowledged write at all (or show it late) are the read-after-write rule's finding, and
      // this row its knock-on (state/common.ts readCause: waited out, then one write alone).
      if (target.job && wrong.length === seen.length) {
        const cause = await readCause(ctx, recorder, target.job, (d) => p.values.every((v) => sameNumber(getAtPointer(d, v.pointer), v.text)), op.operationId);
        if (cause) return recorder.notSent(row, cause);
      }
      recorder.fail(row, 'accept', { expected: 'each value read back as the same number', actual: wrong.map((x) => `${x.v.text} in ${x.v.m.path} reads back as ${JSON.stringify(x.read)}`).join('; '), exchange: exchangeOf(last.reply) });
    };
    for (const p of packs) {
      const reply = await send(p);
      if (!reply) return;
      recorder.attempt(row, { operationId: op.operationId, as: sent(p), status: reply.status, what: what(p) });
      if (reply.status >= 500) {
        recorder.fail(row, p.cls === 'valid' ? 'accept' : 'reject', { expected: p.cls === 'invalid' ? 'refused (4xx)' : 'accepted (2xx), or for a value past binary64 refused (4xx)', actual: `${describeOutcome(reply)} for ${what(p)}`, exchange: exchangeOf(reply) });
        continue;
      }
      if (p.cls === 'invalid') {
        if (is4xx(reply.status)) recorder.pass(row, 'reject');
        else recorder.fail(row, 'reject', { expected: 'refused (4xx): the schemas do not take this value', actual: `${describeOutcome(reply)} for ${what(p)}`, exchange: exchangeOf(reply) }, rule.parts.invalid.provenance);
        continue;
      }
      if (p.cls === 'inexact') {
        // Past binary64's exact range: what the target did is noted, not judged (RFC 8259 section 6).
        if (is2xx(reply.status)) {
          const read = await readOf(reply)();
          recorder.attempt(row, { operationId: 'getJob', as: `read:${sent(p)}`, status: read.status, what: `${what(p)} read back as ${p.values.map((v) => JSON.stringify(target.valueAt(read, v.pointer)) ?? 'absent').join(', ')}` });
        }
        continue;
      }
      // Valid values: accepted, and each read back as the same number; a refused pack is unpacked (not createJob's: each body is a job).
      if (is2xx(reply.status)) {
        await judgeRead(p, reply);
        continue;
      }
      const alone = p.values.length > 1 && op.operationId !== 'createJob' ? p.values.map((v) => ({ cls: p.cls, values: [v] })) : [p];
      for (const single of alone) {
        const r = single === p ? reply : await send(single);
        if (!r) return;
        if (single !== p) recorder.attempt(row, { operationId: op.operationId, as: `alone:${sent(single)}`, status: r.status, what: `${what(single)} alone` });
        if (is2xx(r.status)) await judgeRead(single, r);
        else {
          const deviation = single.values.every(integerForm);
          recorder.fail(row, 'accept', { expected: 'accepted (2xx): the schemas take this value', actual: `${describeOutcome(r)} for ${what(single)}`, exchange: exchangeOf(r) }, deviation ? rule.parts.integerForms.provenance : undefined);
        }
      }
    }
  });
  return row;
}

/**
 * createJob's two bodies (each a job, so a refused one is not unpacked): 1e308 and then 5e-324 as
 * the start date, with 2^53 - 1 and then 2^53 in the timeslot. Only integers written as integers
 * there, so that a refusal is never one of the forms an int64 decoder may refuse (a deviation).
 */
function createJobPacks(ctx: SuiteContext, op: Operation, base: unknown, members: NumericMember[]): Pack[] {
  const packs = packsOf(ctx, op, base, members.filter((m) => !m.integer), ['1e308', '5e-324'], true);
  const integers = packsOf(ctx, op, base, members.filter((m) => m.integer), ['9007199254740991', '9007199254740992'], true);
  return packs.map((p, i) => ({ ...p, values: [...p.values, ...(integers[i]?.values ?? [])] }));
}

/** The base body (valid, off the silent points) of an operation and where its values are read back. */
async function setupOf(ctx: SuiteContext, recorder: Recorder, row: ResultRecord, op: Operation): Promise<{ base: unknown; target: Target } | undefined> {
  if (op.operationId === 'createJob') {
    const base = { ...ctx.jobs.body(), jobRef: ctx.jobs.uniqueRef() };
    return { base, target: { pathParams: {}, read: () => Promise.reject(new Error('createJob reads the job each body made')), valueAt: (r, pointer) => getAtPointer(dataOf(r), pointer) } };
  }
  if (op.operationId === 'createJobAttributes') {
    const jobTypeId = ctx.config.jobTypeIds[0]!;
    // One attribute of the number type, of a name of this run's: a read finds its range by that name.
    const one = validBody(ctx, op, (b) => b.attributes?.some((a: Json) => a.dataType === 'number' && isRecord(a.validation) && isRecord(a.validation.range))) as Json;
    const template = (one.attributes as Json[]).find((a) => a.dataType === 'number' && isRecord(a.validation))!;
    const name = runAttributeName(ctx, 'edge');
    const read = () => ctx.client.send(ctx.contract.operation('getJobAttributes'), { pathParams: { jobTypeId } });
    const valueAt = (r: Reply, pointer: string) => {
      const [, , ...rest] = pointerTokens(pointer);
      const list = dataOf(r)?.attributes;
      const attribute = Array.isArray(list) ? list.find((a) => isRecord(a) && a.name === name) : undefined;
      return attribute === undefined ? undefined : getAtPointer(attribute, `/${rest.join('/')}`);
    };
    return { base: { ...one, attributes: [{ ...template, name }] }, target: { pathParams: { jobTypeId }, read, valueAt } };
  }
  const job = await jobFor(recorder, row, () => ctx.jobs.shared());
  if (!job) return undefined;
  const base = fillSlots(validBody(ctx, op, (b) => Array.isArray(b.objectives) && b.objectives.length > 0), job);
  return { base, target: { pathParams: { jobId: job.jobId }, job, read: () => ctx.client.send(ctx.contract.operation('getJob'), { pathParams: { jobId: job.jobId } }), valueAt: (r, pointer) => getAtPointer(dataOf(r), pointer) } };
}
