import { fromPromise } from 'xstate';
import type { UpstreamInput } from '../machines/worker.ts';
import type { Breakers } from '../src/breakers.ts';
import type { Clock } from '../src/clock.ts';
import type { UpstreamFetch } from '../src/environment.ts';
import { UpstreamError } from '../src/errors.ts';
import type { UpstreamBudget } from '../src/upstream-budget.ts';
import type { HandlerRuntime } from './handlers.ts';

/** One upstream attempt: through the family's breaker, bounded by a timeout on the system clock. */
export function callUpstream(runtime: HandlerRuntime, breakers: Breakers, budget: UpstreamBudget, upstream: UpstreamFetch, clock: Clock, timeoutMs: number) {
  return fromPromise<unknown, UpstreamInput>(async ({ input, signal }) => {
    const request = runtime.module(input.handler).upstream(input.request.params);
    return breakers.call(request.family, async () => {
      // Budget is spent only by calls that really go upstream: not by cache hits, not by fast failures.
      const spend = await budget.take(request.family, clock.now());
      if (!spend.ok) {
        const what = spend.scope === 'family' ? `for ${request.family} (the EP's limit per endpoint)` : 'of this server across all endpoints';
        throw new UpstreamError(`the upstream budget ${what} is spent for now`, {
          code: 'budget_spent',
          transient: true,
          retryAfterMs: spend.retryAfterMs,
        });
      }
      const timeout = new AbortController();
      const timer = clock.setTimeout(() => timeout.abort(), timeoutMs);
      try {
        return await upstream(request, AbortSignal.any([signal, timeout.signal]));
      } catch (e) {
        if (timeout.signal.aborted && !signal.aborted) {
          throw new UpstreamError(`the EP API did not answer within ${timeoutMs} ms`, { code: 'timeout', transient: true });
        }
        throw e;
      } finally {
        clock.clearTimeout(timer);
      }
    });
  });
}
