import { assign, setup } from 'xstate';
import { timeOf, untilDeadline, type Timed } from './deadline.ts';
import { notProvided } from './not-provided.ts';

/** One L1 cache entry. Concurrent misses for a key all wait on its one `populating`. */
export interface CacheEntryInput {
  key: string;
  ttlMs: number;
  /** How long past its TTL stale data may still be served. */
  staleWindowMs: number;
  now?: number;
}

export interface CacheEntryContext extends Omit<CacheEntryInput, 'now'> {
  updatedAt: number;
  value: unknown;
  bytes: number;
  fetchedAt: number | null;
  staleAt: number | null;
  expiresAt: number | null;
  hits: number;
  misses: number;
  staleServes: number;
  /** Reads that joined an in-flight population instead of fetching again. */
  coalesced: number;
  lastServe: 'fresh' | 'stale' | null;
  origin: 'store' | 'upstream' | null;
  error: string | null;
  /** A stable code for the last failure (e.g. not_found, circuit_open), for callers to branch on. */
  errorCode: string | null;
  droppedBecause: 'evicted' | 'expired' | 'invalidated' | null;
}

export type CacheEntryEvent =
  | ({ type: 'READ' } & Timed)
  | ({ type: 'REFRESH' } & Timed)
  | ({ type: 'EVICT' } & Timed)
  | ({ type: 'INVALIDATE' } & Timed)
  | ({ type: 'RESET' } & Timed)
  | ({ type: 'FILL'; value: unknown; bytes: number; fetchedAt?: number } & Timed)
  | ({ type: 'REARM' } & Timed);

