import type { StateValue } from 'xstate';
import { describe, expect, it } from 'vitest';
import { parseRecord } from '../../src/l2/record.ts';
import { HOUR, l2World, MINUTE, runUntil, SECOND, settle } from '../support/l2.ts';

const KEY = 'data:meps:meps/9';
const data = (value: unknown) => ({ value, ttlMs: 10 * MINUTE, recipe: null });

describe('L2 entry lifecycle', () => {
  it('serves fresh data within the TTL, stale data as a fallback after it, and nothing past the stale window', async () => {
    const w = l2World();
    await w.system.l2.write(KEY, data({ a: 1 }));
    expect(await w.system.l2.read(KEY)).toEqual({ value: { a: 1 }, fetchedAt: 0, fresh: true });

    await runUntil(w.clock, 10 * MINUTE);
    expect(w.system.l2.status().live).toBe(0);
    // Restored from its row past the TTL: placed in stale by its deadlines, and served as a fallback.
    expect(await w.system.l2.read(KEY)).toEqual({ value: { a: 1 }, fetchedAt: 0, fresh: false });
    expect(w.system.l2.live(KEY)?.getSnapshot().value).toBe('stale');
    expect(w.system.l2.status()).toMatchObject({ restores: 1, staleServes: 1 });

    await runUntil(w.clock, 10 * MINUTE + HOUR);
    expect(await w.system.l2.read(KEY)).toBeNull();
    w.system.stop();
  });

  it('a live entry goes stale at its TTL and expires at the end of its stale window', async () => {
    const w = l2World({ config: { l2: { idleMs: 2 * HOUR } } });
    await w.system.l2.write(KEY, data({ a: 1 }));
    const ref = w.system.l2.live(KEY)!;
    const seen: StateValue[] = [];
    ref.subscribe((s) => seen.push(s.value));
    await runUntil(w.clock, 10 * MINUTE + HOUR + 1);
    expect(seen).toEqual(['stale', 'autoExpired']);
    expect(ref.getSnapshot().status).toBe('done');
    expect(w.system.l2.status().live).toBe(0);
    w.system.stop();
  });

  it('invalidation deletes the row through invalidated and deleting', async () => {
    const w = l2World();
    await w.system.l2.write(KEY, data({ a: 1 }));
    const seen: StateValue[] = [];
    w.system.l2.live(KEY)!.subscribe((s) => seen.push(s.value));
    expect(await w.system.l2.invalidate('data:meps:')).toBe(1);
    expect(seen).toEqual(['deleting', 'empty']);
    expect(w.store.data.has(KEY)).toBe(false);
    expect(await w.system.l2.read(KEY)).toBeNull();
    // Data written after the invalidation is not hidden by it.
    await runUntil(w.clock, SECOND);
    await w.system.l2.write(KEY, data({ a: 2 }));
    expect(await w.system.l2.read(KEY)).toMatchObject({ value: { a: 2 }, fresh: true });
    w.system.stop();
  });

  it('keeps the live actors bounded: past maxActive, an activation waits until an idle one stops', async () => {
    const w = l2World({ config: { l2: { maxActive: 2 } } });
    const writes = ['a', 'b', 'c'].map((k) => w.system.l2.write(`data:meps:meps/${k}`, data({ k })));
    await settle();
    expect(w.system.l2.status()).toMatchObject({ live: 2, waitingForPlace: 1 });
    expect(w.store.data.has('data:meps:meps/c')).toBe(false);
    await runUntil(w.clock, 1500);
    await Promise.all(writes);
    expect(w.store.data.has('data:meps:meps/c')).toBe(true);
    expect(w.system.l2.status().live).toBeLessThanOrEqual(2);
    await runUntil(w.clock, 3 * SECOND);
    expect(w.system.l2.status()).toMatchObject({ live: 0, passivations: 3, writes: 3 });
    w.system.stop();
  });

  it('with no idle time, an entry stops as soon as it rests, but never under an operation using it', async () => {
    const w = l2World({ config: { l2: { idleMs: 0 } } });
    await w.system.l2.write(KEY, data({ a: 1 }));
    await settle();
    expect(w.system.l2.status()).toMatchObject({ live: 0, passivations: 1 });
    expect(await w.system.l2.read(KEY)).toMatchObject({ value: { a: 1 }, fresh: true });
    await w.system.l2.write(KEY, data({ a: 2 }));
    expect(await w.system.l2.read(KEY)).toMatchObject({ value: { a: 2 }, fresh: true });
    await settle();
    expect(w.system.l2.status()).toMatchObject({ live: 0, restores: 2, writes: 2 });
    w.system.stop();
  });

  it('writes the row as the whole state: deadlines, recipe, no lease', async () => {
    const w = l2World();
    expect((await w.call('4')).state).toBe('complete');
    expect(parseRecord(w.store.data.get(w.key('4')))).toEqual({
      value: { path: 'meps/4', version: 1 },
      fetchedAt: 0,
      ttlMs: 10 * MINUTE,
      staleAt: 10 * MINUTE,
      refreshAt: 9 * MINUTE,
      expiresAt: 10 * MINUTE + HOUR,
      attempt: 0,
      nextRetryAt: null,
      recipe: { handler: 'meps', params: { path: 'meps/4', query: {} } },
      state: 'fresh',
      lease: null,
    });
    w.system.stop();
  });
});
