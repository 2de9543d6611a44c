import { describe, expect, it } from 'vitest';
import { TimerHeap } from '../../src/timer-heap.ts';
import { TestClock } from '../support/clock.ts';

function world() {
  const clock = new TestClock();
  const heap = new TimerHeap(clock);
  const fired: string[] = [];
  const at = (name: string, ms: number) => heap.setTimeout(() => fired.push(name), ms);
  return { clock, heap, fired, at };
}

/** A base clock with at most one timer, fired by hand. */
class ManualClock {
  private t = 0;
  private pending: { fn: () => void; due: number } | undefined;
  /** Delays the real timer was armed with, since the last advance. */
  armed: number[] = [];
  now() {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number) {
    this.pending = { fn, due: this.t + ms };
    this.armed.push(ms);
    return this.pending;
  }
  clearTimeout(id: unknown) {
    if (this.pending === id) this.pending = undefined;
  }
  advance(ms: number) {
    this.t += ms;
    this.armed = [];
    const p = this.pending;
    if (p && p.due <= this.t) {
      this.pending = undefined;
      p.fn();
    }
  }
}

const pending = (clock: TestClock) => (clock as unknown as { timeouts: Map<number, unknown> }).timeouts.size;

describe('timer heap', () => {
  it('fires timers in due order on one real timer, always armed for the earliest', () => {
    const { clock, heap, fired, at } = world();
    at('c', 300);
    at('a', 100);
    at('b', 200);
    expect(pending(clock)).toBe(1);
    expect(clock.nextDue()).toBe(100);
    clock.set(150);
    expect(fired).toEqual(['a']);
    expect(clock.nextDue()).toBe(200);
    clock.set(1000);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(heap.size).toBe(0);
    expect(pending(clock)).toBe(0);
  });

  it('fires timers due in the same millisecond first-in, first-out', () => {
    const { clock, fired, at } = world();
    for (const n of ['1', '2', '3', '4', '5']) at(n, 50);
    clock.set(50);
    expect(fired).toEqual(['1', '2', '3', '4', '5']);
  });

  it('a cleared timer never fires, and clearing the earliest re-arms for the next', () => {
    const { clock, heap, fired, at } = world();
    const a = at('a', 100);
    at('b', 200);
    heap.clearTimeout(a);
    expect(clock.nextDue()).toBe(200);
    heap.clearTimeout(a); // twice is harmless
    heap.clearTimeout('not a timer');
    clock.set(200);
    expect(fired).toEqual(['b']);
  });

  it('keeps order through many random adds and removes', () => {
    const { clock, heap, fired } = world();
    const ids: unknown[] = [];
    const expected: number[] = [];
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 500; i++) {
      const due = Math.floor(rnd() * 10_000);
      ids.push(heap.setTimeout(() => fired.push(String(due)), due));
      expected.push(due);
    }
    for (let i = 0; i < 500; i += 3) {
      heap.clearTimeout(ids[i]);
      expected[i] = -1;
    }
    clock.set(20_000);
    const want = expected.filter((d) => d >= 0).sort((x, y) => x - y).map(String);
    expect(fired).toEqual(want);
  });

  it('a timer set while timers fire waits for the next turn of the real timer, as with plain timers', () => {
    const base = new ManualClock();
    const heap = new TimerHeap(base);
    const fired: string[] = [];
    heap.setTimeout(() => {
      fired.push('first');
      heap.setTimeout(() => fired.push('zero-delay'), 0);
    }, 10);
    base.advance(10);
    expect(fired).toEqual(['first']);
    expect(base.armed).toEqual([0]);
    base.advance(0);
    expect(fired).toEqual(['first', 'zero-delay']);
  });

  it('a timer cleared by one that fires before it in the same turn does not fire', () => {
    const { clock, heap, fired, at } = world();
    let b: unknown;
    heap.setTimeout(() => {
      fired.push('a');
      heap.clearTimeout(b);
    }, 10);
    b = at('b', 10);
    at('c', 10);
    clock.set(10);
    expect(fired).toEqual(['a', 'c']);
  });

  it('keeps first-in, first-out order when its sequence numbers wrap', () => {
    const { clock, heap, fired, at } = world();
    const seq = heap as unknown as { seq: number };
    at('later', 100);
    seq.seq = 0x3fffffff - 2;
    for (const n of ['1', '2', '3', '4', '5']) at(n, 50);
    expect(seq.seq).toBeLessThan(10); // renumbered
    clock.set(100);
    expect(fired).toEqual(['1', '2', '3', '4', '5', 'later']);
  });

  it('arms the real timer for at most 2^31-1 ms and re-arms until a longer delay is due', () => {
    const { clock, fired, at } = world();
    const day = 24 * 3600 * 1000;
    at('far', 40 * day);
    expect(clock.nextDue()).toBe(2 ** 31 - 1);
    clock.set(2 ** 31 - 1);
    expect(fired).toEqual([]);
    expect(clock.nextDue()).toBe(40 * day);
    clock.set(40 * day);
    expect(fired).toEqual(['far']);
  });

  it('clear drops every timer and the real one', () => {
    const { clock, heap, fired, at } = world();
    at('a', 10);
    at('b', 20);
    heap.clear();
    expect(heap.size).toBe(0);
    expect(pending(clock)).toBe(0);
    clock.set(100);
    expect(fired).toEqual([]);
  });

  it('a timer that throws still leaves the real timer armed for the rest', () => {
    const base = new ManualClock();
    const heap = new TimerHeap(base);
    const fired: string[] = [];
    heap.setTimeout(() => {
      throw new Error('boom');
    }, 10);
    heap.setTimeout(() => fired.push('after'), 20);
    expect(() => base.advance(10)).toThrow('boom');
    expect(base.armed).toEqual([10]);
    base.advance(10);
    expect(fired).toEqual(['after']);
  });

  describe('lazy', () => {
    function lazy() {
      const clock = new TestClock();
      let arms = 0;
      const base = { now: () => clock.now(), setTimeout: (fn: () => void, ms: number) => (arms++, clock.setTimeout(fn, ms)), clearTimeout: (id: unknown) => clock.clearTimeout(id as never) };
      const heap = new TimerHeap(base, { lazy: true });
      const fired: string[] = [];
      return { clock, heap, fired, arms: () => arms, at: (name: string, ms: number) => heap.setTimeout(() => fired.push(name), ms) };
    }

    it('a deadline set and cleared on every call arms the real timer once, not per call', () => {
      const w = lazy();
      let idle = w.at('idle', 300_000);
      for (let i = 0; i < 1000; i++) {
        w.clock.increment(1);
        w.heap.clearTimeout(idle);
        const call = w.at('call', 30_000);
        w.heap.clearTimeout(call);
        idle = w.at('idle', 300_000);
      }
      expect(w.arms()).toBeLessThanOrEqual(2);
      expect(w.fired).toEqual([]);
    });

    it('wakes early for a timer taken off, fires nothing, and re-arms for the one still due', () => {
      const w = lazy();
      const early = w.at('early', 100);
      w.at('late', 500);
      w.heap.clearTimeout(early);
      expect(w.clock.nextDue()).toBe(100);
      w.clock.set(100);
      expect(w.fired).toEqual([]);
      expect(w.clock.nextDue()).toBe(500);
      w.clock.set(499);
      expect(w.fired).toEqual([]);
      w.clock.set(500);
      expect(w.fired).toEqual(['late']);
    });

    it('a timer earlier than the armed one re-arms at once', () => {
      const w = lazy();
      w.at('late', 500);
      w.at('early', 50);
      expect(w.clock.nextDue()).toBe(50);
      w.clock.set(50);
      expect(w.fired).toEqual(['early']);
    });

    it('left empty, it disarms at the end of the turn, so it never holds the process open', async () => {
      const w = lazy();
      const t = w.at('a', 1000);
      w.heap.clearTimeout(t);
      // Within the turn the real timer stays, for a timer set again at once.
      expect(pending(w.clock)).toBe(1);
      await Promise.resolve();
      expect(pending(w.clock)).toBe(0);
      w.at('b', 10);
      w.heap.clear();
      expect(pending(w.clock)).toBe(0);
    });
  });
});
