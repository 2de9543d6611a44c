import { assign, setup } from 'xstate';
import { timeOf, untilDeadline, type Timed } from './deadline.ts';
import { notProvided } from './not-provided.ts';
import { backoffMs } from './worker.ts';

/** How to fetch an entry's data again: the worker handler and its parameters. */
export interface Recipe { handler: string; params: Record<string, unknown> }

/** What an L2 entry holds: its data, and its deadlines as epoch ms. */
export interface EntryData {
  value: unknown;
  fetchedAt: number;
  ttlMs: number;
  /** The TTL ends: the data is stale from here on. */
  staleAt: number;
  /** When a background refresh is due; null when none is planned. */
  refreshAt: number | null;
  /** The stale window ends: the store deletes the row. */
  expiresAt: number;
  attempt: number;
  nextRetryAt: number | null;
  recipe: Recipe | null;
}

/** One L2 entry. Its actor lives only while something happens to it; its state lives in the store. */
export interface DistributedEntryInput {
  key: string;
  staleWindowMs: number;
  /** Refresh when this share of the TTL is left; 0: no background refresh. */
  refreshLeadFraction: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  now?: number;
}

export interface EntryError { message: string; code: string }

export interface DistributedEntryContext extends Omit<DistributedEntryInput, 'now'> {
  updatedAt: number;
  entry: EntryData | null;
  error: EntryError | null;
  lastRead: 'fresh' | 'stale' | null;
  dropped: 'invalidated' | 'expired' | null;
  stats: { reads: number; staleServes: number; writes: number; refreshes: number; refreshFailures: number };
}

export type DistributedEntryEvent =
  | ({ type: 'WRITE'; value: unknown; ttlMs: number; recipe?: Recipe | null } & Timed)
  | ({ type: 'READ' } & Timed)
  | ({ type: 'INVALIDATE' } & Timed)
  | ({ type: 'REARM' } & Timed);

/** The entry as it is written: `retryRefresh` keeps the retry (and its lease) for whoever restores it. */
export interface PersistInput {
  key: string;
  state: 'fresh' | 'retryRefresh';
  entry: EntryData;
  /** Keep this process's lease on the refresh until the retry is over. */
  hold: boolean;
  /** Write only if the store holds nothing newer (bookkeeping must not undo another process's refresh). */
  unlessNewer: boolean;
}

export interface ClaimInput { key: string; family: string; fetchedAt: number }
/**
 * `claimed`: this process refreshes now. `busy`: not now (a refresh slot, the
 * budget or another process's lease), look again at `retryAt`. `newer`:
 * another process already stored newer data. `gone`: the row was deleted.
 */
export interface ClaimOutput { outcome: 'claimed' | 'busy' | 'newer' | 'gone'; at: number; retryAt?: number; entry?: EntryData }
export interface FetchInput { key: string; recipe: Recipe }
export interface FetchOutput { value: unknown; fetchedAt: number }
export interface RemoveInput { key: string }

const output = <T>(event: unknown) => (event as { output: T }).output;
const errorOf = (event: unknown) => (event as { error?: unknown }).error as { message?: unknown; code?: unknown; transient?: unknown; retryAfterMs?: unknown; nextProbeAt?: unknown } | undefined;

function asError(e: ReturnType<typeof errorOf>): EntryError {
  return { message: typeof e?.message === 'string' ? e.message : String(e), code: typeof e?.code === 'string' ? e.code : 'internal' };
}

/** The refresh deadline for data fetched at `fetchedAt`: a share of the TTL before it ends. */
export function planRefresh(c: Pick<DistributedEntryContext, 'refreshLeadFraction'>, fetchedAt: number, ttlMs: number, recipe: Recipe | null): number | null {
  if (!recipe || c.refreshLeadFraction <= 0) return null;
  return fetchedAt + ttlMs - Math.max(1, Math.round(ttlMs * c.refreshLeadFraction));
}

/** Fresh data for an entry, with every deadline counted from when it was fetched. */
export function freshEntry(c: Pick<DistributedEntryContext, 'refreshLeadFraction' | 'staleWindowMs'>, value: unknown, fetchedAt: number, ttlMs: number, recipe: Recipe | null): EntryData {
  const staleAt = fetchedAt + ttlMs;
  return {
    value,
    fetchedAt,
    ttlMs,
    staleAt,
    refreshAt: planRefresh(c, fetchedAt, ttlMs, recipe),
    expiresAt: staleAt + c.staleWindowMs,
    attempt: 0,
    nextRetryAt: null,
    recipe,
  };
}

