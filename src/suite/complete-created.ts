/**
 * Leaves staging tidy, on request (`--complete-created`): after every check, each job the run
 * created that is not completed yet is completed (COMPLETED is the only documented status) and read
 * back. A job whose id the target never gave is completed by its run-tagged jobRef (updateJob) and
 * cannot be read back. What was done is returned for the report.
 */
import type { DispatchClient } from '../client/index.ts';
import type { Contract } from '../contract/index.ts';
import type { Completion } from '../results/model.ts';
import { pollJob } from './consistency.ts';

type Json = Record<string, any>;

const statusOf = (json: unknown) => (json as Json | undefined)?.data?.status as unknown;

export async function completeCreated(client: DispatchClient, contract: Contract, jobs: { jobId: string; jobRef: string }[], consistencyMs: number): Promise<Completion[]> {
  const out: Completion[] = [];
  for (const job of jobs) {
    if (!job.jobId) {
      const reply = await client.send(contract.operation('updateJob'), { body: { jobRef: job.jobRef, status: 'COMPLETED' } });
      out.push({ ...job, before: 'unknown (no id)', action: reply.status < 300 ? `completed by jobRef (${reply.status})` : `updateJob answered ${reply.status}`, after: 'not read back (no id)' });
      continue;
    }
    const read = await client.send(contract.operation('getJob'), { pathParams: { jobId: job.jobId } });
    const before = String(statusOf(read.json) ?? `unreadable (${read.status})`);
    if (before === 'COMPLETED') {
      out.push({ ...job, before, action: 'already completed', after: before });
      continue;
    }
    const change = await client.send(contract.operation('changeJobStatus'), { pathParams: { jobId: job.jobId }, body: { status: 'COMPLETED' } });
    if (change.status < 200 || change.status >= 300) {
      out.push({ ...job, before, action: `changeJobStatus answered ${change.status}`, after: before });
      continue;
    }
    const { reply, ok } = await pollJob(client, contract, job.jobId, consistencyMs, (r) => statusOf(r.json) === 'COMPLETED');
    out.push({ ...job, before, action: `completed (${change.status})`, after: ok ? 'COMPLETED' : String(statusOf(reply.json) ?? `unreadable (${reply.status})`) });
  }
  return out;
}
