import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { StoreStatus } from './store/health.ts';
import type { SharedState } from './store/shared.ts';

/** What an upstream call asks for. `key` names the data in the stores. */
export interface UpstreamRequest {
  family: string;
  path: string;
  query?: Record<string, string | number | boolean>;
  accept?: string;
}

/** Fetches from the EP API and resolves with the parsed body, or rejects with an UpstreamError. */
export type UpstreamFetch = (request: UpstreamRequest, signal: AbortSignal) => Promise<unknown>;

/** The subset of keyv the system uses, so any keyv store (SQLite, Redis, memory) fits. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs?: number): Promise<unknown>;
  delete(key: string): Promise<boolean>;
}

/** An API key as the server knows it: a hash (see src/keys/hash.ts), never the key. */
export interface KeyRecord { id?: string; principal: string; roles: string[]; hash: string }

/** Everything outside the code: tests replace these, never the code under test. */
export interface Environment {
  clock: Clock;
  logger: Logger;
  upstream: UpstreamFetch;
  store: KeyValueStore;
  keys: () => Promise<KeyRecord[]>;
  /** Counters, buckets, windows and notices shared by instances; in-process when absent. */
  shared?: SharedState;
  /** Whether the store answers, for `system://status`. */
  storeStatus?: () => StoreStatus;
}
