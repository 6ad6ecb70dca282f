/**
 * Jobs are a budget. On a shared staging deployment every job the suite creates is real: it may
 * start workflows, shows up in dashboards and stays (the API has no delete). DISPATCH_MAX_JOBS caps
 * the jobs of a run, all its workers together: each worker reserves a job before it creates one,
 * in a file the workers of the run share, and a case that would go past the cap is left untested
 * with that reason. Shards of one run (`--shard=I/N`) run on other machines: each takes its share
 * of the cap, so all of them together never go past it.
 *
 * The ledger, in the run's folder (run-dir.ts), holds one line per job, appended (O_APPEND writes
 * of one short line are atomic on a local file system); a reservation holds when its own line is
 * among the first `cap`. It fails closed: a ledger that cannot be read or written lifts no cap. The
 * first reservation that meets it throws JobLedgerFailed (its test's one error line), and every
 * later one is refused with that reason: no job is created from then on.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunDir } from '../run/run-dir.ts';
import type { Reason } from '../../results/model.ts';
import { UserError } from '../../shared/user-error.ts';

/** The ledger could not be read or written: the run creates no more jobs (a user can fix it: a UserError). */
export class JobLedgerFailed extends UserError {
  override name = 'JobLedgerFailed';
}

/** A job reserved in the ledger: its line, to give it back, and which share it came from. */
export interface Reservation {
  line: string;
  kind: 'take' | 'violation';
}

export class JobBudget {
  private counter = 0;
  private readonly file: string;
  /** Tells this budget's lines apart from those of every other process and instance. */
  private readonly id = `${process.pid}.${Math.random().toString(36).slice(2, 8)}`;

  /** `cap`: jobs this run (or shard) may create (Infinity: no cap); `dir`: the run's folder, the same for every worker of one run; `shard`: which part of it. */
  constructor(
    readonly cap: number,
    dir: RunDir,
    shard = '1of1',
    /** Jobs violating requests the target accepts may make: the violation phase's share (see plan.ts), asked when first needed. */
    private readonly share: () => number = () => cap,
    /** What the cap is, for the reasons of cases it leaves untested (a shard's part, and what the shards need). */
    private readonly capText = `this run may create ${cap} jobs (DISPATCH_MAX_JOBS; --thorough or DISPATCH_MAX_JOBS=0 lifts the cap)`,
  ) {
    this.dir = dir;
    this.file = dir.pathOf(`jobs-${shard}`);
  }

  private readonly dir: RunDir;

  /**
   * Reserves one job; false when the cap is reached (nothing may be created then). A reservation
   * that made no job (the target refused the create) is given back with release().
   */
  take(): Reservation | undefined {
    return this.reserve('take', this.cap);
  }

  /**
   * Reserves a job for a violating request the target may accept (a create that should be
   * refused, a completion on the open job): only from the violation phase's share, so a target
   * that accepts what it should refuse cannot spend the jobs the rest of the run needs.
   */
  takeViolation(): Reservation | undefined {
    return this.reserve('violation', this.violationShare);
  }

  /**
   * One more job from the share `r` came from, for a request sent again in another form (each
   * form a target takes makes a job of its own); undefined when that share is spent.
   */
  another(r: Reservation): Reservation | undefined {
    return r.kind === 'violation' ? this.takeViolation() : this.take();
  }

  /** What a case told no job from the share `r` came from is told. */
  reasonFor(r: Reservation): Reason {
    return r.kind === 'violation' ? this.violationReason() : this.reason();
  }

  /** Gives back a reservation that made no job. */
  release(r: Reservation): void {
    this.append(`release ${r.line}`);
  }

  /** The violation phase's share of the cap. */
  get violationShare(): number {
    return this.share();
  }

  /** Whether a reservation could hold now. The run itself never asks (its plan is made from the cap, a case calls take()); the tests do. */
  available(): boolean {
    return this.active().all < this.cap;
  }

  /** Jobs created or reserved so far by the whole run (or shard). */
  used(): number {
    return Math.min(this.active().all, this.cap);
  }

  /** What a case that cannot have its job is told. */
  reason(): Reason {
    if (this.failed) return this.failed;
    return { code: 'budget', text: `the job budget is spent: ${this.capText}` };
  }

  /** What a violating case that cannot have its job is told. */
  violationReason(): Reason {
    if (this.failed) return this.failed;
    return {
      code: 'budget',
      // Held, not known to be taken: a violating request reserves its job before it is sent, and gives it back when refused.
      text: `the violation phase's share of the job budget (${this.violationShare} jobs) is held by violating requests sent or accepted, each of which may make a job; ${this.capText}, and the rest of the run keeps its jobs`,
    };
  }

  /** `kind` counts against the cap, and against `limit` among reservations of its kind; it holds when both have room. */
  private reserve(kind: 'take' | 'violation', limit: number): Reservation | undefined {
    if (this.failed) return undefined;
    try {
      const line = this.append(kind);
      if (this.cap === Number.POSITIVE_INFINITY && limit === Number.POSITIVE_INFINITY) return { line, kind };
      const before = this.active(line);
      if (before.all < this.cap && (kind !== 'violation' || before.violation < limit)) return { line, kind };
      this.release({ line, kind });
      return undefined;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      const text = `the job ledger ${this.file} cannot be read or written (${code}): no job is created, so the cap (DISPATCH_MAX_JOBS ${this.cap}) holds; check the temp folder (${path.dirname(this.file)}) is writable`;
      this.failed = { code: 'budget', text };
      throw new JobLedgerFailed(text);
    }
  }

  /** Set once the ledger could not be read or written: why no job is created any more. */
  private failed?: Reason;

  /** Reservations not given back: all of them, and those of the violation share (before `until`'s line, when given). */
  private active(until?: string): { all: number; violation: number } {
    const lines = this.lines();
    const released = new Set(lines.filter((l) => l.includes(' release ')).map((l) => l.slice(l.indexOf(' release ') + 9)));
    const end = until === undefined ? lines.length : lines.indexOf(until);
    let all = 0;
    let violation = 0;
    for (const l of lines.slice(0, end < 0 ? lines.length : end)) {
      if (l.includes(' release ') || released.has(l)) continue;
      all++;
      if (l.endsWith(' violation')) violation++;
    }
    return { all, violation };
  }

  private append(kind: string): string {
    const line = `${this.id}-${++this.counter} ${kind}`;
    this.dir.file('.');
    fs.appendFileSync(this.file, line + '\n');
    return line;
  }

  /** The ledger's lines: none before the first reservation; a ledger that is there but unreadable throws (fail closed). */
  private lines(): string[] {
    try {
      return fs.readFileSync(this.file, 'utf8').split('\n').filter(Boolean);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }
}

/**
 * One shard's part of a whole number of jobs: shards 1..N split it, the first ones taking the
 * remainder, so that the parts add up to the whole. Infinity stays Infinity. (The request budget
 * and the rate limit are split by createClient, src/client/from-config.ts, between the processes
 * of the run and its shards.)
 */
export function shardShare(total: number, shard?: { current: number; total: number } | null): number {
  if (!shard || shard.total <= 1 || total === Number.POSITIVE_INFINITY) return total;
  return Math.floor(total / shard.total) + (shard.current <= total % shard.total ? 1 : 0);
}
