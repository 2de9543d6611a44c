/**
 * The EP publishes a limit of 500 requests per 5 minutes per endpoint. This
 * sliding window spends budget only when a request really goes upstream; a
 * cache hit never reaches it.
 */
export class UpstreamBudget {
  private readonly spent = new Map<string, number[]>();

  constructor(private readonly perWindow: number, private readonly windowMs: number) {}

  take(family: string, now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const times = (this.spent.get(family) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length >= this.perWindow) {
      this.spent.set(family, times);
      return { ok: false, retryAfterMs: times[0]! + this.windowMs - now };
    }
    times.push(now);
    this.spent.set(family, times);
    return { ok: true };
  }

  used(family: string, now: number): number {
    return (this.spent.get(family) ?? []).filter((t) => t > now - this.windowMs).length;
  }
}
