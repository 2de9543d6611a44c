import { fromPromise } from 'xstate';
import type { ClaimInput, ClaimOutput, FetchInput, FetchOutput, PersistInput, RemoveInput } from '../machines/cache-entry-distributed.ts';
import type { LookupInput, StoreInput, StoredCopy } from '../machines/worker.ts';
import type { Clock } from '../src/clock.ts';
import type { KeyValueStore } from '../src/environment.ts';
import { abortError } from '../src/errors.ts';
import type { L2Cache } from '../src/l2/cache.ts';
import type { RefreshLimiter } from '../src/l2/limiter.ts';
import type { InvalidationMarkers } from '../src/l2/markers.ts';
import { entryOf, parseRecord, recordOf, rowTtl } from '../src/l2/record.ts';
import type { Recipe } from '../machines/cache-entry-distributed.ts';
import { mainThread } from '../src/time-slice.ts';

/** L2 lookup for a worker, through the row's lifecycle. */
export function lookupStore(l2: L2Cache) {
  return fromPromise<StoredCopy | null, LookupInput>(({ input }) => l2.read(`data:${input.key}`));
}

/** A worker's fresh data into L2, with how to fetch it again for background refresh. */
export function storeResult(l2: L2Cache) {
  return fromPromise<void, StoreInput>(({ input }) =>
    l2.write(`data:${input.key}`, { value: input.value, ttlMs: input.ttlMs, recipe: input.params ? { handler: input.handler, params: input.params } : null }),
  );
}

export interface L2ActorDeps {
  store: KeyValueStore;
  clock: Clock;
  owner: string;
  leaseMs: number;
  staleWindowMs: number;
  markers: InvalidationMarkers;
  limiter: RefreshLimiter;
  /** One upstream call for a recipe, through breaker and budget. */
  fetch: (recipe: Recipe, signal: AbortSignal) => Promise<unknown>;
}

/** What an L2 entry's lifecycle does to the world: its row, its lease, its upstream refresh. */
export function l2EntryActors(d: L2ActorDeps) {
  return {
    persist: fromPromise<void, PersistInput>(async ({ input, signal }) => {
      const now = d.clock.now();
      if (input.unlessNewer) {
        const current = parseRecord(await d.store.get(input.key));
        if (current && current.fetchedAt > input.entry.fetchedAt) return;
        if (signal.aborted) throw abortError();
      }
      const lease = input.hold && input.entry.nextRetryAt !== null ? { owner: d.owner, until: input.entry.nextRetryAt + d.leaseMs } : null;
      // Serialising a body costs ~1 ms per 300 KB: rows written together take turns with the rest of the loop.
      await mainThread.pause();
      await d.store.set(input.key, recordOf(input.entry, input.state, lease), rowTtl(input.entry, now));
    }),

    claimRefresh: fromPromise<ClaimOutput, ClaimInput>(async ({ input, signal }) => {
      const at = d.clock.now();
      const ready = d.limiter.readyAt(input.family, at);
      if (ready > at) return { outcome: 'busy', at, retryAt: ready };
      const rec = parseRecord(await d.store.get(input.key));
      if (!rec || d.markers.hides(input.key, rec.fetchedAt)) return { outcome: 'gone', at };
      if (rec.fetchedAt > input.fetchedAt) return { outcome: 'newer', at, entry: entryOf(rec, d.staleWindowMs) };
      if (rec.lease && rec.lease.owner !== d.owner && rec.lease.until > at) return { outcome: 'busy', at, retryAt: rec.lease.until };
      // The entry moved on (written or invalidated) while the row was read: take no lease.
      if (signal.aborted) throw abortError();
      // No compare-and-set in the store: a claim taken at the same instant elsewhere costs one extra refresh, never wrong data.
      const entry = entryOf(rec, d.staleWindowMs);
      await d.store.set(input.key, { ...rec, lease: { owner: d.owner, until: at + d.leaseMs } }, rowTtl(entry, at));
      return { outcome: 'claimed', at };
    }),

    fetchFresh: fromPromise<FetchOutput, FetchInput>(async ({ input, signal }) => {
      const release = await d.limiter.acquire(input.recipe.handler, signal);
      try {
        const value = await d.fetch(input.recipe, signal);
        return { value, fetchedAt: d.clock.now() };
      } finally {
        release();
      }
    }),

    remove: fromPromise<void, RemoveInput>(async ({ input }) => {
      await d.store.delete(input.key);
    }),
  };
}
