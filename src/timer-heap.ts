import type { Clock } from './clock.ts';

/** The longest delay a Node timer takes as given; longer ones are armed in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;
/** Due times and sequence numbers stay below this: small integers V8 keeps inline. */
const SMALL = 0x3fffffff;
/** `index` of a timer taken off the heap to fire in the current wake-up. */
const FIRING = -2;

/** One pending timer. Subclasses say what happens when it is due. */
export abstract class Timer {
  /** Due time in ms since the heap's epoch (a Date.now() value would be boxed). */
  at = 0;
  /** Order of scheduling: timers due in the same millisecond fire first-in, first-out. */
  seq = 0;
  /** Position in the heap; -1 when not pending. */
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
  /** A lazy heap left empty has a disarm pending for the end of the turn. */
  private emptyCheck = false;

  /**
   * `lazy`: taking the earliest timer off, or adding one later than the real
   * timer, leaves the real timer as it is; it may then wake early, find nothing
   * due and re-arm. A timer set and cleared on every call (a deadline per
   * call) then costs no real timer work at all.
   */
  constructor(
    private readonly base: Clock,
    private readonly options: { lazy?: boolean } = {},
  ) {
    this.epoch = base.now();
  }

  now(): number {
    return this.base.now();
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
    this.remove(timer);
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const at = Math.ceil(this.elapsed() + delay);
    // `| 0` keeps it a small integer; after 12 days of uptime it is a double.
    timer.at = at <= SMALL ? at | 0 : at;
    if (this.heap.length === 0) this.seq = 0;
    else if (this.seq === SMALL) this.renumber();
    timer.seq = this.seq++;
    this.push(timer);
    this.arm();
  }

  /** Takes a timer off the heap (or out of the current wake-up); any other timer is ignored. */
  remove(timer: Timer): void {
    const i = timer.index;
    if (i === FIRING) timer.index = -1;
    if (i < 0 || this.heap[i] !== timer) return;
    this.take(i);
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
    this.disarm();
    this.armedFor = Infinity;
  }

  private elapsed(): number {
    return this.base.now() - this.epoch;
  }

  /**
   * Keeps the real timer armed for exactly the earliest entry, so tests see the
   * true next deadline; lazily, for no later than it. With nothing pending it
   * is disarmed either way, so an idle heap never holds the process open.
   */
  private arm(): void {
    if (this.waking) return;
    const next = this.heap.length ? this.heap[0]!.at : Infinity;
    if (next === this.armedFor) return;
    if (this.options.lazy && next > this.armedFor) {
      // Emptied: disarm once this turn is over, unless a timer has come back meanwhile.
      if (next === Infinity && !this.emptyCheck) {
        this.emptyCheck = true;
        queueMicrotask(this.disarmIfEmpty);
      }
      return;
    }
    this.disarm();
    this.armedFor = next;
    if (next === Infinity) return;
    const delay = Math.min(Math.max(0, next - this.elapsed()), MAX_DELAY_MS);
    this.handle = this.base.setTimeout(this.wake, delay);
  }

  private readonly disarmIfEmpty = (): void => {
    this.emptyCheck = false;
    if (this.heap.length === 0 && !this.waking) {
      this.disarm();
      this.armedFor = Infinity;
    }
  };

  private disarm(): void {
    if (this.handle !== undefined) this.base.clearTimeout(this.handle);
    this.handle = undefined;
  }

  /**
   * Fires, in order, every timer due by now. A timer set meanwhile waits for
   * the next turn of the real timer, as with plain timers; one cleared
   * meanwhile does not fire.
   */
  private readonly wake = (): void => {
    this.handle = undefined;
    this.armedFor = Infinity;
    const now = this.elapsed();
    const due: Timer[] = [];
    while (this.heap.length && this.heap[0]!.at <= now) {
      const t = this.heap[0]!;
      this.take(0);
      t.index = FIRING;
      due.push(t);
    }
    this.waking = true;
    let i = 0;
    try {
      for (; i < due.length; i++) {
        const t = due[i]!;
        if (t.index !== FIRING) continue;
        t.index = -1;
        t.fire();
      }
    } finally {
      // A timer that threw leaves the rest of this turn's timers for the next.
      for (let j = i + 1; j < due.length; j++) if (due[j]!.index === FIRING) this.push(due[j]!);
      this.waking = false;
      this.arm();
    }
  };

  /** Renumbers pending timers from 0 in the same order, once in about a billion. */
  private renumber(): void {
    const byOrder = [...this.heap].sort((a, b) => a.seq - b.seq);
    byOrder.forEach((t, i) => (t.seq = i));
    this.seq = byOrder.length;
  }

  private push(t: Timer): void {
    t.index = this.heap.length;
    this.heap.push(t);
    this.up(t.index);
  }

  /** Removes the entry at `i`, keeping the heap in order. */
  private take(i: number): void {
    const h = this.heap;
    const t = h[i]!;
    t.index = -1;
    const last = h.pop()!;
    if (last === t) return;
    h[i] = last;
    last.index = i;
    this.down(i);
    this.up(last.index);
  }

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
