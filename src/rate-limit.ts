/** Per-principal token buckets: `capacity` calls at once, refilled continuously. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly unlimited = new Set<string>();

  constructor(private readonly capacity: number, private readonly refillPerSecond: number) {}

  /** The owner of a stdio server is its only user: per-session limits are for shared (HTTP) servers. */
  exempt(principal: string): void {
    this.unlimited.add(principal);
  }

  take(principal: string, now: number): { admitted: boolean; retryAfterMs?: number } {
    if (this.unlimited.has(principal)) return { admitted: true };
    const b = this.buckets.get(principal) ?? { tokens: this.capacity, at: now };
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refillPerSecond);
    b.at = now;
    this.buckets.set(principal, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { admitted: true };
    }
    return { admitted: false, retryAfterMs: Math.ceil(((1 - b.tokens) / this.refillPerSecond) * 1000) };
  }
}
