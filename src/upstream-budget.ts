const GLOBAL = '*';

/**
 * The EP publishes a limit of 500 requests per 5 minutes per endpoint; on top,
 * one global window caps what this server sends in all. Sliding windows spend
 * budget only when a request really goes upstream; a cache hit never reaches them.
 */
export class UpstreamBudget {
  private readonly spent = new Map<string, number[]>();

  constructor(private readonly perWindow: number, private readonly windowMs: number, private readonly globalPerWindow = Infinity) {}

  private recent(key: string, now: number): number[] {
    const times = (this.spent.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.spent.set(key, times);
    return times;
  }

  take(family: string, now: number): { ok: true } | { ok: false; retryAfterMs: number; scope: 'family' | 'global' } {
    const mine = this.recent(family, now);
    const all = this.recent(GLOBAL, now);
    if (mine.length >= this.perWindow) return { ok: false, retryAfterMs: mine[0]! + this.windowMs - now, scope: 'family' };
    if (all.length >= this.globalPerWindow) return { ok: false, retryAfterMs: all[0]! + this.windowMs - now, scope: 'global' };
    mine.push(now);
    all.push(now);
    return { ok: true };
  }

  used(family: string, now: number): number {
    return this.recent(family, now).length;
  }

  usedInAll(now: number): number {
    return this.recent(GLOBAL, now).length;
  }
}
