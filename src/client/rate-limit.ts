/** A pacing limiter: at most `perSecond` request starts a second, spread evenly. */
export class RateLimiter {
  private next = 0;
  /** `clock`: where the time comes from and how to wait (the real ones; a test hands in its own). */
  constructor(
    private readonly perSecond: number,
    private readonly clock: { now(): number; sleep(ms: number): Promise<void> } = { now: () => performance.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
  ) {}

  /** Resolves when the caller may start its request. */
  async take(): Promise<void> {
    if (this.perSecond >= 1_000_000) return;
    const now = this.clock.now();
    const slot = Math.max(now, this.next);
    this.next = slot + 1000 / this.perSecond;
    const wait = slot - now;
    if (wait > 0.5) await this.clock.sleep(wait);
  }
}
