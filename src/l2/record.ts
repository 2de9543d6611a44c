import type { EntryData, Recipe } from '../../machines/cache-entry-distributed.ts';

/** A process's hold on a refresh: others leave the row alone until `until`. */
export interface Lease { owner: string; until: number }

/**
 * One L2 row: the data and the lifecycle state of its entry, so any process
 * sharing the store can pick the entry up. Rows written before the lifecycle
 * existed hold only value, fetchedAt and ttlMs, and are read by their age.
 */
export interface L2Record {
  value: unknown;
  fetchedAt: number;
  ttlMs: number;
  state?: 'fresh' | 'retryRefresh';
  staleAt?: number;
  expiresAt?: number;
  refreshAt?: number | null;
  attempt?: number;
  nextRetryAt?: number | null;
  recipe?: Recipe | null;
  lease?: Lease | null;
}

const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

export function parseRecord(x: unknown): L2Record | null {
  if (typeof x !== 'object' || x === null) return null;
  const r = x as Partial<L2Record>;
  if (!('value' in r) || !num(r.fetchedAt) || !num(r.ttlMs)) return null;
  return r as L2Record;
}

/** The entry a row describes; missing deadlines are counted from its age. */
export function entryOf(rec: L2Record, staleWindowMs: number): EntryData {
  const staleAt = num(rec.staleAt) ? rec.staleAt : rec.fetchedAt + rec.ttlMs;
  return {
    value: rec.value,
    fetchedAt: rec.fetchedAt,
    ttlMs: rec.ttlMs,
    staleAt,
    refreshAt: num(rec.refreshAt) ? rec.refreshAt : null,
    expiresAt: num(rec.expiresAt) ? rec.expiresAt : staleAt + staleWindowMs,
    attempt: num(rec.attempt) ? rec.attempt : 0,
    nextRetryAt: num(rec.nextRetryAt) ? rec.nextRetryAt : null,
    recipe: rec.recipe ?? null,
  };
}

export function recordOf(entry: EntryData, state: L2Record['state'], lease: Lease | null): L2Record {
  return { ...entry, state, lease };
}

/** The store's own TTL for a row: it deletes the row when the entry expires. */
export function rowTtl(entry: Pick<EntryData, 'expiresAt'>, now: number): number {
  return Math.max(1, entry.expiresAt - now);
}
