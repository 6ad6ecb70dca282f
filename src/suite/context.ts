/**
 * One worker's view of a run: configuration, contract, catalogue, client, job factory, and the
 * pools of existing ids that valid cases draw referential members from. An interface only: it
 * imports nothing but types, so every part of the suite may depend on it (open.ts makes one).
 */
import type { DispatchClient } from '../client/index.ts';
import type { Config } from '../config/config.ts';
import type { Constraint, Contract, Operation } from '../contract/index.ts';
import type { Pack, RefPools } from '../generate/index.ts';
import type { Case } from '../generate/case.ts';
import type { JobFactory } from './jobs.ts';
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
  close(): Promise<void>;
}

