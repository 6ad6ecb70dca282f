/**
 * Before any test runs: a few requests to see that the target answers, accepts the credentials,
 * knows the configured job type, and accepts a valid create with the configured workflow (one job,
 * reserved in the run's job budget like any other); with a peer, that the target takes the peer's
 * credentials and lets it create and read a job of its own (one job more), whose id the workers
 * get (DISPATCH_PEER_JOB_ID) to tell a tenant's refusal from a bad token's. Any problem is one
 * line that says what to fix, within 10 s: a wrong workflow id is not 41 violations, a typo in the
 * base URL is not a missing job type, a rotated peer token is not a tenant-isolation PASS.
 */
import { createClient } from '../client/index.ts';
import { peerCredentialSettings, peerIdentityOf } from '../client/from-config.ts';
import { makePeerJob, peerTokenRefused } from '../suite/jobs/peer.ts';
import type { Config } from '../config/config.ts';
import type { Contract } from '../contract/index.ts';
import { NO_SUCH_JOB_ID } from '../suite/jobs/job-ids.ts';
import { baseBody } from '../generate/index.ts';
import { refPoolsOf } from '../suite/jobs/slots.ts';
import { JobBudget } from '../suite/jobs/job-budget.ts';
import { RunDir } from '../suite/run/run-dir.ts';
import { isRecord } from '../shared/json.ts';
import { UserError } from './run-cli.ts';

const PREFLIGHT_MS = 10_000;

/** What the preflight hands the run: the jobs it made (listed for cleanup), and the peer's own, when there is a peer. */
export interface PreflightFacts {
  created: { jobId: string; jobRef: string; tenantId?: string }[];
  peerJobId?: string;
  /** Why the peer has no job of its own (its tenant's job type not configured, ...): the console says it before any test. */
  peerNote?: string;
}

export async function preflight(config: Config, contract: Contract): Promise<PreflightFacts> {
  const client = createClient({ ...config, timeoutMs: Math.min(config.timeoutMs, PREFLIGHT_MS - 1000), retryBudgetMs: Math.min(config.retryBudgetMs, 2000) }, 1, { unreachableAfter: 1 });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UserError(`the target did not answer the preflight within ${PREFLIGHT_MS / 1000} s: check DISPATCH_BASE_URL (${config.baseUrl})`)), PREFLIGHT_MS);
  });
  try {
    return await Promise.race([check(config, contract, client), timeout]);
  } finally {
    clearTimeout(timer);
    await client.close();
  }
}

async function check(config: Config, contract: Contract, client: ReturnType<typeof createClient>): Promise<PreflightFacts> {
  const getJob = contract.operation('getJob');
  const probe = await client.send(getJob, { pathParams: { jobId: NO_SUCH_JOB_ID } });
  if (probe.status === 401 || probe.status === 403) {
    const token = config.accessToken ? 'DISPATCH_ACCESS_TOKEN' : 'DISPATCH_CLIENT_ID, DISPATCH_CLIENT_SECRET and DISPATCH_AUDIENCE';
    const said = messageOf(probe);
    // 401 is the token (RFC 9110: not authenticated); 403 is a token taken but refused this request:
    // with a read of a job that does not exist, the tenant it names (X-COREOS-TID) is the suspect.
    const fix =
      probe.status === 403 || /tenant|\btid\b/i.test(said)
        ? `the token was taken but not for tenant "${config.tenantId}": check DISPATCH_TENANT_ID (sent as X-COREOS-TID) is the token's tenant, then ${token}`
        : `check ${token}`;
    throw new UserError(`the target refused the credentials (${probe.status} "${said}" on the preflight request ${probe.method} ${probe.url}): ${fix}`);
  }
  if (probe.status === 404 && !probe.isJson && /<html|cannot get/i.test(probe.text)) {
    throw new UserError(`${probe.url} is not a Dispatch API (404 without a JSON body): check that DISPATCH_BASE_URL ends with /core/api/v2/dispatch-service`);
  }
  const attributes = contract.operation('getJobAttributes');
  const jobTypeId = config.jobTypeIds[0]!;
  const known = await client.send(attributes, { pathParams: { jobTypeId } });
  if (known.status === 404) {
    // A 404 like the one a path that cannot exist gets says the base URL is wrong, not the job type.
    const nowhere = await client.send(attributes, { rawPath: '/__dispatch-conformance-no-such-path__' });
    if (nowhere.status === 404 && pathless(nowhere) === pathless(known)) {
      throw new UserError(`${known.url} answered 404 "${messageOf(known)}", as a path that does not exist does: check DISPATCH_BASE_URL (${config.baseUrl}; it should end with /core/api/v2/dispatch-service)`);
    }
    throw new UserError(`the job type "${jobTypeId}" does not exist on the target (getJobAttributes ${known.url} answered 404 "${messageOf(known)}"): set DISPATCH_JOB_TYPE_ID to an existing job type id, or check DISPATCH_BASE_URL`);
  }
  if (config.dryRun) return { created: [] };
  const created = await createOnce(config, contract, client);
  const { job: peer, note } = await checkPeer(config, contract, client);
  return { created: [...created, ...(peer ? [peer] : [])], ...(peer ? { peerJobId: peer.jobId } : {}), ...(note ? { peerNote: note } : {}) };
}

