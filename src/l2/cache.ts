import { waitFor, type ActorRefFrom, type SnapshotFrom, type StateValue } from 'xstate';
import { cacheEntryDistributedMachine, type DistributedEntryContext, type DistributedEntryInput, type EntryData, type Recipe } from '../../machines/cache-entry-distributed.ts';
import type { StoredCopy } from '../../machines/worker.ts';
import type { Clock } from '../clock.ts';
import type { KeyValueStore } from '../environment.ts';
import type { Registry } from '../registry.ts';
import { Semaphore } from '../semaphore.ts';
import type { RefreshLimiter } from './limiter.ts';
import type { InvalidationMarkers } from './markers.ts';
import { entryOf, parseRecord, type L2Record } from './record.ts';
import type { RefreshSchedule } from './schedule.ts';

export type L2EntryRef = ActorRefFrom<typeof cacheEntryDistributedMachine>;
type L2Snapshot = SnapshotFrom<typeof cacheEntryDistributedMachine>;

export interface L2Options {
  /** Who this process is, in leases on rows. */
  owner: string;
  maxActive: number;
  idleMs: number;
  /** Context every entry actor starts from, less its key and time. */
  entry: Omit<DistributedEntryInput, 'key' | 'now'>;
}

export interface L2Write { value: unknown; ttlMs: number; recipe: Recipe | null }

const atRest = (s: L2Snapshot) =>
  s.status === 'active' && (s.matches('empty') || s.matches('fresh') || s.matches('stale') || s.matches({ backgroundRefresh: 'retryRefresh' }));
const dropping = (s: L2Snapshot) => s.matches('invalidated') || s.matches('deleting');

/**
 * L2: one lifecycle per stored row, with the state in the row. An entry is an
 * actor only while something happens to it (a read, a write, a refresh, an
 * invalidation) and for a short idle time after; then it is stopped and its
 * next refresh deadline handed to the schedule. Live actors are bounded.
 */
export class L2Cache {
  private readonly slots: Semaphore;
  private readonly loading = new Map<string, Promise<L2EntryRef | null>>();
  private readonly held = new Map<string, { ref: L2EntryRef; release: () => void }>();
  private readonly idleSince = new Map<string, number>();
  /** Rows an operation is using right now: never stopped under it. */
  private readonly pins = new Map<string, number>();
  private idleTimer: unknown = null;
  private idleTimerAt: number | null = null;
  private stopped = false;
  readonly counts = { restores: 0, passivations: 0, hiddenByMarker: 0, reads: 0, staleServes: 0, writes: 0, refreshes: 0, refreshFailures: 0 };

  constructor(
    private readonly entries: Registry<L2EntryRef>,
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
    private readonly markers: InvalidationMarkers,
    private readonly schedule: RefreshSchedule,
    private readonly limiter: RefreshLimiter,
    private readonly o: L2Options,
  ) {
    this.slots = new Semaphore(o.maxActive);
    schedule.onDue = (key) => this.wake(key);
  }

  private id(key: string): string {
    return `l2:${key}`;
  }

  /** This process, as named in the leases it takes. */
  get owner(): string {
    return this.o.owner;
  }

  /** The live actor of a row, if it has one. */
  live(key: string): L2EntryRef | undefined {
    const ref = this.entries.get(this.id(key));
    return ref && ref.getSnapshot().status === 'active' ? ref : undefined;
  }

  /** The row's data for a worker: fresh within its TTL, else a fallback the caller marks stale. */
  read(key: string): Promise<StoredCopy | null> {
    return this.pinned(key, () => this.readRow(key));
  }

  private async readRow(key: string): Promise<StoredCopy | null> {
    await this.markers.current();
    const rec = parseRecord(await this.store.get(key));
    let ref = this.live(key);
    if (rec && this.markers.hides(key, rec.fetchedAt)) {
      this.counts.hiddenByMarker++;
      await this.dropRow(key, rec);
      return null;
    }
    // Another process stored newer data since this actor was loaded: load the row again.
    if (ref && rec && atRest(ref.getSnapshot()) && rec.fetchedAt > (ref.getSnapshot().context.entry?.fetchedAt ?? -Infinity)) {
      this.stopActor(key);
      ref = undefined;
    }
    if (!ref) {
      if (!rec) return null;
      ref = (await this.activate(key, rec)) ?? undefined;
      if (!ref) return null;
    }
    const now = this.clock.now();
    ref.send({ type: 'READ', at: now });
    const s = ref.getSnapshot();
    const e = s.context.entry;
    if (s.status !== 'active' || !e || dropping(s)) return null;
    return { value: e.value, fetchedAt: e.fetchedAt, fresh: now < e.staleAt };
  }

  /** Stores data a worker fetched; resolves once the row is written. */
  write(key: string, data: L2Write): Promise<void> {
    return this.pinned(key, () => this.writeRow(key, data));
  }

