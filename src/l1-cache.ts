import { waitFor, type ActorRefFrom, type SnapshotFrom } from 'xstate';
import type { cacheEntryMachine } from '../machines/cache-entry.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Members } from './registry.ts';
import type { TtlKind } from './tools.ts';
import type { Loader } from '../actors/populate.ts';

export type EntryRef = ActorRefFrom<typeof cacheEntryMachine>;
type EntrySnapshot = SnapshotFrom<typeof cacheEntryMachine>;

export interface Settled { state: 'fresh' | 'stale' | 'error'; value?: unknown; fetchedAt?: number; error?: string }

/**
 * L1: in-process cache-entry actors, bounded by entry count and bytes. Memory
 * pressure evicts the least recently used entry through its EVICT transition.
 */
export class L1Cache {
  /** Keys in least-recently-used order (Map keeps insertion order). */
  private readonly lru = new Map<string, number>();
  private bytes = 0;
  evictions = 0;

  constructor(
    private readonly entries: Members<EntryRef>,
    private readonly clock: Clock,
    private readonly config: Config['cache'],
    /** How each data entry is (re)populated; read by the entry's populate actor. */
    readonly loaders: Map<string, Loader>,
  ) {}

  private id(key: string) {
    return `cache:${key}`;
  }

  get(key: string): EntryRef | undefined {
    return this.entries.get(this.id(key));
  }

  ensure(key: string, ttl: TtlKind, loader?: Loader): EntryRef {
    if (loader && !this.loaders.has(key)) this.loaders.set(key, loader);
    const ref = this.entry(key, ttl);
    this.touch(key);
    return ref;
  }

  private entry(key: string, ttl: TtlKind): EntryRef {
    return this.entries.ensure(this.id(key), () => ({
      key,
      ttlMs: this.config.ttlMs[ttl],
      staleWindowMs: this.config.staleWindowMs,
      now: this.clock.now(),
    }));
  }

  touch(key: string): void {
    const ref = this.get(key);
    const size = ref ? ref.getSnapshot().context.bytes : 0;
    this.bytes += size - (this.lru.get(key) ?? 0);
    this.lru.delete(key);
    this.lru.set(key, size);
    this.evictIfNeeded(key);
  }

  send(key: string, event: { type: 'READ' | 'REFRESH' | 'EVICT' | 'INVALIDATE' | 'RESET' }): void {
    this.get(key)?.send({ ...event, at: this.clock.now() });
  }

  fill(key: string, ttl: TtlKind, value: unknown, bytes: number, fetchedAt?: number): void {
    const ref = this.entry(key, ttl);
    // One LRU and bytes update, after the value is in.
    ref.send({ type: 'FILL', value, bytes, at: this.clock.now(), ...(fetchedAt !== undefined ? { fetchedAt } : {}) });
    this.touch(key);
  }

  /** Waits while the entry is being populated or refreshed. */
  async settle(key: string, signal?: AbortSignal): Promise<Settled> {
    const ref = this.get(key);
    if (!ref) return { state: 'error', error: 'cache entry vanished' };
    const busy = (s: EntrySnapshot) => s.status === 'active' && (s.matches('populating') || s.matches('refreshing'));
    let s: EntrySnapshot;
    try {
      s = await waitFor(ref, (x) => !busy(x), signal ? { signal } : {});
    } catch (e) {
      if (signal?.aborted) throw e;
      return { state: 'error', error: 'cache entry failed' };
    }
    this.touch(key);
    if (s.status !== 'active') return { state: 'error', error: s.context.error ?? 'cache entry ended' };
    if (s.matches('fresh') || s.matches('stale')) {
      return { state: s.matches('fresh') ? 'fresh' : 'stale', value: s.context.value, fetchedAt: s.context.fetchedAt ?? undefined };
    }
    return { state: 'error', error: s.context.error ?? (s.matches('empty') ? 'cache entry was dropped' : 'fetch failed') };
  }

  private evictIfNeeded(keep: string): void {
    for (const [key] of this.lru) {
      if (this.lru.size <= this.config.maxEntries && this.bytes <= this.config.maxBytes) return;
      if (key === keep) continue;
      const ref = this.get(key);
      const s = ref?.getSnapshot();
      // Entries being populated have waiters; they are evicted once settled.
      if (s && (s.matches('populating') || s.matches('refreshing'))) continue;
      ref?.send({ type: 'EVICT', at: this.clock.now() });
      this.drop(key);
      this.evictions++;
    }
  }

  /** Removes the entry actor and its accounting. */
  drop(key: string): void {
    this.bytes -= this.lru.get(key) ?? 0;
    this.lru.delete(key);
    this.loaders.delete(key);
    this.entries.remove(this.id(key));
  }

  invalidate(prefix = ''): number {
    let n = 0;
    for (const key of [...this.lru.keys()]) {
      if (!key.startsWith(prefix)) continue;
      this.get(key)?.send({ type: 'INVALIDATE', at: this.clock.now() });
      this.drop(key);
      n++;
    }
    return n;
  }

  status() {
    let hits = 0, misses = 0, staleServes = 0, coalesced = 0;
    const states: Record<string, number> = {};
    for (const key of this.lru.keys()) {
      const s = this.get(key)?.getSnapshot();
      if (!s) continue;
      hits += s.context.hits;
      misses += s.context.misses;
      staleServes += s.context.staleServes;
      coalesced += s.context.coalesced;
      const v = String(s.value);
      states[v] = (states[v] ?? 0) + 1;
    }
    return { entries: this.lru.size, bytes: this.bytes, states, hits, misses, staleServes, coalesced, evictions: this.evictions };
  }
}
