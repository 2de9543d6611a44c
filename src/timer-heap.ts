import type { Clock } from './clock.ts';

/** The longest delay a Node timer takes as given; longer ones are armed in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** One pending timer. Subclasses say what happens when it is due. */
export abstract class Timer {
  /** Due time, in ms since the heap's epoch: a small integer, kept inline by V8 (a Date.now() value is boxed). */
  at = 0;
  /** Order of scheduling: timers due at the same time fire first-in, first-out. */
  seq = 0;
  /** Position in the heap, -1 when not pending. */
  index = -1;
  abstract fire(): void;
}

class Callback extends Timer {
  constructor(private readonly fn: () => void) {
    super();
  }
  fire(): void {
    this.fn();
  }
}

/**
 * Many timers on one real timer: a binary min-heap ordered by due time, with
 * the underlying clock's single timer always armed for the earliest entry.
 * A Node timer costs about 150 bytes and a timer list per distinct duration;
 * an entry here costs one small object, so a hundred thousand sessions with
 * two deadlines each stay cheap. Time is read from the underlying clock, so a
 * simulated clock drives it in tests exactly as it drives plain timers.
 */
export class TimerHeap implements Clock {
  private readonly heap: Timer[] = [];
  private readonly epoch: number;
  private seq = 0;
  private handle: unknown = undefined;
  /** Due time the real timer is armed for; Infinity when disarmed. */
  private armedFor = Infinity;
  /** While due timers fire, the real timer is armed once, at the end. */
  private waking = false;

  constructor(private readonly base: Clock) {
    this.epoch = base.now();
  }

  now(): number {
    return this.base.now();
  }

  private elapsed(): number {
    return this.base.now() - this.epoch;
  }

  get size(): number {
    return this.heap.length;
  }

  /** Time of the earliest pending timer, or null when none is pending. */
  nextDue(): number | null {
    return this.heap.length ? this.epoch + this.heap[0]!.at : null;
  }

  /** Puts a timer on the heap, due `ms` from now; re-adding a pending timer moves it. */
  add(timer: Timer, ms: number): void {
    if (timer.index >= 0) this.remove(timer);
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const at = Math.ceil(this.elapsed() + delay);
    // `| 0` makes it a small integer V8 stores inline; after 12 days of uptime it stays a double.
    timer.at = at <= 0x3fffffff ? at | 0 : at;
    // Kept a small integer too; it only orders timers due in the same millisecond.
    if (this.heap.length === 0 && !this.waking) this.seq = 0;
    timer.seq = this.seq;
    this.seq = (this.seq + 1) & 0x3fffffff;
    timer.index = this.heap.length;
    this.heap.push(timer);
    this.up(timer.index);
    this.arm();
  }

  /** Takes a timer off the heap; a timer that is not pending is ignored. */
  remove(timer: Timer): void {
    const i = timer.index;
    if (i < 0 || this.heap[i] !== timer) return;
    timer.index = -1;
    const last = this.heap.pop()!;
    if (last !== timer) {
      this.heap[i] = last;
      last.index = i;
      this.down(i);
      this.up(last.index);
    }
    if (i === 0) this.arm();
  }

  setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown {
    const timer = new Callback(fn as () => void);
    this.add(timer, ms);
    return timer;
  }

  clearTimeout(id: unknown): void {
    if (id instanceof Timer) this.remove(id);
  }

  /** Drops every pending timer and the real one. */
  clear(): void {
    for (const t of this.heap) t.index = -1;
    this.heap.length = 0;
    this.arm();
  }

  /** Keeps the real timer armed for exactly the earliest entry, so tests see the true next deadline. */
  private arm(): void {
    if (this.waking) return;
    const next = this.heap.length ? this.heap[0]!.at : Infinity;
    if (next === this.armedFor) return;
    if (this.handle !== undefined) this.base.clearTimeout(this.handle);
    this.handle = undefined;
    this.armedFor = next;
    if (next === Infinity) return;
    const delay = Math.min(Math.max(0, next - this.elapsed()), MAX_DELAY_MS);
    this.handle = this.base.setTimeout(this.wake, delay);
  }

  /**
   * Fires every timer due by now that was scheduled before this wake-up; one
   * scheduled meanwhile waits for the next turn, as with plain timers.
   */
  private readonly wake = (): void => {
    this.handle = undefined;
    this.armedFor = Infinity;
    const now = this.elapsed();
    const before = this.seq;
    this.waking = true;
    try {
      for (let top = this.heap[0]; top && top.at <= now && top.seq < before; top = this.heap[0]) {
        this.remove(top);
        top.fire();
      }
    } finally {
      this.waking = false;
      this.arm();
    }
  };

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    const t = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(t, h[p]!)) break;
      h[i] = h[p]!;
      h[i]!.index = i;
      i = p;
    }
    h[i] = t;
    t.index = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const t = h[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(h[c + 1]!, h[c]!)) c++;
      if (!this.less(h[c]!, t)) break;
      h[i] = h[c]!;
      h[i]!.index = i;
      i = c;
    }
    h[i] = t;
    t.index = i;
  }
}