  private async writeRow(key: string, data: L2Write): Promise<void> {
    const ref = this.live(key) ?? (await this.activate(key, null));
    if (!ref) throw new Error(`L2 entry ${key} could not be started`);
    ref.send({ type: 'WRITE', value: data.value, ttlMs: data.ttlMs, recipe: data.recipe, at: this.clock.now() });
    const s = await waitFor(ref, (x) => x.status !== 'active' || !x.matches('writing'));
    if (!s.matches('fresh')) throw new Error(s.context.error?.message ?? `L2 entry ${key} was not written`);
  }

  /**
   * Invalidates every row under `prefix`: a marker in the store hides them from
   * every process at once, and the rows this process knows are deleted now
   * through their lifecycle. Returns how many were deleted now.
   */
  async invalidate(prefix: string): Promise<number> {
    await this.markers.add(prefix, this.clock.now());
    const keys = new Set([...this.entries.ids()].map((id) => id.slice('l2:'.length)).concat(this.schedule.keys()));
    let n = 0;
    for (const key of keys) {
      if (!key.startsWith(prefix)) continue;
      const live = this.live(key);
      const rec = live ? null : parseRecord(await this.store.get(key));
      if (await this.dropRow(key, rec)) n++;
    }
    return n;
  }

  /** Sends the entry through invalidated and deleting; true when it held data. */
  private dropRow(key: string, rec: L2Record | null): Promise<boolean> {
    return this.pinned(key, () => this.deleteRow(key, rec));
  }

  private async deleteRow(key: string, rec: L2Record | null): Promise<boolean> {
    this.schedule.remove(key);
    const ref = this.live(key) ?? (rec ? await this.activate(key, rec) : null);
    if (!ref || ref.getSnapshot().context.entry === null) return false;
    ref.send({ type: 'INVALIDATE', at: this.clock.now() });
    await waitFor(ref, (s) => s.status !== 'active' || !dropping(s));
    return true;
  }

  /** The schedule's call: bring the entry back so its due refresh runs. */
  wake(key: string): Promise<void> {
    return this.pinned(key, () => this.wakeRow(key));
  }

  private async wakeRow(key: string): Promise<void> {
    if (this.live(key)) return; // its own timers run
    const rec = parseRecord(await this.store.get(key));
    if (!rec) return;
    if (this.markers.hides(key, rec.fetchedAt)) {
      await this.dropRow(key, rec);
      return;
    }
    await this.activate(key, rec);
  }

