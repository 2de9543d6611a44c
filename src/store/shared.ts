/**
 * State that every instance of a service must see alike: counters, token
 * buckets, sliding windows and notices. Each operation is atomic where the
 * state lives (in this process, or in Redis through one Lua script), so two
 * instances never double-count or lose an update.
 */
export interface Admission { admitted: boolean; retryAfterMs?: number }

/** One spend against several sliding windows at once: all have room, or none is charged. */
export type Spend =
  | { ok: true; used: number[] }
  | { ok: false; used: number[]; /** index of the full window */ full: number; retryAfterMs: number };

/** What one instance tells the others. `from` names the sender, which ignores its own. */
export type Notice =
  | { kind: 'session-locked'; principal: string; lockedUntil: number; snapshot: unknown; from?: string }
  | { kind: 'session-unlocked'; principal: string; at: number; from?: string }
  | { kind: 'breaker'; family: string; snapshot: unknown; from?: string };

export interface SharedState {
  readonly kind: 'local' | 'redis';
  /** Adds one to a counter that starts over windowMs after its first hit; resolves to the count. */
  incr(key: string, windowMs: number): Promise<number>;
  reset(key: string): Promise<void>;
  /** Takes a token from a bucket of `capacity`, refilled continuously at refillPerSecond. */
  takeToken(key: string, capacity: number, refillPerSecond: number, now: number): Promise<Admission>;
  /** Records one event in every window (each with its own limit) if none is full. */
  spend(keys: string[], limits: number[], windowMs: number, now: number): Promise<Spend>;
  /** Events in a window as this instance last saw it (for status; never blocks). */
  seen(key: string, windowMs: number, now: number): number;
  publish(notice: Notice): Promise<void>;
  subscribe(handler: (notice: Notice) => void): void;
  close(): Promise<void>;
}

/** The single-instance default: all of it in this process, exact and without I/O. */
export class LocalShared implements SharedState {
  readonly kind = 'local' as const;
  private readonly counters = new Map<string, { count: number; until: number }>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  incrNow(key: string, windowMs: number): number {
    const t = this.now();
    const c = this.counters.get(key);
    if (!c || c.until <= t) {
      this.counters.set(key, { count: 1, until: t + windowMs });
      return 1;
    }
    return ++c.count;
  }

  async incr(key: string, windowMs: number): Promise<number> {
    return this.incrNow(key, windowMs);
  }

  async reset(key: string): Promise<void> {
    this.counters.delete(key);
  }

  takeTokenNow(key: string, capacity: number, refillPerSecond: number, now: number): Admission {
    const b = this.buckets.get(key) ?? { tokens: capacity, at: now };
    b.tokens = Math.min(capacity, b.tokens + (Math.max(0, now - b.at) / 1000) * refillPerSecond);
    b.at = Math.max(b.at, now);
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { admitted: true };
    }
    return { admitted: false, retryAfterMs: Math.ceil(((1 - b.tokens) / refillPerSecond) * 1000) };
  }

  async takeToken(key: string, capacity: number, refillPerSecond: number, now: number): Promise<Admission> {
    return this.takeTokenNow(key, capacity, refillPerSecond, now);
  }

  private recent(key: string, windowMs: number, now: number): number[] {
    const times = (this.windows.get(key) ?? []).filter((t) => t > now - windowMs);
    this.windows.set(key, times);
    return times;
  }

  spendNow(keys: string[], limits: number[], windowMs: number, now: number): Spend {
    const lists = keys.map((k) => this.recent(k, windowMs, now));
    const used = lists.map((l) => l.length);
    const full = lists.findIndex((l, i) => l.length >= limits[i]!);
    if (full >= 0) return { ok: false, used, full, retryAfterMs: lists[full]![0]! + windowMs - now };
    for (const l of lists) l.push(now);
    return { ok: true, used: used.map((n) => n + 1) };
  }

  async spend(keys: string[], limits: number[], windowMs: number, now: number): Promise<Spend> {
    return this.spendNow(keys, limits, windowMs, now);
  }

  seen(key: string, windowMs: number, now: number): number {
    return this.recent(key, windowMs, now).length;
  }

  /** One process has no one else to tell. */
  async publish(): Promise<void> {}

  subscribe(): void {}

  async close(): Promise<void> {}
}
