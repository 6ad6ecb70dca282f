/**
 * Concurrent creates: DISPATCH_CONCURRENCY createJob requests in flight at once, each with its own
 * jobRef, give as many distinct ids, and each id reads back its own jobRef and body.
 */
import { TransportError, type Reply } from '../../../client/index.ts';
import { is2xx, RULES } from '../../../checks/index.ts';
import type { SuiteContext } from '../../run/context.ts';
import { readDiffers } from '../../model/reflection.ts';
import { exchangeOf } from '../../record/evidence.ts';
import type { JobHandle } from '../../jobs/jobs.ts';
import { jobRefNotKept } from '../../record/facts.ts';
import type { Recorder } from '../../record/recorder.ts';
import type { Reservation } from '../../jobs/job-budget.ts';
import { createRuns } from './jobs.ts';
import { dataOf, readUntil, show, untested, type Json } from './common.ts';

/** K createJob in flight at once, CONFORMANCE_CONCURRENCY_RUNS times (once under a job cap); returns the jobs that read back as made. */
export async function probeConcurrentCreates(ctx: SuiteContext, recorder: Recorder): Promise<JobHandle[]> {
  const row = recorder.runRow(RULES.concurrentCreate);
  const op = ctx.contract.operation('createJob');
  const k = ctx.config.concurrency;
  const made: JobHandle[] = [];
  const runs = createRuns(ctx.config, ctx.plan().cap !== Number.POSITIVE_INFINITY);
  const lostBefore = new Set<number>();
  for (let run = 1; run <= runs; run++) {
    const reservations: Reservation[] = [];
    for (let i = 0; i < k; i++) {
      const r = ctx.jobs.budget.take();
      if (!r) break;
      reservations.push(r);
    }
    if (reservations.length < k) {
      reservations.forEach((r) => ctx.jobs.budget.release(r));
      untested(recorder, row, ctx.jobs.budget.reason());
      break;
    }
    const sent = reservations.map(() => ({ ...ctx.jobs.body(), jobRef: ctx.jobs.uniqueRef() }) as Json);
    let replies: Reply[];
    try {
      replies = await Promise.all(sent.map((body) => ctx.client.send(op, { body })));
    } catch (e) {
      // A create lost to the transport may have made its job: the reservations stay spent. The
      // round runs again once on fresh jobs (counted as sent again), as any case lost to the network.
      if (!(e instanceof TransportError)) throw e;
      if (!lostBefore.has(run)) {
        lostBefore.add(run);
        ctx.client.transportRetries++;
        run--;
        continue;
      }
      untested(recorder, row, { code: 'transport', text: `not judged: a createJob in flight was lost to the transport (${e.message})` });
      continue;
    }
    replies.forEach((r, i) => {
      recorder.observe(op, r);
      ctx.jobs.recordCreate(r, sent[i]!.jobRef, reservations[i]!);
    });
    let requests = k;
    const refused = replies.find((r) => !is2xx(r.status));
    const ids = replies.map((r) => dataOf(r)?.id);
    if (refused || ids.some((id) => typeof id !== 'string' || id === '')) {
      const why = refused ? `createJob answered ${refused.status} to a valid body (check:accepts-valid.createJob judges it)` : 'createJob answered without data.id (an assumed convention), so the jobs cannot be read back';
      recorder.spent(row, requests, false);
      untested(recorder, row, { code: 'setup', text: `not judged: ${why}` });
      continue;
    }
    const byId = new Map<string, number[]>();
    ids.forEach((id, i) => byId.set(id as string, [...(byId.get(id as string) ?? []), i]));
    const what = `run ${run} of ${runs}: ${k} createJob requests in flight at once, each with its own jobRef`;
    for (const [id, same] of byId) {
      if (same.length > 1) {
        recorder.violate(row, {
          expected: `${k} distinct job ids`,
          actual: `${same.length} creates (jobRefs ${same.map((i) => sent[i]!.jobRef).join(', ')}) were each answered with job id ${id}: ${byId.size} distinct ids for ${k} jobs`,
          caseDescription: what,
          exchange: exchangeOf(replies[same[1]!]!),
        });
      }
    }
    // Each job is read back at once with the others: a target that lags waits out one window, not K.
    const mineOf = (same: number[]) => (d: Json | undefined) => same.find((i) => readDiffers(sent[i]!, d).length === 0 && d?.jobRef === sent[i]!.jobRef);
    const reads = await Promise.all([...byId].map(([id, same]) => readUntil(ctx, recorder, id, (d) => mineOf(same)(d) !== undefined)));
    for (const [n, [id, same]] of [...byId].entries()) {
      const read = reads[n]!;
      const mine = mineOf(same);
      requests += read.reads;
      const i = mine(read.data);
      if (i !== undefined) {
        made.push({ jobId: id, jobRef: sent[i]!.jobRef });
        continue;
      }
      // Every member as sent but a jobRef no create in flight sent: not a race but createJob not
      // keeping jobRefs at all, the root finding of its own (facts.ts); the jobs are still distinct.
      const foreignRef = typeof read.data?.jobRef === 'string' && !sent.some((b) => b.jobRef === read.data?.jobRef);
      const body = same.find((j) => readDiffers({ ...sent[j]!, jobRef: read.data?.jobRef }, read.data).length === 0);
      if (foreignRef && body !== undefined) {
        const reason = jobRefNotKept(ctx, recorder, { jobId: id, written: sent[body]!.jobRef, read: read.reply, found: `read back after ${what}` });
        // Once for the row, whatever the number of jobs that show it (the root's evidence names one).
        recorder.note(row, { ...reason, text: `jobRefs not judged: createJob does not keep the jobRefs it is given; see ${reason.root}` });
        made.push({ jobId: id, jobRef: read.data!.jobRef });
        continue;
      }
      // A job that reads with one of its creates' jobRefs is still a job the other probes can use.
      const ref = same.find((j) => read.data?.jobRef === sent[j]!.jobRef);
      if (ref !== undefined) made.push({ jobId: id, jobRef: sent[ref]!.jobRef });
      recorder.violate(row, {
        expected: `job ${id} reads back the jobRef and body its create sent`,
        actual: `after ${read.reads} reads over DISPATCH_CONSISTENCY_MS (${ctx.config.consistencyMs} ms): ${readDiffers(sent[same[0]!]!, read.data).join('; ') || `jobRef reads ${show(read.data?.jobRef)}`}`,
        caseDescription: what,
        exchange: exchangeOf(read.reply),
      });
    }
    recorder.spent(row, requests, true);
  }
  return made;
}
