/**
 * A server that loses connections on purpose, as staging networks do (load balancers recycling
 * connections, pods restarting, proxies timing out): the connection carrying every Nth request is
 * closed without an answer, either before the request is carried out or after (the write happened,
 * the answer is lost). Requests are counted across all connections, so with keep-alive one request
 * in N is hit whatever the client's connection reuse.
 */
export type DropWhen = 'before' | 'after';

export const DROP_WHEN: readonly DropWhen[] = ['before', 'after'];

export interface DropOptions {
  /** Every Nth request loses its connection (0: none). */
  every: number;
  /** `before` the request is carried out (default), or `after` it. */
  when?: DropWhen;
}

export class ConnectionDropper {
  private seen = 0;
  /** Connections dropped so far. */
  dropped = 0;

  constructor(
    readonly every: number,
    readonly when: DropWhen = 'before',
  ) {
    if (!Number.isInteger(every) || every < 0) throw new RangeError(`dropEvery must be a whole number >= 0 (got ${every})`);
    if (!DROP_WHEN.includes(when)) throw new RangeError(`dropWhen must be one of ${DROP_WHEN.join(', ')} (got ${String(when)})`);
  }

  /** Counts a request; true when its connection is to be dropped. */
  next(): boolean {
    if (this.every === 0) return false;
    this.seen++;
    if (this.seen % this.every !== 0) return false;
    this.dropped++;
    return true;
  }
}
