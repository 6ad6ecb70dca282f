/**
 * The in-memory store. Writes are applied at once to the write side (so a write may follow a
 * write immediately, as OS1 queues them); reads see a version only `lagMs` after it was written,
 * as OS1's asynchronous writes become visible.
 */

/** A job as getJob returns it (schemas/job.schema.json). */
export interface Job {
  jobId: string;
  jobRef: string;
  jobTypeId: unknown;
  jobWorkflowId: unknown;
  status: unknown;
  subStatus: unknown;
  objectives: unknown;
  scheduledFor: unknown;
  assets: unknown;
}

interface Version<T> {
  visibleAt: number;
  value: T;
}

/** A value's history: the first version, and the versions not yet superseded for readers. */
class Versioned<T> {
  readonly first: Version<T>;
  private versions: Version<T>[];
  constructor(value: T, visibleAt: number) {
    this.first = { value, visibleAt };
    this.versions = [this.first];
  }
  get latest(): T {
    return this.versions[this.versions.length - 1]!.value;
  }
  /** Adds a version; versions a reader can no longer see (an older one is visible after them) are dropped. */
  push(value: T, visibleAt: number, now: number): void {
    let i = this.versions.length - 1;
    while (i > 0 && this.versions[i]!.visibleAt > now) i--;
    if (i > 0) this.versions = this.versions.slice(i);
    this.versions.push({ value, visibleAt });
  }
  /** The newest version visible at `now` (dropping older ones), or undefined before the first is. */
  visible(now: number): T | undefined {
    let i = this.versions.length - 1;
    while (i >= 0 && this.versions[i]!.visibleAt > now) i--;
    if (i < 0) return undefined;
    if (i > 0) this.versions = this.versions.slice(i);
    return this.versions[0]!.value;
  }
}

export interface StoreOptions {
  lagMs: number;
  /** Reads show the first version forever (the stale-read fault). */
  staleReads: boolean;
  /** Updates are dropped (the lost-update fault). */
  loseUpdates: boolean;
  /** The clock the lag is measured on, in ms (default Date.now; a test injects its own). */
  clock?: () => number;
}

export class Store {
  private readonly jobs = new Map<string, Versioned<Job>>();
  /** jobId → the tenant that created the job. */
  private readonly owners = new Map<string, string>();
  /** tenant + jobRef → jobId of the newest job the tenant created with it (write side). */
  private readonly refs = new Map<string, string>();
  private readonly attributes = new Map<string, Versioned<readonly unknown[]>>();

  constructor(private readonly options: StoreOptions) {}

  private visibleAt(): number {
    return this.options.lagMs > 0 ? this.clock() + this.options.lagMs : 0;
  }

  private now(): number {
    return this.options.lagMs > 0 ? this.clock() : 0;
  }

  private get clock(): () => number {
    return this.options.clock ?? Date.now;
  }

  /** Stores a new job of `tenantId` (a job created with the id of an existing one replaces it). */
  createJob(job: Job, tenantId: string): void {
    this.jobs.set(job.jobId, new Versioned(job, this.visibleAt()));
    this.owners.set(job.jobId, tenantId);
    this.refs.set(refKey(tenantId, job.jobRef), job.jobId);
  }

  /** The tenant a job belongs to; undefined when there is no such job. */
  ownerOf(jobId: string): string | undefined {
    return this.owners.get(jobId);
  }

  /** The current job (write side), for writes that follow writes. */
  currentJob(jobId: string): Job | undefined {
    return this.jobs.get(jobId)?.latest;
  }

  /** The job id a jobRef names among a tenant's jobs (write side). */
  jobIdByRef(jobRef: string, tenantId: string): string | undefined {
    return this.refs.get(refKey(tenantId, jobRef));
  }

  /** Applies a change to an existing job; false when there is no such job. */
  updateJob(jobId: string, change: Partial<Job>): boolean {
    const entry = this.jobs.get(jobId);
    if (!entry) return false;
    if (!this.options.loseUpdates) entry.push({ ...entry.latest, ...change }, this.visibleAt(), this.now());
    return true;
  }

  /** The job as a reader sees it now. */
  readJob(jobId: string): Job | undefined {
    const entry = this.jobs.get(jobId);
    if (!entry) return undefined;
    const now = this.now();
    if (this.options.staleReads) return entry.first.visibleAt <= now ? entry.first.value : undefined;
    return entry.visible(now);
  }

  /** Adds attributes to a job type; an attribute with the name of an existing one replaces it. */
  addAttributes(jobTypeId: string, added: readonly unknown[]): void {
    const entry = this.attributes.get(jobTypeId);
    const before = entry?.latest ?? [];
    const nameOf = (a: unknown) => (a !== null && typeof a === 'object' ? (a as { name?: unknown }).name : undefined);
    const names = new Set(added.map(nameOf).filter((n) => typeof n === 'string'));
    const next = [...before.filter((a) => !names.has(nameOf(a) as string)), ...added];
    if (entry) entry.push(next, this.visibleAt(), this.now());
    else this.attributes.set(jobTypeId, new Versioned<readonly unknown[]>(next, this.visibleAt()));
  }

  /** The attributes of a job type as a reader sees them now (empty when none are visible yet). */
  readAttributes(jobTypeId: string): readonly unknown[] {
    return this.attributes.get(jobTypeId)?.visible(this.now()) ?? [];
  }
}

function refKey(tenantId: string, jobRef: string): string {
  return `${tenantId}\u0000${jobRef}`;
}