export interface PopulateInput { key: string }
/** `fetchedAt` lets data found in L2 keep its original age. */
export interface PopulateOutput {
  value: unknown;
  bytes: number;
  fetchedAt?: number;
  /** Where the loader found it: the persistent store, or the upstream. */
  origin?: 'store' | 'upstream';
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const cacheEntryMachine = setup({
  types: {} as { context: CacheEntryContext; events: CacheEntryEvent; input: CacheEntryInput },
  actors: { populate: notProvided<PopulateOutput, PopulateInput>('populate') },
  guards: {
    pastTtl: ({ context }) => context.staleAt !== null && context.updatedAt >= context.staleAt,
  },
  actions: {
    touch: assign(({ context, event }) => ({ updatedAt: timeOf(context, event) })),
    countMiss: assign(({ context, event }) => ({ updatedAt: timeOf(context, event), misses: context.misses + 1, error: null, errorCode: null })),
    countCoalesced: assign(({ context, event }) => ({ updatedAt: timeOf(context, event), coalesced: context.coalesced + 1 })),
    countHit: assign(({ context, event }) => ({ updatedAt: timeOf(context, event), hits: context.hits + 1, lastServe: 'fresh' as const })),
    countStaleServe: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      staleServes: context.staleServes + 1,
      lastServe: 'stale' as const,
    })),
    store: assign(({ context, event }) => {
      // From a population's output, or from a FILL by whoever computed the value.
      const out = event.type === 'FILL' ? event : (event as unknown as { output: PopulateOutput }).output;
      const fetchedAt = Math.min(out.fetchedAt ?? context.updatedAt, context.updatedAt);
      return {
        value: out.value,
        bytes: out.bytes,
        fetchedAt,
        staleAt: fetchedAt + context.ttlMs,
        expiresAt: fetchedAt + context.ttlMs + context.staleWindowMs,
        origin: event.type === 'FILL' ? null : (out as PopulateOutput).origin ?? null,
        error: null,
        errorCode: null,
      };
    }),
    noteError: assign(({ event }) => {
      const e = (event as { error?: unknown }).error;
      const code = (e as { code?: unknown } | null)?.code;
      return { error: errorText(e), errorCode: typeof code === 'string' ? code : null };
    }),
    becomeStale: assign(({ context }) => ({ updatedAt: Math.max(context.updatedAt, context.staleAt ?? 0) })),
    expire: assign(({ context }) => ({
      updatedAt: Math.max(context.updatedAt, context.expiresAt ?? 0),
      droppedBecause: 'expired' as const,
    })),
    markEvicted: assign(({ context, event }) => ({ updatedAt: timeOf(context, event), droppedBecause: 'evicted' as const })),
    markInvalidated: assign(({ context, event }) => ({ updatedAt: timeOf(context, event), droppedBecause: 'invalidated' as const })),
    dropValue: assign({ value: null, bytes: 0, fetchedAt: null, staleAt: null, expiresAt: null, lastServe: null }),
    clearError: assign(({ context, event }) => ({ updatedAt: timeOf(context, event), error: null, errorCode: null })),
  },
  delays: {
    ttl: untilDeadline<CacheEntryContext>((c) => c.staleAt),
    staleWindow: untilDeadline<CacheEntryContext>((c) => c.expiresAt),
  },
}).createMachine({
  id: 'cache-entry',
  initial: 'empty',
  context: ({ input }) => ({
    key: input.key,
    ttlMs: input.ttlMs,
    staleWindowMs: input.staleWindowMs,
    updatedAt: input.now ?? 0,
    value: null,
    bytes: 0,
    fetchedAt: null,
    staleAt: null,
    expiresAt: null,
    hits: 0,
    misses: 0,
    staleServes: 0,
    coalesced: 0,
    lastServe: null,
    origin: null,
    error: null,
    errorCode: null,
    droppedBecause: null,
  }),
  states: {
    empty: {
      on: {
        READ: { target: 'populating', actions: 'countMiss' },
        // A value computed elsewhere (a finished tool result) is cached directly.
        FILL: { target: 'fresh', actions: ['touch', 'store'] },
      },
    },
    populating: {
      invoke: {
        id: 'populate',
        src: 'populate',
        input: ({ context }) => ({ key: context.key }),
        onDone: { target: 'fresh', actions: 'store' },
        onError: { target: 'error', actions: 'noteError' },
      },
      on: { READ: { actions: 'countCoalesced' } },
    },
    error: {
      // Held until every waiter has seen the error; then the owner resets it.
      on: { RESET: { target: 'empty', actions: 'clearError' } },
    },
    fresh: {
      after: { ttl: { target: 'stale', actions: 'becomeStale' } },
      on: {
        READ: { target: 'serving', actions: 'countHit' },
        FILL: { target: 'fresh', reenter: true, actions: ['touch', 'store'] },
        EVICT: { target: 'evicted', actions: 'markEvicted' },
        INVALIDATE: { target: 'invalidated', actions: 'markInvalidated' },
        REARM: { target: 'fresh', reenter: true, actions: 'touch' },
      },
    },
    serving: {
      always: [{ guard: 'pastTtl', target: 'stale' }, { target: 'fresh' }],
    },
    stale: {
      // Past the stale window the data is too old even as a fallback.
      after: { staleWindow: { target: 'evicted', actions: 'expire' } },
      on: {
        READ: { target: 'serving', actions: 'countStaleServe' },
        REFRESH: { target: 'refreshing', actions: 'touch' },
        FILL: { target: 'fresh', actions: ['touch', 'store'] },
        EVICT: { target: 'evicted', actions: 'markEvicted' },
        // Invalidation must also reach data that has gone stale.
        INVALIDATE: { target: 'invalidated', actions: 'markInvalidated' },
        REARM: { target: 'stale', reenter: true, actions: 'touch' },
      },
    },
    refreshing: {
      invoke: {
        id: 'refresh',
        src: 'populate',
        input: ({ context }) => ({ key: context.key }),
        onDone: { target: 'fresh', actions: 'store' },
        onError: { target: 'stale', actions: 'noteError' },
      },
      on: {
        // The old value keeps being served, marked stale, while the refresh runs.
        READ: { actions: 'countStaleServe' },
        EVICT: { target: 'evicted', actions: 'markEvicted' },
        INVALIDATE: { target: 'invalidated', actions: 'markInvalidated' },
      },
    },
    evicted: { always: { target: 'empty', actions: 'dropValue' } },
    invalidated: { always: { target: 'empty', actions: 'dropValue' } },
  },
});
