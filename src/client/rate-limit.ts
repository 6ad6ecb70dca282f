/** A pacing limiter: at most `perSecond` request starts a second, spread evenly. */
export class RateLimiter {
  private next = 0;
  constructor(private readonly perSecond: number) {}

  /** Resolves when the caller may start its request. */
  async take(): Promise<void> {
    if (this.perSecond >= 1_000_000) return;
    const now = performance.now();
    const slot = Math.max(now, this.next);
    this.next = slot + 1000 / this.perSecond;
    const wait = slot - now;
    if (wait > 0.5) await new Promise((r) => setTimeout(r, wait));
  }
}
