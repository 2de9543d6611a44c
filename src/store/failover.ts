import type { KeyValueStore } from '../environment.ts';
import { withTimeout, type StoreHealth } from './health.ts';
import { LocalShared, type Admission, type Notice, type SharedState, type Spend } from './shared.ts';

export class StoreUnavailableError extends Error {
  constructor(since: number) {
    super(`the store is unavailable (since ${new Date(since).toISOString()})`);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Runs each store operation with a deadline. The first failure marks the store
 * down (see StoreHealth); while it is down, operations fail at once so callers
 * go on without it (L2 misses, session state kept in memory).
 */
export class GuardedStore implements KeyValueStore {
  constructor(private readonly inner: () => KeyValueStore, private readonly health: StoreHealth, private readonly timeoutMs: number) {}

  private async run<T>(what: string, op: (s: KeyValueStore) => Promise<T>): Promise<T> {
    if (!this.health.up) {
      this.health.degraded();
      throw new StoreUnavailableError(this.health.snapshot().since);
    }
    try {
      return await withTimeout(op(this.inner()), this.timeoutMs, what);
    } catch (err) {
      this.health.fail(err);
      this.health.degraded();
      throw err;
    }
  }

  get(key: string): Promise<unknown> {
    return this.run('a read', (s) => s.get(key));
  }

  set(key: string, value: unknown, ttlMs?: number): Promise<unknown> {
    return this.run('a write', (s) => s.set(key, value, ttlMs));
  }

  delete(key: string): Promise<boolean> {
    return this.run('a delete', (s) => s.delete(key));
  }
}

/**
 * Shared state that stays answerable: the shared store while it is up, this
 * process's own state while it is down (limits then hold per instance).
 */
export class FailoverShared implements SharedState {
  readonly kind;
  private readonly local: LocalShared;

  constructor(private readonly primary: SharedState, private readonly health: StoreHealth, private readonly timeoutMs: number, local?: LocalShared) {
    this.kind = primary.kind;
    this.local = local ?? new LocalShared();
  }

  private async either<T>(what: string, shared: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (this.health.up) {
      try {
        return await withTimeout(shared(), this.timeoutMs, what);
      } catch (err) {
        this.health.fail(err);
      }
    }
    this.health.degraded();
    return local();
  }

  incr(key: string, windowMs: number): Promise<number> {
    return this.either('a counter', () => this.primary.incr(key, windowMs), () => this.local.incr(key, windowMs));
  }

  reset(key: string): Promise<void> {
    // Both: a count kept here during an outage must not outlive a reset.
    void this.local.reset(key);
    return this.either('a reset', () => this.primary.reset(key), async () => {});
  }

  takeToken(key: string, capacity: number, refillPerSecond: number, now: number): Promise<Admission> {
    return this.either('a rate limit', () => this.primary.takeToken(key, capacity, refillPerSecond, now), () => this.local.takeToken(key, capacity, refillPerSecond, now));
  }

  spend(keys: string[], limits: number[], windowMs: number, now: number): Promise<Spend> {
    return this.either('a budget', () => this.primary.spend(keys, limits, windowMs, now), () => this.local.spend(keys, limits, windowMs, now));
  }

  seen(key: string, windowMs: number, now: number): number {
    return this.health.up ? this.primary.seen(key, windowMs, now) : this.local.seen(key, windowMs, now);
  }

  async publish(notice: Notice): Promise<void> {
    // A lost notice is caught up by the stored lock and unlock marks (see src/store/lockouts.ts).
    await this.either('a notice', () => this.primary.publish(notice), async () => {});
  }

  subscribe(handler: (notice: Notice) => void): void {
    this.primary.subscribe(handler);
  }

  close(): Promise<void> {
    return this.primary.close();
  }
}
