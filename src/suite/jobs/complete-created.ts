/**
 * Leaves staging tidy, on request (`--complete-created`): after every check, each job the run
 * created that is not completed yet is completed (COMPLETED is the only documented status) and read
 * back. A job whose id the target never gave is completed by its run-tagged jobRef (updateJob) and
 * cannot be read back. A job of the peer's tenant (the one it made of its own) is completed as
 * the peer. What was done is returned for the report.
 */

type CreatedJob = { jobId: string; jobRef: string; tenantId?: string };
import { TargetUnreachable, TransportError, type DispatchClient, type Identity, type Reply } from '../../client/index.ts';
import type { Contract } from '../../contract/index.ts';
import type { Completion } from '../../results/model.ts';
import { poll } from '../model/consistency.ts';

type Json = Record<string, any>;

const statusOf = (json: unknown) => (json as Json | undefined)?.data?.status as unknown;

/** `identityOf`: who completes a job of another tenant than the run's (the peer, for its own job); undefined: the run. */
export async function completeCreated(client: DispatchClient, contract: Contract, jobs: CreatedJob[], consistencyMs: number, identityOf: (job: CreatedJob) => Identity | undefined = () => undefined): Promise<Completion[]> {
  const out: Completion[] = [];
  for (const [i, job] of jobs.entries()) {
    try {
      out.push(await completeOne(asIdentity(client, identityOf(job)), contract, job, consistencyMs));
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

/** The client's sends as `identity` (the client itself when none is given). */
function asIdentity(client: DispatchClient, identity: Identity | undefined): Pick<DispatchClient, 'send'> {
  return identity ? { send: (op, o = {}) => client.send(op, { ...o, identity }) } : client;
}

async function completeOne(client: Pick<DispatchClient, 'send'>, contract: Contract, job: CreatedJob, consistencyMs: number): Promise<Completion> {
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
  const { reply, ok } = await poll(() => client.send(contract.operation('getJob'), { pathParams: { jobId: job.jobId } }), consistencyMs, (r) => statusOf(r.json) === 'COMPLETED');
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
