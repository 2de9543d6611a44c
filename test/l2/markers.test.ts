import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { InvalidationMarkers } from '../../src/l2/markers.ts';
import { TestClock } from '../support/clock.ts';
import { MemoryStore } from '../support/env.ts';

describe('L2 invalidation markers', () => {
  const make = (store = new MemoryStore(), clock = new TestClock()) =>
    new InvalidationMarkers(store, clock, pino({ level: 'silent' }), { pollMs: 1000, maxMarkers: 3, keepMs: 60_000 });

  it('hide rows under their prefix fetched at or before the invalidation, and nothing else', async () => {
    const clock = new TestClock();
    clock.set(5000);
    const m = make(new MemoryStore(), clock);
    await m.add('data:meps:', 5000);
    expect(m.hides('data:meps:meps/1', 4000)).toBe(true);
    expect(m.hides('data:meps:meps/1', 5000)).toBe(true);
    expect(m.hides('data:meps:meps/1', 5001)).toBe(false);
    expect(m.hides('data:meetings:meetings/1', 4000)).toBe(false);
  });

  it('reach other processes within one poll interval', async () => {
    const store = new MemoryStore();
    const clock = new TestClock();
    const mine = make(store, clock);
    const theirs = make(store, clock);
    await theirs.current();
    await mine.add('data:', 0);
    await theirs.current();
    expect(theirs.hides('data:x', 0)).toBe(false);
    clock.set(1000);
    await theirs.current();
    expect(theirs.hides('data:x', 0)).toBe(true);
  });

  it('past the limit, fold the oldest into one marker over everything: wider than asked, never narrower', async () => {
    const clock = new TestClock();
    const m = make(new MemoryStore(), clock);
    for (const [i, prefix] of ['data:a', 'data:b', 'data:c', 'data:d'].entries()) {
      clock.set(1000 * (i + 1));
      await m.add(prefix, clock.now());
    }
    expect(m.size).toBe(3);
    expect(m.hides('data:b/1', 2000)).toBe(true);
    expect(m.hides('data:z/1', 2000)).toBe(true);
    expect(m.hides('data:z/1', 2001)).toBe(false);
    expect(m.hides('data:d/1', 4000)).toBe(true);
  });
});
