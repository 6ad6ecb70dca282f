/**
 * Every jobRef the suite writes is unique for the life of the run: across workers, across a worker
 * that Playwright restarts, and through shrinking (fast-check replays commands, and each replay asks
 * for a new ref). updateJob finds its job by jobRef, so a repeated ref would make it act on another
 * job and blame the wrong operation.
 *
 * - A ref long enough for the run's tag is `<runId>-<worker>-<n>`, padded with `_`. No part of the
 *   tag contains `_`, so two tags never pad into the same string (padding with a digit did: `…-z`
 *   and `…-zx` padded with `x` were one string).
 * - A shorter ref is a base-62 number: an offset drawn from the run id, plus an index the run
 *   claims once across all its processes (`claim`: the run folder's exclusive create, run-dir.ts),
 *   whatever the worker index. It has no `-`, so it never equals a tagged ref. Few refs exist of
 *   one or two characters; when a length is used up, `next` says so and the caller decides (a case
 *   that needs one is left untested, with that reason).
 */
import { codePoints } from '../../generate/index.ts';
import { fnv1a } from '../../shared/hash.ts';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Claims a name once for the whole run (true for the first caller only). */
export type Claim = (name: string) => boolean;

export class JobRefs {
  private counter = 0;
  private readonly shortNext = new Map<number, number>();
  private readonly worker: number;

  /** `worker` tells apart the processes of one run (Playwright's TEST_WORKER_INDEX is unique per worker process, restarts included). */
  /** `claim`: the run's claims on short refs (default: this instance's own, for one process). */
  constructor(
    private readonly runId: string,
    worker = Number(process.env.TEST_WORKER_INDEX ?? 0) || 0,
    private readonly claim: Claim = localClaims(),
  ) {
    this.worker = worker;
  }

  /** A new ref of exactly `length` code points, or undefined when no unique one of that length is left. */
  next(length = 24): string | undefined {
    return this.fill(length, (room) => '_'.repeat(room));
  }

  /**
   * The value made unique, keeping its length in code points and as much of it as the tag leaves
   * (so a boundary value of astral characters keeps most of them); undefined when no unique ref of
   * its length is left.
   */
  stamp(value: string): string | undefined {
    return this.fill(codePoints(value), (room) => [...value].slice(0, room).join(''));
  }

  /** The run's tag after `room` code points made by `head`, or a short ref when the tag does not fit. */
  private fill(length: number, head: (room: number) => string): string | undefined {
    if (!Number.isInteger(length) || length < 1) return undefined;
    const tag = `${this.runId}-${this.worker.toString(36)}-${(this.counter + 1).toString(36)}`;
    if (tag.length > length) return this.short(length);
    this.counter++;
    return head(length - tag.length) + tag;
  }

  private short(length: number): string | undefined {
    const space = 62 ** length;
    let index = this.shortNext.get(length) ?? 0;
    while (index < space && !this.claim(`ref-${length}-${index}`)) index++;
    if (index >= space) return undefined;
    this.shortNext.set(length, index + 1);
    let v = (fnv1a(`${this.runId}:${length}`) + index) % space;
    let s = '';
    for (let i = 0; i < length; i++) {
      s = BASE62[v % 62]! + s;
      v = Math.floor(v / 62);
    }
    return s;
  }
}

/** Claims held in memory: enough where one process makes all of a run's refs. */
export function localClaims(): Claim {
  const taken = new Set<string>();
  return (name) => {
    if (taken.has(name)) return false;
    taken.add(name);
    return true;
  };
}
