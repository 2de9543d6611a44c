import { randomUUID } from 'node:crypto';
import { l2EntryActors } from '../../actors/store.ts';
import { cacheEntryDistributedMachine } from '../../machines/cache-entry-distributed.ts';
import type { Breakers } from '../breakers.ts';
import type { Config } from '../config.ts';
import type { Environment } from '../environment.ts';
import { Registry, type RegistryOptions } from '../registry.ts';
import type { HandlerRegistry } from '../tools.ts';
import type { UpstreamBudget } from '../upstream-budget.ts';
import { L2Cache, type L2EntryRef } from './cache.ts';
import { refreshFetch } from './fetch.ts';
import { RefreshLimiter } from './limiter.ts';
import { InvalidationMarkers } from './markers.ts';
import { RefreshSchedule } from './schedule.ts';

export { L2Cache, type L2EntryRef } from './cache.ts';

export interface L2Deps {
  env: Environment;
  config: Config;
  breakers: Breakers;
  budget: UpstreamBudget;
  handlers: HandlerRegistry;
  registry: RegistryOptions;
}

/** The L2 tier over the environment's store: entry lifecycles, refresh schedule and limiter, invalidation markers. */
export function createL2(d: L2Deps): L2Cache {
  const { env, config } = d;
  const { l2, cache, upstream } = config;
  const owner = randomUUID();
  const longestTtl = Math.max(...Object.values(cache.ttlMs));
  const markers = new InvalidationMarkers(env.store, env.clock, env.logger, {
    pollMs: l2.invalidation.pollMs,
    maxMarkers: l2.invalidation.maxMarkers,
    keepMs: longestTtl + cache.staleWindowMs,
  });
  const limiter = new RefreshLimiter(d.budget, env.clock, {
    maxConcurrent: l2.refresh.maxConcurrent,
    minIntervalMs: l2.refresh.minIntervalMs,
    budgetShare: l2.refresh.budgetShare,
    budgetPerWindow: upstream.budgetPerWindow,
    globalBudgetPerWindow: upstream.globalBudgetPerWindow,
    budgetWindowMs: upstream.budgetWindowMs,
  });
  const schedule = new RefreshSchedule(env.store, env.clock, limiter, env.logger, {
    ...l2.schedule,
    minIntervalMs: l2.refresh.minIntervalMs,
    jitterMs: l2.refresh.jitterMs,
    owner,
  });
  const fetch = refreshFetch(d.handlers, { breakers: d.breakers, budget: d.budget, upstream: env.upstream, clock: env.clock, timeoutMs: upstream.timeoutMs });
  const logic = cacheEntryDistributedMachine.provide({
    actors: l2EntryActors({ store: env.store, clock: env.clock, owner, leaseMs: l2.refresh.leaseMs, staleWindowMs: cache.staleWindowMs, markers, limiter, fetch }),
  });
  const entries = new Registry<L2EntryRef>('L2 entry', logic, d.registry);
  return new L2Cache(entries, env.store, env.clock, markers, schedule, limiter, {
    owner,
    maxActive: l2.maxActive,
    idleMs: l2.idleMs,
    entry: {
      staleWindowMs: cache.staleWindowMs,
      refreshLeadFraction: l2.refresh.leadFraction,
      maxAttempts: l2.refresh.maxAttempts,
      baseDelayMs: l2.refresh.baseDelayMs,
      maxDelayMs: l2.refresh.maxDelayMs,
    },
  });
}
