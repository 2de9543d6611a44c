import type { Recipe } from '../../machines/cache-entry-distributed.ts';
import { abortError } from '../errors.ts';
import type { HandlerModule, HandlerRegistry } from '../tools.ts';
import { budgetedUpstreamCall, type UpstreamCallDeps } from '../upstream-call.ts';

/**
 * The upstream call of a background refresh: the handler turns the recipe into
 * the request, which goes through the family's breaker and budget like any
 * call. One attempt; the entry's lifecycle owns the retries and their backoff.
 */
export function refreshFetch(handlers: HandlerRegistry, call: UpstreamCallDeps) {
  const modules = new Map<string, Promise<HandlerModule>>();
  const load = (name: string): Promise<HandlerModule> => {
    let m = modules.get(name);
    if (!m) {
      const loader = handlers[name];
      if (!loader) return Promise.reject(new Error(`unknown handler '${name}'`));
      m = loader().then(async (mod) => {
        await mod.init?.();
        return mod;
      });
      // A failed load is tried again next time.
      m.catch(() => modules.delete(name));
      modules.set(name, m);
    }
    return m;
  };
  return async (recipe: Recipe, signal: AbortSignal): Promise<unknown> => {
    const mod = await load(recipe.handler);
    // An abandoned refresh (the entry was written or invalidated meanwhile) spends no budget.
    if (signal.aborted) throw abortError();
    if (!mod.upstream) throw new Error(`handler '${recipe.handler}' fetches nothing upstream`);
    return budgetedUpstreamCall(call, mod.upstream(recipe.params), signal);
  };
}
