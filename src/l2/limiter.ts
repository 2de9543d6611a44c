import type { Clock } from '../clock.ts';
import { abortError, UpstreamError } from '../errors.ts';
import type { UpstreamBudget } from '../upstream-budget.ts';
import { waitTurn } from '../wait-turn.ts';

export interface LimiterOptions {
  maxConcurrent: number;
  minIntervalMs: number;
  budgetShare: number;
  budgetPerWindow: number;
  globalBudgetPerWindow: number;
  budgetWindowMs: number;
}

/**
 * Paces background refreshes: a bounded number at once, spaced by a minimum
 * interval (never a burst), and only while the upstream budget has headroom
 * left for callers. Refreshes spend that same budget when they call.
 */
export class RefreshLimiter {
  private active = 0;
  private lastStart = -Infinity;
  private readonly waiting: Array<() => void> = [];
  started = 0;

  constructor(private readonly budget: UpstreamBudget, private readonly clock: Clock, private readonly o: LimiterOptions) {}

  /** Whether refreshes may still spend from this family's budget (and the global one). */
  headroom(family: string, now: number): boolean {
    return (
      this.budget.used(family, now) < Math.floor(this.o.budgetShare * this.o.budgetPerWindow) &&
      this.budget.usedInAll(now) < Math.floor(this.o.budgetShare * this.o.globalBudgetPerWindow)
    );
  }

  /** About the time one request's worth of budget takes to come back. */
  private get budgetStepMs(): number {
    return Math.ceil(this.o.budgetWindowMs / this.o.budgetPerWindow);
  }

  /** When a refresh of this family could start: `now` if it could start now. */
  readyAt(family: string, now: number): number {
    let at = Math.max(now, this.lastStart + this.o.minIntervalMs);
    if (this.active >= this.o.maxConcurrent) at = Math.max(at, now + Math.max(1, this.o.minIntervalMs));
    if (!this.headroom(family, now)) at = Math.max(at, now + this.budgetStepMs);
    return at;
  }

  /** Waits for a refresh slot and the pacing interval; fails at once when the budget has no headroom. */
  async acquire(family: string, signal: AbortSignal): Promise<() => void> {
    for (;;) {
      if (signal.aborted) throw abortError();
      const now = this.clock.now();
      if (!this.headroom(family, now)) {
        throw new UpstreamError(`background refresh holds back: the upstream budget for ${family} is kept for callers`, {
          code: 'budget_spent',
          transient: true,
          retryAfterMs: this.budgetStepMs,
        });
      }
      if (this.active < this.o.maxConcurrent && now >= this.lastStart + this.o.minIntervalMs) {
        this.active++;
        this.started++;
        this.lastStart = now;
        let released = false;
        return () => {
          if (released) return;
          released = true;
          this.active--;
          this.waiting.shift()?.();
        };
      }
      if (this.active >= this.o.maxConcurrent) await waitTurn(this.waiting, signal);
      else await this.sleep(this.lastStart + this.o.minIntervalMs - now, signal);
    }
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.clock.clearTimeout(id);
        reject(abortError());
      };
      const id = this.clock.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  get running(): number {
    return this.active;
  }
}