  /**
   * The actor for a row: the live one, else one restored from the row (placed
   * by its deadlines at the current time, then REARMed), else a new empty one.
   * Null when the row has expired.
   */
  activate(key: string, rec: L2Record | null): Promise<L2EntryRef | null> {
    const live = this.live(key);
    if (live) return Promise.resolve(live);
    let pending = this.loading.get(key);
    if (!pending) {
      pending = (async () => {
        const release = await this.slots.acquire();
        try {
          const again = this.live(key);
          if (again) {
            release();
            return again;
          }
          const now = this.clock.now();
          let ref: L2EntryRef;
          if (rec) {
            const placed = this.place(key, rec, now);
            if (!placed) {
              release();
              return null;
            }
            ref = this.entries.restore(this.id(key), placed);
            this.counts.restores++;
          } else {
            ref = this.entries.ensure(this.id(key), () => ({ ...this.o.entry, key, now }));
          }
          this.track(key, ref, release);
          return ref;
        } catch (e) {
          release();
          throw e;
        }
      })().finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  /** Where a row's entry stands now. A retry held by another process's live lease stays theirs. */
  private place(key: string, rec: L2Record, now: number) {
    let entry: EntryData = entryOf(rec, this.o.entry.staleWindowMs);
    if (now >= entry.expiresAt) return null;
    const lease = rec.lease && rec.lease.owner !== this.o.owner && rec.lease.until > now ? rec.lease : null;
    let value: StateValue;
    if (rec.state === 'retryRefresh' && entry.nextRetryAt !== null && !lease) value = { backgroundRefresh: 'retryRefresh' };
    else {
      if (rec.state === 'retryRefresh') entry = { ...entry, attempt: 0, nextRetryAt: null, refreshAt: entry.nextRetryAt };
      // Someone else is refreshing: look again once their lease is over.
      if (lease && entry.refreshAt !== null) entry = { ...entry, refreshAt: Math.max(entry.refreshAt, lease.until) };
      value = now >= entry.staleAt ? 'stale' : 'fresh';
    }
    const context: DistributedEntryContext = {
      ...this.o.entry,
      key,
      updatedAt: now,
      entry,
      error: null,
      lastRead: null,
      dropped: null,
      stats: { reads: 0, staleServes: 0, writes: 0, refreshes: 0, refreshFailures: 0 },
    };
    const m = cacheEntryDistributedMachine;
    return m.getPersistedSnapshot(m.resolveState({ value, context }));
  }

  private async pinned<T>(key: string, run: () => Promise<T>): Promise<T> {
    this.pins.set(key, (this.pins.get(key) ?? 0) + 1);
    try {
      return await run();
    } finally {
      const n = (this.pins.get(key) ?? 1) - 1;
      if (n > 0) this.pins.set(key, n);
      else {
        this.pins.delete(key);
        // Idle time counts from the end of the last operation.
        const ref = this.live(key);
        if (ref) this.observe(key, ref, ref.getSnapshot());
      }
    }
  }

  private track(key: string, ref: L2EntryRef, release: () => void): void {
    this.held.set(key, { ref, release });
    ref.subscribe({
      next: (s) => this.observe(key, ref, s),
      error: () => this.forget(key, ref),
      complete: () => this.forget(key, ref),
    });
    this.observe(key, ref, ref.getSnapshot());
  }

  private observe(key: string, ref: L2EntryRef, s: L2Snapshot): void {
    if (this.held.get(key)?.ref !== ref) return;
    if (s.status !== 'active') {
      this.forget(key, ref);
      return;
    }
    if (!atRest(s)) {
      this.idleSince.delete(key);
      return;
    }
    this.idleSince.set(key, this.clock.now());
    this.armIdle();
  }

  /** The actor ended (expired, failed or stopped): give back its place and its totals. */
  private forget(key: string, ref: L2EntryRef): void {
    const h = this.held.get(key);
    if (h?.ref !== ref) return;
    this.held.delete(key);
    this.idleSince.delete(key);
    const s = ref.getSnapshot();
    this.addTotals(s.context);
    if (s.status === 'done') this.schedule.remove(key);
    h.release();
  }

  private addTotals(c: DistributedEntryContext): void {
    for (const k of ['reads', 'staleServes', 'writes', 'refreshes', 'refreshFailures'] as const) this.counts[k] += c.stats[k];
  }

  private armIdle(): void {
    if (this.stopped) return;
    if (this.o.idleMs === 0) {
      queueMicrotask(() => this.passivateIdle());
      return;
    }
    let next = Infinity;
    for (const since of this.idleSince.values()) next = Math.min(next, since + this.o.idleMs);
    if (next === Infinity || (this.idleTimerAt !== null && this.idleTimerAt <= next)) return;
    if (this.idleTimer !== null) this.clock.clearTimeout(this.idleTimer);
    this.idleTimerAt = next;
    this.idleTimer = this.clock.setTimeout(() => {
      this.idleTimer = null;
      this.idleTimerAt = null;
      this.passivateIdle();
      this.armIdle();
    }, Math.max(0, next - this.clock.now()));
  }

  private passivateIdle(): void {
    const now = this.clock.now();
    for (const [key, since] of [...this.idleSince]) {
      if (since + this.o.idleMs > now) continue;
      // A pinned row is looked at again when its operation ends.
      if (this.pins.has(key)) this.idleSince.delete(key);
      else this.passivate(key);
    }
  }

  /** Stops an entry at rest and plans its next refresh; its row already holds its state. */
  passivate(key: string): boolean {
    const ref = this.live(key);
    if (!ref || this.pins.has(key)) return false;
    const s = ref.getSnapshot();
    if (!atRest(s)) return false;
    const e = s.context.entry;
    const due = s.matches('backgroundRefresh') ? e?.nextRetryAt ?? null : e?.refreshAt ?? null;
    if (e && due !== null) this.schedule.add(key, due, e.recipe?.handler ?? '');
    else this.schedule.remove(key);
    this.stopActor(key);
    this.counts.passivations++;
    return true;
  }

  private stopActor(key: string): void {
    const h = this.held.get(key);
    this.entries.remove(this.id(key));
    if (h) this.forget(key, h.ref);
  }

  /** Entry actors that failed (each is contained and logged by the registry). */
  get errors(): number {
    return this.entries.errors;
  }

  /** Reads the store's schedule: refreshes planned by any process sharing the store. */
  scan(): Promise<number> {
    return this.schedule.scan();
  }

  status() {
    const states: Record<string, number> = {};
    const totals = { ...this.counts };
    for (const { ref } of this.held.values()) {
      const s = ref.getSnapshot();
      const v = typeof s.value === 'string' ? s.value : JSON.stringify(s.value);
      states[v] = (states[v] ?? 0) + 1;
      for (const k of ['reads', 'staleServes', 'writes', 'refreshes', 'refreshFailures'] as const) totals[k] += s.context.stats[k];
    }
    return {
      live: this.held.size,
      maxLive: this.o.maxActive,
      waitingForPlace: this.slots.queued,
      states,
      scheduled: this.schedule.size,
      dueWaiting: this.schedule.waiting,
      refreshesRunning: this.limiter.running,
      markers: this.markers.size,
      ...totals,
    };
  }

  stop(): void {
    this.stopped = true;
    if (this.idleTimer !== null) this.clock.clearTimeout(this.idleTimer);
    this.schedule.stop();
    for (const key of [...this.held.keys()]) this.stopActor(key);
    this.entries.stopAll();
  }
}
