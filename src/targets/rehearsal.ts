/**
 * The dry run's count of what a run sends: the run's own plan rehearsed on the embedded reference
 * server, in this process, as the mutation runner runs the suite (src/suite/run/run-suite.ts). The
 * cases the dry run lists are only the bodies; the probes, the jobs made to test on and the reads
 * that wait for a write are known only by running them. A correct server answers as a target that
 * conforms does, so the rehearsal's requests and jobs are what such a target gets; one that takes
 * what it should refuse gets more (up to DISPATCH_MAX_REQUESTS and DISPATCH_MAX_JOBS). Nothing
 * leaves the machine: the server listens on 127.0.0.1 and is closed after.
 */
import type { Config } from '../config/config.ts';
import type { Constraint, Contract } from '../contract/index.ts';
import { SEEDED_IDS } from '../server/index.ts';
import { embeddedRun } from './embedded.ts';
import { runSuite } from '../suite/run/run-suite.ts';
import type { Step } from '../suite/run/steps.ts';

export interface Rehearsal {
  requests: number;
  jobs: number;
  ms: number;
}

/** The settings that make the rehearsal's plan the run's: its numbers, caps, workers and seed, its peer or none. */
export function rehearsalSettings(config: Config): Record<string, string> {
  const ids = (seeded: readonly string[], given: readonly string[]) => seeded.slice(0, Math.max(1, Math.min(seeded.length, given.length))).join(',');
  return {
    CONFORMANCE_SEED: String(config.seed),
    CONFORMANCE_RUNS: String(config.runs),
    CONFORMANCE_VIOLATION_RUNS: String(config.violationRuns),
    CONFORMANCE_MODEL_RUNS: String(config.modelRuns),
    CONFORMANCE_MODEL_COMMANDS: String(config.modelCommands),
    CONFORMANCE_CONCURRENCY_RUNS: String(config.concurrencyRuns),
    CONFORMANCE_WORKERS: String(config.workers),
    DISPATCH_CONCURRENCY: String(config.concurrency),
    DISPATCH_MAX_JOBS: String(config.maxJobs),
    DISPATCH_MAX_REQUESTS: String(config.maxRequests),
    DISPATCH_JOB_TYPES_BY_TENANT: String(config.jobTypesByTenant),
    // As many job types and workflows as the run is given (their lengths are the server's).
    DISPATCH_JOB_TYPE_ID: ids(SEEDED_IDS.jobType, config.jobTypeIds),
    DISPATCH_JOB_WORKFLOW_ID: ids(SEEDED_IDS.jobWorkflow, config.jobWorkflowIds),
    ...(config.requiredHeaders ? { DISPATCH_REQUIRED_HEADERS: config.requiredHeaders.join(',') } : {}),
    // A token's expiry is waited for only where the run outlives one: the count is the same without the wait.
    CONFORMANCE_TOKEN_WAIT_S: '0',
    // Without a peer, the rows that need one send nothing.
    ...(config.peer ? {} : { DISPATCH_PEER_ACCESS_TOKEN: '', DISPATCH_PEER_TENANT_ID: '', DISPATCH_PEER_JOB_TYPE_ID: '', DISPATCH_PEER_JOB_WORKFLOW_ID: '' }),
  };
}

/** Runs the plan of `config` (its steps `only` picks, or all) on a fresh embedded server and counts what it sent and made. */
export async function rehearse(config: Config, contract: Contract, catalogue: Constraint[], only?: (step: Step) => boolean): Promise<Rehearsal> {
  const started = Date.now();
  const run = await embeddedRun({ remote: !config.embedded, settings: rehearsalSettings(config), contract, catalogue });
  try {
    const report = await runSuite(run.workers, only ? { only } : {});
    return { requests: report.summary.requests, jobs: report.createdJobs.length, ms: Date.now() - started };
  } finally {
    await run.close();
  }
}
