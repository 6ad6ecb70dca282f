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
 * among the first `cap`.
 */
import fs from 'node:fs';
import type { RunDir } from './run-dir.ts';
import type { Reason } from '../results/model.ts';

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
  ) {
    this.dir = dir;
    this.file = dir.pathOf(`jobs-${shard}`);
  }

  private readonly dir: RunDir;

  /** Reserves one job; false when the cap is reached (nothing may be created then). */
  take(): boolean {
    const line = this.append('take');
    if (this.cap === Number.POSITIVE_INFINITY) return true;
    const lines = this.lines();
    const index = lines.indexOf(line);
    return index >= 0 && index < this.cap;
  }

  /** Whether a reservation could hold now. The run itself never asks (its plan is made from the cap, a case calls take()); the tests do. */
  available(): boolean {
    return this.lines().length < this.cap;
  }

  /** Counts a job the target created unasked (an invalid create it accepted): it uses the budget too. */
  count(): void {
    this.append('unasked');
  }

  /** Jobs created or reserved so far by the whole run (or shard). */
  used(): number {
    return Math.min(this.lines().length, this.cap);
  }

  /** What a case that cannot have its job is told. */
  reason(): Reason {
    return { code: 'budget', text: `the job budget is spent: this run may create ${this.cap} jobs (DISPATCH_MAX_JOBS; --thorough or DISPATCH_MAX_JOBS=0 lifts the cap)` };
  }

  private append(kind: string): string {
    const line = `${this.id}-${++this.counter}-${kind}`;
    this.dir.file('.');
    fs.appendFileSync(this.file, line + '\n');
    return line;
  }

  private lines(): string[] {
    try {
      return fs.readFileSync(this.file, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
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
