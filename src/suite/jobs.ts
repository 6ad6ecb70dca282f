/**
 * Jobs the suite needs on the target: a shared job per worker for operations that leave a job as
 * it is, and fresh jobs for operations that complete one. Every job carries a run-tagged jobRef
 * (when its length allows) and is listed for cleanup.
 */
import fc from 'fast-check';
import type { DispatchClient } from '../client/index.ts';
import type { Contract } from '../contract/index.ts';
import { valid, type RefPools } from '../generate/index.ts';
import { UserError } from '../cli/run-cli.ts';
import { awaitVisible } from './consistency.ts';
import { tameBody } from './silent.ts';

/** The target refused to create a job the suite needs; its message says what to check. */
export class JobSetupFailed extends UserError {
  override name = 'JobSetupFailed';
}

export interface JobHandle {
  jobId: string;
  jobRef: string;
}

export class JobFactory {
  readonly created: JobHandle[] = [];
  private sharedJob?: Promise<JobHandle>;
  private counter = 0;

  constructor(
    private readonly contract: Contract,
    private readonly client: DispatchClient,
    private readonly runId: string,
    private readonly refs: () => RefPools,
    private readonly consistencyMs: number,
    private readonly seed: number,
  ) {}

  /** A unique jobRef of exactly `length` code points, run-tagged when it has room. */
  uniqueRef(length = 24): string {
    const tag = `${this.runId}-${process.pid.toString(36)}-${(++this.counter).toString(36)}`;
    if (length >= tag.length) return tag + 'x'.repeat(length - tag.length);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
    return s;
  }

  private bodies?: fc.Arbitrary<unknown>;

  /** A valid createJob body (without jobRef). */
  body(): Record<string, unknown> {
    const op = this.contract.operation('createJob');
    this.bodies ??= valid(op.requestSchema!, { refs: this.refs() });
    const [sample] = fc.sample(this.bodies, { numRuns: 1, seed: this.seed + this.counter });
    const body = { ...(tameBody(this.contract, op, sample) as Record<string, unknown>) };
    delete body.jobRef;
    return body;
  }

  /** Creates a job and waits until the target shows it. */
  async create(jobRef = this.uniqueRef()): Promise<JobHandle> {
    const op = this.contract.operation('createJob');
    const reply = await this.client.send(op, { body: { ...this.body(), jobRef } });
    const id = (reply.json as { data?: { id?: unknown } } | undefined)?.data?.id;
    if (reply.status < 200 || reply.status >= 300 || typeof id !== 'string') {
      throw new JobSetupFailed(
        `cannot create a job to test with: createJob answered ${reply.status} ${reply.text.slice(0, 160)} (check DISPATCH_JOB_TYPE_ID and DISPATCH_JOB_WORKFLOW_ID; request ${reply.requestId})`,
      );
    }
    const handle = { jobId: id, jobRef };
    this.created.push(handle);
    await awaitVisible(this.client, this.contract, id, this.consistencyMs);
    return handle;
  }

  /** One job per worker for operations that do not complete it. */
  shared(): Promise<JobHandle> {
    // A failed creation (a lost connection) is not kept: the next case tries again.
    this.sharedJob ??= this.create().catch((e: unknown) => {
      this.sharedJob = undefined;
      throw e;
    });
    return this.sharedJob;
  }
}
