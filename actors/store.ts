import { fromPromise } from 'xstate';
import type { LookupInput, StoreInput, StoredCopy } from '../machines/worker.ts';
import type { Clock } from '../src/clock.ts';
import type { KeyValueStore } from '../src/environment.ts';

/** What L2 keeps for a key: the value and when it was fetched upstream. */
export interface StoredRecord { value: unknown; fetchedAt: number; ttlMs: number }

const isRecord = (x: unknown): x is StoredRecord =>
  typeof x === 'object' && x !== null && 'fetchedAt' in x && typeof (x as StoredRecord).fetchedAt === 'number';

/** L2 lookup. Entries outlive their TTL by the stale window, as fallback data. */
export function lookupStore(store: KeyValueStore, clock: Clock) {
  return fromPromise<StoredCopy | null, LookupInput>(async ({ input }) => {
    const rec = await store.get(`data:${input.key}`);
    if (!isRecord(rec)) return null;
    return { value: rec.value, fetchedAt: rec.fetchedAt, fresh: clock.now() < rec.fetchedAt + rec.ttlMs };
  });
}

export function storeResult(store: KeyValueStore, clock: Clock, staleWindowMs: number) {
  return fromPromise<void, StoreInput>(async ({ input }) => {
    const rec: StoredRecord = { value: input.value, fetchedAt: clock.now(), ttlMs: input.ttlMs };
    await store.set(`data:${input.key}`, rec, input.ttlMs + staleWindowMs);
  });
}
