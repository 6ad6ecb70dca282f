/**
 * Jobs the suite needs on the target, spent sparingly (see job-budget.ts): a shared job per worker
 * for operations that leave a job as it is; one open job per worker on which requests that must be
 * refused are sent (a completing operation's invalid bodies, 401 and 400 probes), replaced only if
 * the target accepted one of them; and a fresh job only where a case must complete one. Every job
 * the run creates, the jobs accepted create cases made included, carries a run-tagged jobRef (when
 * its length allows), counts against DISPATCH_MAX_JOBS and is listed for cleanup.
 */
import fc from 'fast-check';
import type { DispatchClient } from '../../client/index.ts';
import type { Contract } from '../../contract/index.ts';
import { valid, type RefPools } from '../../generate/index.ts';
import { UserError } from '../../shared/user-error.ts';
import { awaitVisible } from '../model/consistency.ts';
import { tameBody } from '../constraints/silent.ts';
import { JobRefs } from './job-refs.ts';
import type { JobBudget, Reservation } from './job-budget.ts';
import type { Reply } from '../../client/index.ts';
import type { Reason } from '../../results/model.ts';

/** The suite could not have a job it needs (the budget is spent, the target refused); its message says what to check. */
/** Open jobs per worker the checks' probes may take from the run's budget to replace one violations spoiled (plan.ts counts them). */
export const CHECK_REPLACEMENTS = 1;

export class JobSetupFailed extends UserError {
  override name = 'JobSetupFailed';
  constructor(
    message: string,
    readonly code: 'budget' | 'setup' = 'setup',
  ) {
    super(message);
  }

  /** Why a case that needed the job was not sent. */
  get reason(): Reason {
    return { code: this.code, text: this.message };
  }
}

export interface JobHandle {
  /** The id the target gave (empty when its answer did not say). */
  jobId: string;
  jobRef: string;
  /** The tenant it belongs to, when it is not the run's own (the peer's job of its own). */
  tenantId?: string;
}

export class JobFactory {
  readonly created: JobHandle[] = [];
  private readonly sharedJobs: Promise<JobHandle>[] = [];
  private openJob?: Promise<JobHandle>;
  private openHandle?: JobHandle;
  private counter = 0;

  constructor(
    private readonly contract: Contract,
    private readonly client: DispatchClient,
    private readonly jobRefs: JobRefs,
    private readonly refs: () => RefPools,
    private readonly consistencyMs: number,
    private readonly seed: number,
    readonly budget: JobBudget,
  ) {
  }

  /** The length of uniqueRef()'s refs: room for the run's tag. */
  static readonly REF_LENGTH = 24;

  /** A jobRef that no other job of this run carries (see job-refs.ts), tagged with the run id. */
  uniqueRef(): string {
    return this.jobRefs.next(JobFactory.REF_LENGTH)!;
  }

  /** A jobRef of exactly `length` code points that no other job of this run carries; undefined when none of that length is left. */
  refOfLength(length: number): string | undefined {
    return this.jobRefs.next(length);
  }

  /** The value made unique among this run's jobRefs, keeping its length; undefined when none of that length is left. */
  stampRef(value: string): string | undefined {
    return this.jobRefs.stamp(value);
  }

  private bodies?: fc.Arbitrary<unknown>;

  /** A valid createJob body (without jobRef). */
  body(): Record<string, unknown> {
    const op = this.contract.operation('createJob');
    this.bodies ??= valid(op.requestSchema!, { refs: this.refs() });
    const [sample] = fc.sample(this.bodies, { numRuns: 1, seed: this.seed + this.counter++ });
    const body = { ...(tameBody(this.contract, op, sample) as Record<string, unknown>) };
    delete body.jobRef;
    return body;
  }

