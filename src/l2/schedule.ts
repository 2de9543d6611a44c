import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { logStoreFault } from './store-fault.ts';
import type { KeyValueStore } from '../environment.ts';
import type { RefreshLimiter } from './limiter.ts';

const PREFIX = 'l2:due:';

interface Due { at: number; family: string }
type Bucket = Record<string, [number, string]>;

export interface ScheduleOptions {
  bucketMs: number;
  lookaheadMs: number;
  lookbackMs: number;
  flushEveryMs: number;
  /** Woken entries are spaced at least this far apart. */
  minIntervalMs: number;
  jitterMs: number;
  /** This process, for its fixed spread of wake times. */
  owner: string;
}

/**
 * When each entry's next refresh is due. Every deadline is written to the
 * store in time buckets, which every process scans, so a refresh is picked up
 * after a restart or by another process. Deadlines within the lookahead are
 * also held in memory and timed on the clock. Due entries are woken one at a
 * time, as fast as the refresh limiter allows; the rest wait in order.
 */
export class RefreshSchedule {
  private readonly near = new Map<string, Due>();
  /** Due entries waiting for the limiter, in order of arrival. */
  private readonly ready = new Map<string, string>();
  /** The deadline each recently woken entry was woken for: the store's buckets still list it. */
  private readonly handled = new Map<string, number>();
  private timer: unknown = null;
  private timerAt: number | null = null;
  private lastWake = -Infinity;
  private scannedFrom: number | null = null;
  private readonly pending = new Map<number, Map<string, [number, string]>>();
  private flushing: Promise<void> = Promise.resolve();
  private flushQueued = false;
  private flushTimer: unknown = null;
  private stopped = false;
  /** Wakes an entry whose refresh is due; set by the owner. */
  onDue: (key: string) => Promise<unknown> = async () => undefined;
  woken = 0;

  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
    private readonly limiter: RefreshLimiter,
    private readonly logger: Logger,
    private readonly o: ScheduleOptions,
  ) {}

  private bucketOf(at: number): number {
    return Math.floor(at / this.o.bucketMs) * this.o.bucketMs;
  }

  /** Plans the refresh of `key` at `at`, replacing any earlier plan. */
  add(key: string, at: number, family: string): void {
    this.hold(key, at, family);
    this.append(key, at, family);
  }

  private spread(key: string): number {
    return spreadOf(this.o.owner, key, this.o.jitterMs);
  }

  private hold(key: string, at: number, family: string): void {
    this.ready.delete(key);
    if (at <= this.clock.now() + this.o.lookaheadMs) this.near.set(key, { at: at + this.spread(key), family });
    else this.near.delete(key);
    this.arm();
  }

  remove(key: string): void {
    this.near.delete(key);
    this.ready.delete(key);
  }

  /** Keys with a refresh planned within the lookahead. */
  keys(): string[] {
    return [...this.near.keys(), ...this.ready.keys()];
  }

  get size(): number {
    return this.near.size + this.ready.size;
  }

  get waiting(): number {
    return this.ready.size;
  }

  private append(key: string, at: number, family: string): void {
    const b = this.bucketOf(at);
    let m = this.pending.get(b);
    if (!m) this.pending.set(b, (m = new Map()));
    m.set(key, [at, family]);
    if (this.flushQueued || this.stopped) return;
    // Additions are written together, one read-modify-write per bucket per flush.
    this.flushQueued = true;
    this.flushTimer = this.clock.setTimeout(() => {
      this.flushTimer = null;
      this.flushing = this.flushing.then(() => this.flush());
    }, this.o.flushEveryMs);
  }

  private async flush(): Promise<void> {
    this.flushQueued = false;
    const batch = [...this.pending];
    this.pending.clear();
    for (const [b, entries] of batch) {
      try {
        const due = parseBucket(await this.store.get(PREFIX + b));
        for (const [k, v] of entries) due[k] = v;
        const keep = b + 2 * this.o.bucketMs + this.o.lookbackMs - this.clock.now();
        await this.store.set(PREFIX + b, { due }, Math.max(1, keep));
      } catch (err) {
        // Without its bucket row the entry is still refreshed in this process, or on its next read.
        logStoreFault(this.logger, err, { bucket: b }, 'L2 refresh schedule could not be written');
      }
    }
  }


  /** Reads the store's buckets up to the lookahead: deadlines planned by any process. */
  async scan(): Promise<number> {
    const now = this.clock.now();
    const from = this.scannedFrom ?? this.bucketOf(now - this.o.lookbackMs);
    const to = this.bucketOf(now + this.o.lookaheadMs);
    let found = 0;
    for (const [key, at] of this.handled) if (at < from) this.handled.delete(key);
    for (let b = from; b <= to; b += this.o.bucketMs) {
      let due: Bucket;
      try {
        due = parseBucket(await this.store.get(PREFIX + b));
      } catch (err) {
        logStoreFault(this.logger, err, { bucket: b }, 'L2 refresh schedule could not be read');
        return found;
      }
      for (const [key, [at, family]] of Object.entries(due)) {
        if (at > now + this.o.lookaheadMs || this.near.has(key) || this.ready.has(key)) continue;
        if ((this.handled.get(key) ?? -Infinity) >= at + this.spread(key)) continue;
        this.near.set(key, { at: at + this.spread(key), family });
        found++;
      }
    }
    // The current and previous buckets may still receive deadlines from other processes: read them again next time.
    this.scannedFrom = Math.max(from, this.bucketOf(now) - this.o.bucketMs);
    this.arm();
    return found;
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = null;
    if (this.stopped) return;
    const now = this.clock.now();
    const due = [...this.near].filter(([, d]) => d.at <= now).sort((a, b) => a[1].at - b[1].at);
    for (const [key, d] of due) {
      this.near.delete(key);
      this.ready.set(key, d.family);
      this.handled.set(key, d.at);
    }
    this.drain(now);
    this.arm();
  }

  private get paceMs(): number {
    return Math.max(1, this.o.minIntervalMs);
  }

  private drain(now: number): void {
    if (now < this.lastWake + this.paceMs) return;
    for (const [key, family] of this.ready) {
      if (this.limiter.readyAt(family, now) > now) continue;
      this.ready.delete(key);
      this.lastWake = now;
      this.woken++;
      this.onDue(key).catch((err) => {
        logStoreFault(this.logger, err, { key }, 'L2 entry could not be woken for its refresh');
        this.hold(key, this.clock.now() + this.o.bucketMs, family);
      });
      return; // one at a time: the next after the pacing interval
    }
  }

  private arm(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    let next = Infinity;
    for (const d of this.near.values()) next = Math.min(next, d.at);
    for (const family of new Set(this.ready.values())) {
      next = Math.min(next, Math.max(this.limiter.readyAt(family, now), this.lastWake + this.paceMs));
    }
    if (next === Infinity) {
      this.clearTimer();
      return;
    }
    if (this.timerAt !== null && this.timerAt <= next) return;
    this.clearTimer();
    this.timerAt = next;
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, next - now));
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = null;
  }

  /** Stops timing; deadlines not yet written go to the store now. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
    if (this.flushTimer !== null) {
      this.clock.clearTimeout(this.flushTimer);
      this.flushTimer = null;
      this.flushing = this.flushing.then(() => this.flush());
    }
  }
}

/** A process's fixed delay for a row (FNV-1a): processes sharing the store wake it at different instants. */
export function spreadOf(owner: string, key: string, jitterMs: number): number {
  if (jitterMs === 0) return 0;
  let h = 2166136261;
  for (const c of owner + key) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h % jitterMs;
}

function parseBucket(x: unknown): Bucket {
  const due = (x as { due?: unknown } | undefined)?.due;
  if (typeof due !== 'object' || due === null) return {};
  const out: Bucket = {};
  for (const [k, v] of Object.entries(due)) {
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') out[k] = [v[0], v[1]];
  }
  return out;
}
