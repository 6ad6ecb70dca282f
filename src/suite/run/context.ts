/**
 * One worker's view of a run: configuration, contract, catalogue, client, job factory, and the
 * pools of existing ids that valid cases draw referential members from. An interface only: it
 * imports nothing but types, so every part of the suite may depend on it (open.ts makes one).
 */
import type { DispatchClient, Identity, TokenSource } from '../../client/index.ts';
import type { Reason } from '../../results/model.ts';
import type { Config } from '../../config/config.ts';
import type { Constraint, Contract, Operation } from '../../contract/index.ts';
import type { Pack, RefPools } from '../../generate/index.ts';
import type { Case } from '../../generate/case.ts';
import type { JobFactory } from '../jobs/jobs.ts';
import type { RunDir } from './run-dir.ts';

/** The run's plan, made up front and the same in every worker (see plan.ts). */
export interface RunPlan {
  /** Jobs this run (or shard) may create (Infinity: no cap). */
  cap: number;
  /** Jobs set aside, by what they are for. */
  jobs: { workers: number; boundaries: number; readAfterWrite: number; observations: number; security: number; state: number; breadth: number; randomBodies: number; violations: number };
  /** Random valid bodies per operation. */
  validRuns(op: Operation): number;
}

/**
 * What one worker keeps across its tests, by name: each probe's piece of it, made the first time it
 * is needed. (The worker's context holds it, so a test of another worker, or another run in the
 * same process, never sees it.)
 */
export interface WorkerState {
  /** The peer's identity (security probes), made once. */
  peer?: Identity;
  /** A second source of the run's own token, beside the client's private one (security probes). */
  ownerToken?: TokenSource;
  /** Client credentials of the run's, when the client takes a static token: who issues the tokens the expiry probe tries. */
  issuer?: TokenSource;
  /** The jobRef fact seen broken (facts.ts): the knock-on reason of the cases that rely on it. */
  jobRefBroken?: Reason;
  /** Root findings of reads that do not show writes, per writer (the state probes). */
  readRoots: Map<string, Reason>;
  /** The root finding that reads show no acknowledged write at all (a single sub-status change does not show), once found. */
  noWriteShows?: Reason;
  /** The violation packs of each operation (violation-packs.ts), computed once. */
  violationPacks: Map<string, unknown[]>;
}

export interface SuiteContext {
  config: Config;
  contract: Contract;
  catalogue: Constraint[];
  client: DispatchClient;
  jobs: JobFactory;
  /** What the processes of the run share on this machine (the job ledger, claims, packs' outcomes). */
  runDir: RunDir;
  refs(): RefPools;
  /**
   * Deterministic cases per operation, computed once: the boundary cases packed into few bodies
   * (`packs`, sent by the operation's boundary test), the ones with a request of their own
   * (`boundaries`, sent by their constraint's test), and the violations.
   */
  cases(op: Operation): { packs: Pack[]; boundaries: Case[]; violations: Case[] };
  /** The run's plan: random bodies per operation, and the job budget shared out (see plan.ts). */
  plan(): RunPlan;
  /** What this worker keeps across its tests (see WorkerState). */
  state: WorkerState;
  close(): Promise<void>;
}

