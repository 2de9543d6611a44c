import type { Breakers } from './breakers.ts';
import type { Clock } from './clock.ts';
import type { UpstreamFetch, UpstreamRequest } from './environment.ts';
import { UpstreamError } from './errors.ts';
import type { UpstreamBudget } from './upstream-budget.ts';

export interface UpstreamCallDeps {
  breakers: Breakers;
  budget: UpstreamBudget;
  upstream: UpstreamFetch;
  clock: Clock;
  timeoutMs: number;
}

/** One upstream attempt: through the family's breaker, paid from its budget, bounded by a timeout on the system clock. */
export function budgetedUpstreamCall(d: UpstreamCallDeps, request: UpstreamRequest, signal: AbortSignal): Promise<unknown> {
  return d.breakers.call(request.family, async () => {
    // Budget is spent only by calls that really go upstream: not by cache hits, not by fast failures.
    const spend = await d.budget.take(request.family, d.clock.now());
    if (!spend.ok) {
      const what = spend.scope === 'family' ? `for ${request.family} (the EP's limit per endpoint)` : 'of this server across all endpoints';
      throw new UpstreamError(`the upstream budget ${what} is spent for now`, {
        code: 'budget_spent',
        transient: true,
        retryAfterMs: spend.retryAfterMs,
      });
    }
    const timeout = new AbortController();
    const timer = d.clock.setTimeout(() => timeout.abort(), d.timeoutMs);
    try {
      return await d.upstream(request, AbortSignal.any([signal, timeout.signal]));
    } catch (e) {
      if (timeout.signal.aborted && !signal.aborted) {
        throw new UpstreamError(`the EP API did not answer within ${d.timeoutMs} ms`, { code: 'timeout', transient: true });
      }
      throw e;
    } finally {
      d.clock.clearTimeout(timer);
    }
  });
}
