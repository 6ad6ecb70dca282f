/**
 * Leaves staging tidy, on request (`--complete-created`): after every check, each job the run
 * created that is not completed yet is completed (COMPLETED is the only documented status) and read
 * back. A job whose id the target never gave is completed by its run-tagged jobRef (updateJob) and
 * cannot be read back. What was done is returned for the report.
 */
import { TargetUnreachable, TransportError, type DispatchClient, type Reply } from '../client/index.ts';
import type { Contract } from '../contract/index.ts';
import type { Completion } from '../results/model.ts';
import { pollJob } from './consistency.ts';

type Json = Record<string, any>;

const statusOf = (json: unknown) => (json as Json | undefined)?.data?.status as unknown;

export async function completeCreated(client: DispatchClient, contract: Contract, jobs: { jobId: string; jobRef: string }[], consistencyMs: number): Promise<Completion[]> {
  const out: Completion[] = [];
  for (const [i, job] of jobs.entries()) {
    try {
      out.push(await completeOne(client, contract, job, consistencyMs));
    } catch (e) {
      // The target stopped answering: the jobs left are listed as not tried, and the report still written.
      if (e instanceof TargetUnreachable) {
        for (const rest of jobs.slice(i)) out.push({ ...rest, before: 'unknown', action: `not tried: ${e.message}`, after: 'unknown' });
        break;
      }
      // A read lost to the transport after the client's own tries: this job's state is unknown.
      if (!(e instanceof TransportError)) throw e;
      out.push({ ...job, before: 'unknown', action: `not finished: ${e.message}`, after: 'unknown' });
    }
  }
  return out;
}

async function completeOne(client: DispatchClient, contract: Contract, job: { jobId: string; jobRef: string }, consistencyMs: number): Promise<Completion> {
  if (!job.jobId) {
    const reply = await lostOrAnswer(() => client.send(contract.operation('updateJob'), { body: { jobRef: job.jobRef, status: 'COMPLETED' } }));
    const action = typeof reply === 'string' ? reply : reply.status < 300 ? `completed by jobRef (${reply.status})` : `updateJob answered ${reply.status}`;
    return { ...job, before: 'unknown (no id)', action, after: 'not read back (no id)' };
  }
  const read = await client.send(contract.operation('getJob'), { pathParams: { jobId: job.jobId } });
  const before = String(statusOf(read.json) ?? `unreadable (${read.status})`);
  if (before === 'COMPLETED') return { ...job, before, action: 'already completed', after: before };
  // A completion whose answer was lost may have been carried out: it is not sent again (completing a
  // completed job is a silent point), the job is read back to see.
  const change = await lostOrAnswer(() => client.send(contract.operation('changeJobStatus'), { pathParams: { jobId: job.jobId }, body: { status: 'COMPLETED' } }));
  if (typeof change !== 'string' && (change.status < 200 || change.status >= 300)) return { ...job, before, action: `changeJobStatus answered ${change.status}`, after: before };
  const { reply, ok } = await pollJob(client, contract, job.jobId, consistencyMs, (r) => statusOf(r.json) === 'COMPLETED');
  return { ...job, before, action: typeof change === 'string' ? change : `completed (${change.status})`, after: ok ? 'COMPLETED' : String(statusOf(reply.json) ?? `unreadable (${reply.status})`) };
}

/** The answer, or what a person reads when it was lost to the transport. */
async function lostOrAnswer(send: () => Promise<Reply>): Promise<Reply | string> {
  try {
    return await send();
  } catch (e) {
    if (!(e instanceof TransportError)) throw e;
    return `the answer was lost (${e.message})`;
  }
}
