/**
 * Response times per operation, computed from the exchanges the run sent: p50, p95 and max of the
 * time from a request's start to its answer's last byte (nearest rank). Requests that got no answer
 * (a transport fault) are left out: they have no response time. A merge computes them again from
 * the shards' exchanges.har (src/results/samples.ts).
 */
import type { OperationLatency } from './model.ts';
import type { ExchangeSample } from './samples.ts';

/** One row per operation that answered, in operation-id order. */
export function latencyOf(samples: Iterable<Pick<ExchangeSample, 'operationId' | 'ms' | 'status'>>): OperationLatency[] {
  const by = new Map<string, number[]>();
  for (const s of samples) {
    if (s.status === 0 || s.operationId === undefined || !Number.isFinite(s.ms)) continue;
    let list = by.get(s.operationId);
    if (!list) by.set(s.operationId, (list = []));
    list.push(s.ms);
  }
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([operationId, ms]) => {
      const sorted = ms.sort((a, b) => a - b);
      return { operationId, requests: sorted.length, p50Ms: tenth(rank(sorted, 0.5)), p95Ms: tenth(rank(sorted, 0.95)), maxMs: tenth(sorted[sorted.length - 1]!) };
    });
}

/** Nearest rank: the smallest value at or above fraction p of the sorted values. */
function rank(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

function tenth(ms: number): number {
  return Math.round(ms * 10) / 10;
}
