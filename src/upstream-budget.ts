import { LocalShared, type SharedState } from './store/shared.ts';

const GLOBAL = '*';
const key = (family: string) => `budget:${family}`;

/**
 * The EP publishes a limit of 500 requests per 5 minutes per endpoint; on top,
 * one global window caps what this server sends in all. Sliding windows spend
 * budget only when a request really goes upstream; a cache hit never reaches them.
 * The windows live in the shared state: instances on one Redis share one budget.
 */
export class UpstreamBudget {
  constructor(
    private readonly perWindow: number,
    private readonly windowMs: number,
    private readonly globalPerWindow = Infinity,
    private readonly shared: SharedState = new LocalShared(),
  ) {}

  async take(family: string, now: number): Promise<{ ok: true } | { ok: false; retryAfterMs: number; scope: 'family' | 'global' }> {
    const spent = await this.shared.spend([key(family), key(GLOBAL)], [this.perWindow, this.globalPerWindow], this.windowMs, now);
    if (spent.ok) return { ok: true };
    return { ok: false, retryAfterMs: spent.retryAfterMs, scope: spent.full === 0 ? 'family' : 'global' };
  }

  /** Calls in the family's window (with many instances: as this one last saw it). */
  used(family: string, now: number): number {
    return this.shared.seen(key(family), this.windowMs, now);
  }

  usedInAll(now: number): number {
    return this.shared.seen(key(GLOBAL), this.windowMs, now);
  }
}