/**
 * The peer's credentials are taken, and the peer creates and reads a job of its own: one line that
 * says what to fix when not. Without it, a rotated peer token answers every tenant-isolation
 * attempt with 401 and the rows would read as conforming.
 */
async function checkPeer(config: Config, contract: Contract, client: ReturnType<typeof createClient>): Promise<{ job?: { jobId: string; jobRef: string; tenantId: string }; note?: string }> {
  const peer = peerIdentityOf(config);
  if (!peer) return {};
  const credentials = peerCredentialSettings(config);
  const probe = await client.send(contract.operation('getJob'), { pathParams: { jobId: NO_SUCH_JOB_ID }, identity: peer });
  if (probe.status === 401 || probe.status === 403) throw new UserError(peerTokenRefused(probe, credentials).text);
  const budget = new JobBudget(config.maxJobs === 0 ? Number.POSITIVE_INFINITY : config.maxJobs, new RunDir(config.runId));
  const body = baseBody(contract, contract.operation('createJob'), { refs: refPoolsOf(config), seed: config.seed }) as Record<string, unknown>;
  const own = await makePeerJob(client, contract, config, peer, budget, body, `${config.runId}-peer`, credentials);
  // Only a token the target refuses stops the run: a job the peer may not make (its job type is
  // not configured, the budget is spent) leaves the probe to prove the token another way, and say so.
  if (own.made === 'no' && own.reason.code === 'peer-token') throw new UserError(own.reason.text);
  // Made, but not named (no data.id: an assumed convention): listed by its jobRef; the probe proves the token another way.
  if (own.made === 'no') return { note: own.reason.text };
  return { job: { jobId: own.made === 'named' ? own.jobId : '', jobRef: own.jobRef, tenantId: config.peer!.tenantId } };
}

/**
 * One valid create with the configured job type and workflow: a refused one is one line that names
 * them. Its job is reserved in the run's budget (the workers share the ledger), so the cap holds.
 */
async function createOnce(config: Config, contract: Contract, client: ReturnType<typeof createClient>): Promise<{ jobId: string; jobRef: string }[]> {
  const op = contract.operation('createJob');
  const budget = new JobBudget(config.maxJobs === 0 ? Number.POSITIVE_INFINITY : config.maxJobs, new RunDir(config.runId));
  const reservation = budget.take();
  if (!reservation) return [];
  const jobRef = `${config.runId}-preflight`;
  const body: Record<string, unknown> = { ...(baseBody(contract, op, { refs: refPoolsOf(config), seed: config.seed }) as Record<string, unknown>), jobRef };
  const reply = await client.send(op, { body });
  const id = isRecord(reply.json) && isRecord(reply.json.data) ? reply.json.data.id : undefined;
  if (reply.status >= 200 && reply.status < 300) return [{ jobId: typeof id === 'string' ? id : '', jobRef }];
  budget.release(reservation);
  if (reply.status >= 400 && reply.status < 500) {
    throw new UserError(
      `the target refused a valid createJob (${reply.status} "${messageOf(reply)}", request ${reply.requestId}): check DISPATCH_JOB_WORKFLOW_ID ("${String(body.jobWorkflowId)}") and DISPATCH_JOB_TYPE_ID ("${String(body.jobTypeId)}")`,
    );
  }
  return [];
}

/** An answer's message with the path it was asked for taken out: the same for every path a server does not have. */
function pathless(reply: { url: string; json: unknown; text: string }): string {
  const path = new URL(reply.url).pathname;
  return messageOf(reply).split(path).join('<path>').split(decodeURIComponent(path)).join('<path>');
}

/** The message of an answer: the error envelope's description (either profile), else its first text. */
function messageOf(reply: { json: unknown; text: string }): string {
  const j = reply.json;
  if (isRecord(j)) {
    const e = isRecord(j.error) ? j.error : j;
    for (const k of ['description', 'message', 'msg']) if (typeof e[k] === 'string') return e[k] as string;
  }
  return reply.text.slice(0, 120);
}
