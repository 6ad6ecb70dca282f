/**
 * Jobs the state probes (this folder) create, a leaf the plan reads without importing
 * the probes: the concurrent creates make DISPATCH_CONCURRENCY jobs each time they run (once under
 * a job cap, CONFORMANCE_CONCURRENCY_RUNS times without one); the concurrent writes, the frame check
 * on a completed job and the body sizes run on jobs those creates made.
 */
export function stateJobs(config: { concurrency: number; concurrencyRuns: number }, capped: boolean): number {
  return config.concurrency * createRuns(config, capped);
}

/** How often the concurrent creates run: once under a job cap, every run without one. */
export function createRuns(config: { concurrencyRuns: number }, capped: boolean): number {
  return capped ? 1 : config.concurrencyRuns;
}