/** Failures the upstream (or our own budget or breaker) says to try again later. */
const worthRetry = (e: ReturnType<typeof errorOf>) => e?.transient === true || e?.code === 'circuit_open' || e?.code === 'budget_spent';

export const cacheEntryDistributedMachine = setup({
  types: {} as { context: DistributedEntryContext; events: DistributedEntryEvent; input: DistributedEntryInput },
  actors: {
    persist: notProvided<void, PersistInput>('persist'),
    claimRefresh: notProvided<ClaimOutput, ClaimInput>('claimRefresh'),
    fetchFresh: notProvided<FetchOutput, FetchInput>('fetchFresh'),
    remove: notProvided<void, RemoveInput>('remove'),
  },
  guards: {
    staleBy: ({ context, event }) => context.entry !== null && timeOf(context, event) >= context.entry.staleAt,
    claimed: ({ event }) => output<ClaimOutput>(event).outcome === 'claimed',
    gone: ({ event }) => output<ClaimOutput>(event).outcome === 'gone',
    // Not refreshing now: where the entry rests depends on the data it keeps (its own, or newer data found).
    skippedPastTtl: ({ context, event }) => {
      const out = output<ClaimOutput>(event);
      const staleAt = (out.entry ?? context.entry)?.staleAt ?? 0;
      return out.at >= staleAt;
    },
    retryScheduled: ({ context }) => context.entry?.nextRetryAt != null,
    noStaleWindow: ({ context }) => context.entry !== null && context.entry.expiresAt <= context.entry.staleAt,
  },
  actions: {
    touch: assign(({ context, event }) => ({ updatedAt: timeOf(context, event) })),
    takeWrite: assign(({ context, event }) => {
      if (event.type !== 'WRITE') return {};
      const at = timeOf(context, event);
      return {
        updatedAt: at,
        entry: freshEntry(context, event.value, at, event.ttlMs, event.recipe ?? null),
        error: null,
        dropped: null,
        stats: { ...context.stats, writes: context.stats.writes + 1 },
      };
    }),
    countRead: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      lastRead: 'fresh' as const,
      stats: { ...context.stats, reads: context.stats.reads + 1 },
    })),
    countStaleServe: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      lastRead: 'stale' as const,
      stats: { ...context.stats, reads: context.stats.reads + 1, staleServes: context.stats.staleServes + 1 },
    })),
    becomeStale: assign(({ context }) => ({ updatedAt: Math.max(context.updatedAt, context.entry?.staleAt ?? 0) })),
    dueForRefresh: assign(({ context }) => ({ updatedAt: Math.max(context.updatedAt, context.entry?.refreshAt ?? 0) })),
    expire: assign(({ context }) => ({
      updatedAt: Math.max(context.updatedAt, context.entry?.expiresAt ?? 0),
      dropped: 'expired' as const,
    })),
    noteClaim: assign(({ context, event }) => ({ updatedAt: Math.max(context.updatedAt, output<ClaimOutput>(event).at), error: null })),
    skipRefresh: assign(({ context, event }) => {
      const out = output<ClaimOutput>(event);
      const updatedAt = Math.max(context.updatedAt, out.at);
      if (out.entry) return { updatedAt, entry: { ...out.entry, attempt: 0, nextRetryAt: null } };
      return { updatedAt, entry: context.entry && { ...context.entry, refreshAt: out.retryAt ?? updatedAt + context.baseDelayMs } };
    }),
    // The claim itself failed (a store fault): look again after one base delay.
    postpone: assign(({ context }) => ({ entry: context.entry && { ...context.entry, refreshAt: context.updatedAt + context.baseDelayMs } })),
    countAttempt: assign(({ context }) => ({ entry: context.entry && { ...context.entry, attempt: context.entry.attempt + 1 } })),
    takeRefreshed: assign(({ context, event }) => {
      const out = output<FetchOutput>(event);
      const fetchedAt = Math.max(out.fetchedAt, context.updatedAt);
      const old = context.entry!;
      return {
        updatedAt: fetchedAt,
        entry: freshEntry(context, out.value, fetchedAt, old.ttlMs, old.recipe),
        error: null,
        stats: { ...context.stats, refreshes: context.stats.refreshes + 1 },
      };
    }),
    noteFailure: assign(({ context, event }) => {
      const e = errorOf(event);
      const entry = context.entry!;
      const stats = { ...context.stats, refreshFailures: context.stats.refreshFailures + 1 };
      const waitMs = typeof e?.nextProbeAt === 'number' ? e.nextProbeAt - context.updatedAt : typeof e?.retryAfterMs === 'number' ? e.retryAfterMs : undefined;
      const next = context.updatedAt + backoffMs(context, entry.attempt, context.key, waitMs);
      if (worthRetry(e) && entry.attempt < context.maxAttempts && next < entry.expiresAt) {
        return { error: asError(e), stats, entry: { ...entry, nextRetryAt: next } };
      }
      // Permanent, or out of attempts: keep the old data and plan no more background refreshes for it.
      return { error: asError(e), stats, entry: { ...entry, attempt: 0, nextRetryAt: null, refreshAt: null } };
    }),
    retryNow: assign(({ context }) => ({
      updatedAt: Math.max(context.updatedAt, context.entry?.nextRetryAt ?? 0),
      entry: context.entry && { ...context.entry, nextRetryAt: null },
    })),
    noteError: assign(({ event }) => ({ error: asError(errorOf(event)) })),
    markInvalidated: assign(({ context, event }) => ({ updatedAt: timeOf(context, event), dropped: 'invalidated' as const })),
    dropValue: assign({ entry: null, lastRead: null }),
  },
  delays: {
    ttl: untilDeadline<DistributedEntryContext>((c) => c.entry?.staleAt ?? null),
    expiry: untilDeadline<DistributedEntryContext>((c) => c.entry?.expiresAt ?? null),
    // With no refresh planned this lies past expiry, which always fires first.
    refreshDue: untilDeadline<DistributedEntryContext>((c) => (c.entry ? c.entry.refreshAt ?? c.entry.expiresAt + 1 : null)),
    retryBackoff: untilDeadline<DistributedEntryContext>((c) => c.entry?.nextRetryAt ?? null),
  },
}).createMachine({
  id: 'cache-entry-distributed',
  initial: 'empty',
  context: ({ input }) => ({
    key: input.key,
    staleWindowMs: input.staleWindowMs,
    refreshLeadFraction: input.refreshLeadFraction,
    maxAttempts: input.maxAttempts,
    baseDelayMs: input.baseDelayMs,
    maxDelayMs: input.maxDelayMs,
    updatedAt: input.now ?? 0,
    entry: null,
    error: null,
    lastRead: null,
    dropped: null,
    stats: { reads: 0, staleServes: 0, writes: 0, refreshes: 0, refreshFailures: 0 },
  }),
  states: {
    empty: {
      on: { WRITE: { target: 'writing', actions: 'takeWrite' } },
    },
    writing: {
      invoke: {
        id: 'write',
        src: 'persist',
        input: ({ context }) => ({ key: context.key, state: 'fresh' as const, entry: context.entry!, hold: false, unlessNewer: false }),
        // The row carries its deadlines and the store's own TTL ends it at expiry.
        onDone: 'fresh',
        onError: { target: 'empty', actions: ['noteError', 'dropValue'] },
      },
    },
    fresh: {
      after: {
        ttl: [
          // Data kept by a process configured without a stale window ends with its TTL.
          { guard: 'noStaleWindow', target: 'autoExpired', actions: 'expire' },
          { target: 'stale', actions: 'becomeStale' },
        ],
        refreshDue: { target: 'backgroundRefresh', actions: 'dueForRefresh' },
      },
      on: {
        // A restored entry is placed by its deadlines first, so a read here is within the TTL.
        READ: { target: 'serving', actions: 'countRead' },
        WRITE: { target: 'writing', actions: 'takeWrite' },
        INVALIDATE: { target: 'invalidated', actions: 'markInvalidated' },
        REARM: { target: 'fresh', reenter: true, actions: 'touch' },
      },
    },
    serving: { always: 'fresh' },
    stale: {
      after: {
        expiry: { target: 'autoExpired', actions: 'expire' },
        refreshDue: { target: 'backgroundRefresh', actions: 'dueForRefresh' },
      },
      on: {
        READ: { target: 'servingStale', actions: 'countStaleServe' },
        WRITE: { target: 'writing', actions: 'takeWrite' },
        INVALIDATE: { target: 'invalidated', actions: 'markInvalidated' },
        REARM: { target: 'stale', reenter: true, actions: 'touch' },
      },
    },
    // The caller gets the data as a fallback, marked stale.
    servingStale: { always: 'stale' },
    backgroundRefresh: {
      initial: 'claiming',
      on: {
        // The old data keeps being served while the refresh runs.
        READ: [{ guard: 'staleBy', actions: 'countStaleServe' }, { actions: 'countRead' }],
        WRITE: { target: 'writing', actions: 'takeWrite' },
        INVALIDATE: { target: 'invalidated', actions: 'markInvalidated' },
      },
      states: {
        // A refresh slot, budget headroom and the lease on this row, or not now.
        claiming: {
          invoke: {
            id: 'claim',
            src: 'claimRefresh',
            input: ({ context }) => ({ key: context.key, family: context.entry?.recipe?.handler ?? '', fetchedAt: context.entry?.fetchedAt ?? 0 }),
            onDone: [
              { guard: 'claimed', target: 'refreshing', actions: 'noteClaim' },
              { guard: 'gone', target: '#cache-entry-distributed.empty', actions: ['noteClaim', 'dropValue'] },
              { guard: 'skippedPastTtl', target: '#cache-entry-distributed.stale', actions: 'skipRefresh' },
              { target: '#cache-entry-distributed.fresh', actions: 'skipRefresh' },
            ],
            onError: [
              { guard: 'staleBy', target: '#cache-entry-distributed.stale', actions: ['noteError', 'postpone'] },
              { target: '#cache-entry-distributed.fresh', actions: ['noteError', 'postpone'] },
            ],
          },
        },
        refreshing: {
          entry: 'countAttempt',
          invoke: {
            id: 'fetch',
            src: 'fetchFresh',
            input: ({ context }) => ({ key: context.key, recipe: context.entry!.recipe! }),
            onDone: { target: 'refreshSuccess', actions: 'takeRefreshed' },
            onError: { target: 'refreshFailed', actions: 'noteFailure' },
          },
        },
        // Update the row and reset its TTL.
        refreshSuccess: {
          invoke: {
            id: 'save',
            src: 'persist',
            input: ({ context }) => ({ key: context.key, state: 'fresh' as const, entry: context.entry!, hold: false, unlessNewer: false }),
            onDone: '#cache-entry-distributed.fresh',
            // The new data is good in this process even if the row could not be updated.
            onError: { target: '#cache-entry-distributed.fresh', actions: 'noteError' },
          },
        },
        // Keep the old data; record the retry (or that none is left) in the row.
        refreshFailed: {
          invoke: {
            id: 'saveFailure',
            src: 'persist',
            input: ({ context }) => ({
              key: context.key,
              state: context.entry?.nextRetryAt != null ? ('retryRefresh' as const) : ('fresh' as const),
              entry: context.entry!,
              hold: context.entry?.nextRetryAt != null,
              unlessNewer: true,
            }),
            onDone: [
              { guard: 'retryScheduled', target: 'retryRefresh' },
              { guard: 'staleBy', target: '#cache-entry-distributed.stale' },
              { target: '#cache-entry-distributed.fresh' },
            ],
            onError: [
              { guard: 'retryScheduled', target: 'retryRefresh', actions: 'noteError' },
              { guard: 'staleBy', target: '#cache-entry-distributed.stale', actions: 'noteError' },
              { target: '#cache-entry-distributed.fresh', actions: 'noteError' },
            ],
          },
        },
        retryRefresh: {
          after: { retryBackoff: { target: 'refreshing', actions: 'retryNow' } },
          on: { REARM: { target: 'retryRefresh', reenter: true, actions: 'touch' } },
        },
      },
    },
    invalidated: { always: 'deleting' },
    deleting: {
      invoke: {
        id: 'delete',
        src: 'remove',
        input: ({ context }) => ({ key: context.key }),
        onDone: { target: 'empty', actions: 'dropValue' },
        // The invalidation marker already hides the row from every reader.
        onError: { target: 'empty', actions: ['noteError', 'dropValue'] },
      },
    },
    // The store's TTL deletes the row by itself.
    autoExpired: { type: 'final' },
  },
});

