import { fromPromise } from 'xstate';
import type { UpstreamInput } from '../machines/worker.ts';
import type { Breakers } from '../src/breakers.ts';
import type { Clock } from '../src/clock.ts';
import type { UpstreamFetch } from '../src/environment.ts';
import { UpstreamError } from '../src/errors.ts';
import { budgetedUpstreamCall } from '../src/upstream-call.ts';
import type { UpstreamBudget } from '../src/upstream-budget.ts';
import type { HandlerRuntime } from './handlers.ts';

/** One upstream attempt: through the family's breaker, bounded by a timeout on the system clock. */
export function callUpstream(runtime: HandlerRuntime, breakers: Breakers, budget: UpstreamBudget, upstream: UpstreamFetch, clock: Clock, timeoutMs: number) {
  return fromPromise<unknown, UpstreamInput>(async ({ input, signal }) => {
    const build = runtime.module(input.handler).upstream;
    if (!build) throw new UpstreamError(`handler '${input.handler}' fetches nothing upstream`, { code: 'internal', transient: false });
    const request = build(input.request.params);
    return budgetedUpstreamCall({ breakers, budget, upstream, clock, timeoutMs }, request, signal);
  });
}
