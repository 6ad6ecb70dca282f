/**
 * Before any test runs: one request to see that the target answers, accepts the credentials and
 * knows the configured job type. Any problem is one line that says what to fix, within 10 s.
 */
import { createClient } from '../client/index.ts';
import type { Config } from '../config/config.ts';
import type { Contract } from '../contract/index.ts';
import { NO_SUCH_JOB_ID } from '../suite/job-ids.ts';
import { UserError } from './run-cli.ts';

const PREFLIGHT_MS = 10_000;

export async function preflight(config: Config, contract: Contract): Promise<void> {
  const client = createClient({ ...config, timeoutMs: Math.min(config.timeoutMs, PREFLIGHT_MS - 1000), retryBudgetMs: Math.min(config.retryBudgetMs, 2000) }, 1, { unreachableAfter: 1 });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UserError(`the target did not answer the preflight within ${PREFLIGHT_MS / 1000} s: check DISPATCH_BASE_URL (${config.baseUrl})`)), PREFLIGHT_MS);
  });
  try {
    await Promise.race([check(config, contract, client), timeout]);
  } finally {
    clearTimeout(timer);
    await client.close();
  }
}

async function check(config: Config, contract: Contract, client: ReturnType<typeof createClient>): Promise<void> {
  const getJob = contract.operation('getJob');
  const probe = await client.send(getJob, { pathParams: { jobId: NO_SUCH_JOB_ID } });
  if (probe.status === 401 || probe.status === 403) {
    const fix = config.accessToken ? 'check DISPATCH_ACCESS_TOKEN' : 'check DISPATCH_CLIENT_ID, DISPATCH_CLIENT_SECRET and DISPATCH_AUDIENCE';
    throw new UserError(`the target refused the credentials (${probe.status} on the preflight request ${probe.method} ${probe.url}): ${fix}`);
  }
  if (probe.status === 404 && !probe.isJson && /<html|cannot get/i.test(probe.text)) {
    throw new UserError(`${probe.url} is not a Dispatch API (404 without a JSON body): check that DISPATCH_BASE_URL ends with /core/api/v2/dispatch-service`);
  }
  const attributes = contract.operation('getJobAttributes');
  const jobTypeId = config.jobTypeIds[0]!;
  const known = await client.send(attributes, { pathParams: { jobTypeId } });
  if (known.status === 404) {
    throw new UserError(`the job type "${jobTypeId}" does not exist on the target (getJobAttributes answered 404): set DISPATCH_JOB_TYPE_ID to an existing job type id`);
  }
}
