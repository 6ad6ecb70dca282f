/**
 * The peer's own job: the second identity (DISPATCH_PEER_*) creates a job in its tenant and reads
 * it back. A peer that can is known to hold a working token, so a refusal it gets on the run's job
 * is its tenant's and not its token's: the tenant-isolation rows conform only on such a refusal.
 * The preflight makes one before any test (a peer the target refuses is one line and exit 2), and
 * hands its id to the workers; run directly, the isolation probe makes it.
 */
import type { DispatchClient, Identity, Reply } from '../../client/index.ts';
import type { Config } from '../../config/config.ts';
import type { Contract } from '../../contract/index.ts';
import type { Reason } from '../../results/model.ts';
import { poll } from '../model/consistency.ts';
import type { JobBudget } from './job-budget.ts';

/**
 * What the peer's attempt at a job of its own came to: `named`, made and read back; `unnamed`,
 * accepted without data.id (an assumed convention the target does not follow: the job cannot be
 * read, and the peer's token is then proved on an id that names nothing, see peerControl); `no`,
 * refused or unreadable, with why.
 */
export type PeerJob = { made: 'named'; jobId: string; jobRef: string } | { made: 'unnamed'; jobRef: string; reply: Reply } | { made: 'no'; reason: Reason; reply?: Reply };

/**
 * What proves the peer's token works, before a refusal it got counts: its own job read back (200),
 * or, when the target names no job it makes, an id that names nothing read as the peer (404, not
 * the 401 a token the target does not take gets: check:token-variants holds it to that).
 */
export type PeerControl = { jobId: string; expect: 200 } | { jobId: string; expect: 404 };

/** The statuses that say a token was refused. */
const TOKEN_REFUSED = new Set([401, 403]);

/** Why a peer whose own requests are refused cannot judge tenant isolation (a Reason, for rows and the preflight's line). */
export function peerTokenRefused(reply: Reply, credentials: string): Reason {
  return {
    code: 'peer-token',
    text: `the target refused the peer's token on its own tenant (${reply.status} to ${reply.method} ${reply.url}, request ${reply.requestId}): a refusal it gets on the run's job says nothing of tenant isolation; check ${credentials} and DISPATCH_PEER_TENANT_ID`,
  };
}

/**
 * Creates a job as the peer, in its tenant (`body`: a valid createJob body; its job type and
 * workflow are the peer's), and reads it back as the peer within DISPATCH_CONSISTENCY_MS. The job
 * is reserved in the run's budget first.
 */
export async function makePeerJob(client: DispatchClient, contract: Contract, config: Config, peer: Identity, budget: JobBudget, body: Record<string, unknown>, jobRef: string, credentials: string): Promise<PeerJob> {
  const reservation = budget.take();
  if (!reservation) return { made: 'no', reason: budget.reason() };
  const p = config.peer!;
  const reply = await client.send(contract.operation('createJob'), { body: { ...body, jobTypeId: p.jobTypeId, jobWorkflowId: p.jobWorkflowId, jobRef }, identity: peer }).catch((e: unknown) => {
    budget.release(reservation);
    throw e;
  });
  const id = (reply.json as { data?: { id?: unknown } } | undefined)?.data?.id;
  if (reply.status < 200 || reply.status >= 300) {
    budget.release(reservation);
    if (TOKEN_REFUSED.has(reply.status)) return { made: 'no', reason: peerTokenRefused(reply, credentials), reply };
    return {
      made: 'no',
      reply,
      reason: { code: 'setup', text: `the peer could not create a job of its own (createJob as tenant ${p.tenantId} answered ${reply.status}, request ${reply.requestId}): check DISPATCH_PEER_JOB_TYPE_ID ("${p.jobTypeId}") and DISPATCH_PEER_JOB_WORKFLOW_ID ("${p.jobWorkflowId}"), which must be its tenant's` },
    };
  }
  if (typeof id !== 'string' || id === '') return { made: 'unnamed', jobRef, reply };
  const own = await readAsPeer(client, contract, peer, id, config.consistencyMs);
  if (own.status === 200) return { made: 'named', jobId: id, jobRef };
  if (TOKEN_REFUSED.has(own.status)) return { made: 'no', reason: peerTokenRefused(own, credentials), reply: own };
  return { made: 'no', reply: own, reason: { code: 'setup', text: `the peer cannot read the job it created (${id}: getJob as tenant ${p.tenantId} answered ${own.status} within DISPATCH_CONSISTENCY_MS, request ${own.requestId}): a refusal it gets on the run's job would say nothing of tenant isolation` } };
}

/** The peer's read of its own job, polled until it shows (200) or its token is refused, within the window. */
export async function readAsPeer(client: DispatchClient, contract: Contract, peer: Identity, jobId: string, windowMs: number): Promise<Reply> {
  const op = contract.operation('getJob');
  return (await poll(() => client.send(op, { pathParams: { jobId }, identity: peer }), windowMs, (r) => r.status === 200 || TOKEN_REFUSED.has(r.status))).reply;
}