  /**
   * Creates a job and waits until the target shows it; JobSetupFailed when the budget is spent or
   * the target refuses. `violation`: the job replaces one a violating request spoiled, and comes
   * from the violation phase's share.
   */
  async create(jobRef?: string, violation = false): Promise<JobHandle> {
    // A fresh job another probe made and left untouched serves a caller that names no jobRef.
    if (jobRef === undefined && !violation && this.spares.length) return this.spares.shift()!;
    jobRef ??= this.uniqueRef();
    const reservation = violation ? this.budget.takeViolation() : this.budget.take();
    if (!reservation) throw new JobSetupFailed((violation ? this.budget.violationReason() : this.budget.reason()).text, 'budget');
    const op = this.contract.operation('createJob');
    const reply = await this.client.send(op, { body: { ...this.body(), jobRef } }).catch((e: unknown) => {
      this.budget.release(reservation);
      throw e;
    });
    const id = (reply.json as { data?: { id?: unknown } } | undefined)?.data?.id;
    if (reply.status < 200 || reply.status >= 300) {
      this.budget.release(reservation);
      throw new JobSetupFailed(
        `cannot create a job to test with: createJob answered ${reply.status} ${reply.text.slice(0, 160)} (check DISPATCH_JOB_TYPE_ID and DISPATCH_JOB_WORKFLOW_ID; request ${reply.requestId})`,
      );
    }
    if (typeof id !== 'string' || id === '') {
      throw new JobSetupFailed(
        `createJob answered ${reply.status} without data.id, so the suite cannot name the job it created (the id in data.id is an assumed convention; request ${reply.requestId})`,
      );
    }
    const handle = { jobId: id, jobRef };
    this.created.push(handle);
    // A job that never shows is not used: the cases that need it would get 404s blamed on other rules.
    if (!(await awaitVisible(this.client, this.contract, id, this.consistencyMs))) {
      throw new JobSetupFailed(
        `the job createJob made (${id}, request ${reply.requestId}) did not appear to getJob within DISPATCH_CONSISTENCY_MS (${this.consistencyMs} ms): the cases that need a job are not sent (check:read-after-write.createJob judges the create itself)`,
      );
    }
    return handle;
  }

  /** One job per worker for operations that do not complete it (`index` > 0: further ones, for bulk items that name distinct jobs). */
  shared(index = 0): Promise<JobHandle> {
    // A failed creation (a lost connection) is not kept: the next case tries again.
    return (this.sharedJobs[index] ??= this.create().catch((e: unknown) => {
      delete this.sharedJobs[index];
      throw e;
    }));
  }

  /**
   * One open job per worker for requests the target must refuse (an invalid body, no credentials,
   * a body that is not JSON): a refused request leaves it as it is, so the next one can use it too.
   * `forCheck`: a check's probe asks (no credentials, a missing header, a body that is not JSON),
   * not a violating case.
   */
  untouched(forCheck = false): Promise<JobHandle> {
    // The first open job is the worker's; one that replaces a spoiled one is a violation's cost,
    // except CHECK_REPLACEMENTS for the checks' probes: a target that accepted violations on a
    // completing operation must not leave the 401, header and body-format checks without a job.
    const forChecks = !this.openJob && forCheck && this.spoiled > 0 && this.checkReplacements < CHECK_REPLACEMENTS;
    if (forChecks) this.checkReplacements++;
    this.openJob ??= this.create(undefined, this.spoiled > 0 && !forChecks)
      .then((h) => (this.openHandle = h))
      .catch((e: unknown) => {
        this.openJob = undefined;
        throw e;
      });
    return this.openJob;
  }

  private spoiled = 0;
  private checkReplacements = 0;

  /** Fresh jobs made and read back, never written since, that create() hands out before it makes one. */
  private readonly spares: JobHandle[] = [];

  /**
   * Jobs a probe made (already counted and listed) and left as they were made: the next callers of
   * create() that name no jobRef get them, so they cost the run no further job.
   */
  adopt(jobs: readonly JobHandle[]): void {
    this.spares.push(...jobs);
  }

  /** The target accepted a request on the open job (it may be completed now): the next request gets a new one. */
  spoil(job: JobHandle): void {
    if (this.openHandle !== job) return;
    this.spoiled++;
    this.openJob = undefined;
    this.openHandle = undefined;
  }

  /**
   * Accounts for a createJob the suite sent with a reservation (a case, a probe): an accepted one
   * made a job, which is listed for cleanup; a refused one gives its reservation back.
   */
  recordCreate(reply: Reply, jobRef: unknown, reservation: Reservation): void {
    if (reply.status < 200 || reply.status >= 300) {
      this.budget.release(reservation);
      return;
    }
    const id = (reply.json as { data?: { id?: unknown } } | undefined)?.data?.id;
    this.created.push({ jobId: typeof id === 'string' ? id : '', jobRef: typeof jobRef === 'string' ? jobRef : '' });
  }
}
