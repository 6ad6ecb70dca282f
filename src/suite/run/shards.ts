/**
 * Shards that judge what one run judges. Playwright's --shard=I/N splits the tests by count and
 * the job cap (DISPATCH_MAX_JOBS, for all shards together) was split evenly, while the tests that
 * make jobs (boundaries, state, read-after-write, observations) sit together in a few spec files:
 * the shard that drew them ran out of jobs and left their rows untested. Here the suite shards
 * itself (the reporter's preprocess, before any worker starts): the tests are split by count, in
 * Playwright's order, as Playwright would; and each shard's part of the job cap follows what its
 * tests need, measured by rehearsing every shard's part of the plan on the embedded reference
 * server in this process (the same plan in every shard, from the same settings and seed, so the
 * shards agree on every part without talking to each other). The parts add up to the cap.
 *
 * Each shard plans as the whole run does (the same random bodies, the same violation phase,
 * scaled to its part), and its workers read their part from CONFORMANCE_SHARD_JOBS.
 */
import type { Config } from '../../config/config.ts';
import type { Constraint, Contract } from '../../contract/index.ts';

export interface Shard {
  current: number;
  total: number;
}

/** What the workers of a shard are told (CONFORMANCE_SHARD_JOBS): the shard's part of the job cap. */
export const SHARD_JOBS_ENV = 'CONFORMANCE_SHARD_JOBS';
/** And what the shards need together (CONFORMANCE_SHARDS_NEED), which their untested rows name when it is over the cap. */
export const SHARDS_NEED_ENV = 'CONFORMANCE_SHARDS_NEED';

/** Splits `items` (in run order) into `total` runs of consecutive items whose counts differ by one at most, as Playwright does. */
export function splitByCount<T>(items: readonly T[], total: number): T[][] {
  const size = Math.floor(items.length / total);
  const extra = items.length - size * total;
  const parts: T[][] = [];
  let from = 0;
  for (let i = 0; i < total; i++) {
    const n = size + (i < extra ? 1 : 0);
    parts.push(items.slice(from, from + n));
    from += n;
  }
  return parts;
}

/**
 * The cap shared out by need: each part proportional to what its shard needs, rounded down, the
 * jobs left over by the rounding to the shards in order. Without a cap, each shard has none.
 */
export function shareByNeed(cap: number, needs: readonly number[]): number[] {
  if (cap === Number.POSITIVE_INFINITY) return needs.map(() => Number.POSITIVE_INFINITY);
  const total = needs.reduce((a, b) => a + b, 0);
  if (total === 0) return needs.map((_, i) => Math.floor(cap / needs.length) + (i < cap % needs.length ? 1 : 0));
  const parts = needs.map((n) => Math.floor((cap * n) / total));
  let left = cap - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % parts.length, left--) parts[i]!++;
  return parts;
}

export interface ShardBudget {
  /** Each shard's test titles, in run order. */
  titles: string[][];
  /** Jobs each shard's part made in the rehearsal. */
  needs: number[];
  /** Requests each shard's part sent in the rehearsal. */
  requests: number[];
  /** Each shard's part of the cap. */
  caps: number[];
  ms: number;
}

/**
 * Splits `titles` (the run's tests, in Playwright's order: what --grep left) into `total` shards
 * and shares the job cap by what each shard's part made when rehearsed on the embedded server.
 */
export async function shardBudget(config: Config, contract: Contract, catalogue: Constraint[], titles: readonly string[], total: number): Promise<ShardBudget> {
  const started = Date.now();
  // Loaded only here: a worker that reads its part never loads the server.
  const { rehearse } = await import('../../targets/rehearsal.ts');
  const parts = splitByCount(titles, total);
  const needs: number[] = [];
  const requests: number[] = [];
  for (const part of parts) {
    const mine = new Set(part);
    const r = await rehearse(config, contract, catalogue, (step) => mine.has(step.title));
    needs.push(r.jobs);
    requests.push(r.requests);
  }
  const cap = config.maxJobs === 0 ? Number.POSITIVE_INFINITY : config.maxJobs;
  return { titles: parts, needs, requests, caps: shareByNeed(cap, needs), ms: Date.now() - started };
}
