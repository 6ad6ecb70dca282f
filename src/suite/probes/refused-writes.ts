/**
 * A refused write leaves no trace (check:refused-write.<operationId>, EvoMaster's fault category):
 * each writing operation that names a job or a job type sends bodies that carry valid changes and
 * break one documented constraint late in the body: a member of the last of three array items (the
 * items before it valid), and the last top-level member the schema lets a value break. After a 4xx,
 * the job it named (the worker's open job, which only refused requests reach) reads back exactly as
 * before, member by member (reflection.ts), and the job type holds none of the attribute names the
 * refused body's valid items carried. A body the target takes instead is its constraint's finding,
 * not this row's: the row notes it and moves on.
 */
import { is2xx, is4xx, RULES } from '../../checks/index.ts';
import type { Operation } from '../../contract/index.ts';
import { positionName, type Case } from '../../generate/case.ts';
import type { ResultRecord } from '../../results/model.ts';
import { isRecord } from '../../shared/json.ts';
import type { SuiteContext } from '../run/context.ts';
import { exchangeOf } from '../record/evidence.ts';
import type { JobHandle } from '../jobs/jobs.ts';
import type { Recorder } from '../record/recorder.ts';
import { resilient } from '../run/resilient.ts';
import { fillSlots, hasSlots } from '../jobs/slots.ts';
import { attributeNames, changesOf, openJob, readJob, runAttributeName, type JobRead } from './traces.ts';

const depth = (c: Case) => c.instancePointer.split('/').length - 1;

/**
 * The violations a refused write is tried with: one that breaks a member inside the last of three
 * items (a leaf of it, not the item as a whole or its presence; a value's limit before its type),
 * and the last that breaks a top-level member's value (neither its presence nor its type), so that
 * valid members come before the broken one. Never one whose broken member names the entity (the
 * body still names the job it would change).
 */
export function traceCases(violations: readonly Case[]): Case[] {
  const usable = violations.filter((c) => c.kind === 'violation' && !c.contested && !c.referential && c.instancePointer !== '' && c.keyword !== 'required');
  const inLastItem = usable.filter((c) => c.position && positionName(c.position) === 'last' && depth(c) >= 3);
  const topLevel = usable.filter((c) => !c.position && depth(c) === 1 && c.keyword !== 'type');
  return [inLastItem.find((c) => c.keyword !== 'type') ?? inLastItem[0], topLevel[topLevel.length - 1]].filter((c): c is Case => c !== undefined);
}

/** A createJobAttributes body whose valid items carry names of this run's alone (a read finds them), the breaking item as it was. */
function namedItems(ctx: SuiteContext, body: unknown, c: Case): { body: unknown; names: string[] } {
  if (!isRecord(body) || !Array.isArray(body.attributes)) return { body, names: [] };
  const names: string[] = [];
  const attributes = body.attributes.map((a, i) => {
    if (i === c.position?.index || !isRecord(a)) return a;
    const name = runAttributeName(ctx, `trace${String.fromCharCode(97 + i)}`);
    names.push(name);
    return { ...a, name };
  });
  return { body: { ...body, attributes }, names };
}

/** Whether an operation's requests name a job (in the path or, through stand-ins, in the body). */
const namesAJob = (op: Operation, body: unknown) => op.pathParams.includes('jobId') || hasSlots(body);

export async function probeRefusedWrites(ctx: SuiteContext, recorder: Recorder, op: Operation): Promise<ResultRecord> {
  const row = recorder.checkRow(RULES.refusedWrite, op);
  const cases = traceCases(ctx.cases(op).violations);
  await resilient(ctx, recorder, row.rowId, 'the refused-write probe', async () => {
    let before: { job: JobHandle; read: JobRead } | undefined;
    for (const c of cases) {
      const job = await openJob(ctx, recorder, row);
      if (!job) return;
      const named = namesAJob(op, c.body);
      const { body, names } = op.operationId === 'createJobAttributes' ? namedItems(ctx, c.body, c) : { body: fillSlots(c.body, job), names: [] };
      const pathParams: Record<string, string> = {};
      if (op.pathParams.includes('jobId')) pathParams.jobId = job.jobId;
      if (op.pathParams.includes('jobTypeId')) pathParams.jobTypeId = ctx.config.jobTypeIds[0]!;
      // The open job as it is before this write (the read after the last one, while it stays the same job).
      if (named && before?.job !== job) before = { job, read: await readJob(ctx, job.jobId) };
      const reply = await ctx.client.send(op, { pathParams, body });
      recorder.observe(op, reply);
      recorder.attempt(row, { operationId: op.operationId, as: c.keyword ?? c.kind, status: reply.status, what: c.description });
      if (!is4xx(reply.status)) {
        // Taken (its constraint's row judges that) or failed: no refusal to judge here.
        if (is2xx(reply.status)) ctx.jobs.spoil(job);
        continue;
      }
      const changed: string[] = [];
      let evidenceReply = reply;
      if (named && before) {
        const after = await readJob(ctx, job.jobId);
        changed.push(...changesOf(before.read, after));
        before = { job, read: after };
        if (changed.length) {
          evidenceReply = after.reply;
          ctx.jobs.spoil(job);
        }
      }
      if (names.length) {
        const read = await attributeNames(ctx);
        const kept = names.filter((n) => read.names.includes(n));
        if (kept.length) {
          changed.push(`the job type holds attribute ${kept.join(', ')}, which only the refused body carried`);
          evidenceReply = read.reply;
        }
      }
      if (!changed.length) recorder.pass(row, c);
      else {
        recorder.fail(row, c, {
          expected: `${named ? `job ${job.jobId}` : 'the job type'} as before the refused write`,
          actual: `refused with ${reply.status} (${c.description}), yet ${changed.join('; ')}`,
          caseDescription: c.description,
          exchange: exchangeOf(evidenceReply),
          notes: [`the refused request: ${reply.method} ${reply.url} (X-COREOS-REQUEST-ID ${reply.requestId})`],
        });
      }
    }
  });
  return row;
}
