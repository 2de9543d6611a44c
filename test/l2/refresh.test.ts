import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../machines/worker.ts';
import { UpstreamError } from '../../src/errors.ts';
import { parseRecord } from '../../src/l2/record.ts';
import { l2World, MINUTE, runUntil, SECOND } from '../support/l2.ts';

describe('L2 background refresh', () => {
  it('refreshes a row before its TTL ends, from the schedule, paying from the upstream budget', async () => {
    const w = l2World();
    const key = w.key('1');
    expect((await w.call('1')).state).toBe('complete');
    expect(w.calls).toHaveLength(1);

    // Idle for a second: the entry actor stops, its refresh deadline goes to the schedule.
    await runUntil(w.clock, 2 * SECOND);
    expect(w.system.l2.status()).toMatchObject({ live: 0, scheduled: 1, passivations: 1 });
    expect(parseRecord(w.store.data.get(key))).toMatchObject({ state: 'fresh', fetchedAt: 0, refreshAt: 9 * MINUTE, staleAt: 10 * MINUTE });

    await runUntil(w.clock, 9 * MINUTE - 1);
    expect(w.calls).toHaveLength(1);
    // The first call has left the 5 min budget window by now; the refresh is counted in it.
    expect(w.system.budget.used('meps', w.clock.now())).toBe(0);
    await runUntil(w.clock, 9 * MINUTE + 5 * SECOND);
    expect(w.calls).toHaveLength(2);
    expect(w.system.budget.used('meps', w.clock.now())).toBe(1);
    expect(parseRecord(w.store.data.get(key))).toMatchObject({ fetchedAt: 9 * MINUTE, staleAt: 19 * MINUTE, refreshAt: 18 * MINUTE, lease: null });
    expect(w.system.l2.status()).toMatchObject({ refreshes: 1, refreshFailures: 0 });

    // Past the first TTL, a call finds the refreshed row: a hit, with no upstream call on the request path.
    await runUntil(w.clock, 11 * MINUTE);
    const later = await w.call('1');
    expect(later).toMatchObject({ state: 'complete', cacheStatus: 'hit', degraded: false });
    expect(w.calls).toHaveLength(2);
    w.system.stop();
  });

  it('retries a failed refresh with exponential backoff, then keeps the old data and stops trying', async () => {
    let failing = false;
    const times: number[] = [];
    const w: ReturnType<typeof l2World> = l2World({
      config: { l2: { refresh: { maxAttempts: 3 } } },
      upstream: async () => {
        times.push(w.clock.now());
        if (failing) throw new UpstreamError('503 from the EP API', { code: 'http_503', transient: true, status: 503 });
        return { version: 1 };
      },
    });
    const key = w.key('1');
    await w.call('1');
    failing = true;
    await runUntil(w.clock, 30 * MINUTE);

    const c = w.system.config.l2.refresh;
    const t1 = 9 * MINUTE;
    const t2 = t1 + backoffMs(c, 1, key);
    const t3 = t2 + backoffMs(c, 2, key);
    expect(times).toEqual([0, t1, t2, t3]);
    expect(t3 - t2).toBeGreaterThan(t2 - t1);
    // Between attempts nothing is live: each retry was woken from its row.
    expect(w.system.l2.status()).toMatchObject({ live: 0, refreshFailures: 3, refreshes: 0 });
    expect(w.system.l2.status().restores).toBeGreaterThanOrEqual(3);
    expect(parseRecord(w.store.data.get(key))).toMatchObject({ state: 'fresh', fetchedAt: 0, refreshAt: null, nextRetryAt: null, lease: null, value: { version: 1 } });

    // The kept data is handed out past its TTL as a fallback, marked not fresh.
    expect(await w.system.l2.read(key)).toEqual({ value: { version: 1 }, fetchedAt: 0, fresh: false });
    w.system.stop();
  });

  it('leaves the upstream budget to callers: a refresh waits while the share for refreshes is spent', async () => {
    const w = l2World();
    await w.call('1');
    await runUntil(w.clock, 8 * MINUTE);
    const share = Math.floor(w.system.config.l2.refresh.budgetShare * w.system.config.upstream.budgetPerWindow);
    for (let i = 0; i < share; i++) await w.system.budget.take('meps', w.clock.now());

    await runUntil(w.clock, 12 * MINUTE);
    expect(w.calls).toHaveLength(1);
    expect(w.system.l2.status().dueWaiting).toBe(1);
    // The spent share leaves the 5 min window at 13 min; then the refresh goes.
    await runUntil(w.clock, 13 * MINUTE + 5 * SECOND);
    expect(w.calls).toHaveLength(2);
    expect(w.system.l2.status()).toMatchObject({ refreshes: 1, dueWaiting: 0 });
    w.system.stop();
  });

  it('never bursts: due refreshes start one per interval, at most maxConcurrent at once', async () => {
    let inFlight = 0;
    let most = 0;
    const starts: number[] = [];
    const w: ReturnType<typeof l2World> = l2World({
      upstream: async (req) => {
        if (w.clock.now() === 0) return { path: req.path };
        starts.push(w.clock.now());
        most = Math.max(most, ++inFlight);
        // Each refresh takes 2 s of upstream time.
        await new Promise((r) => w.clock.setTimeout(r, 2 * SECOND));
        inFlight--;
        return { path: req.path, refreshed: true };
      },
    });
    const ids = ['1', '2', '3', '4', '5'];
    for (const id of ids) await w.call(id);
    await runUntil(w.clock, 12 * MINUTE);

    const { minIntervalMs, maxConcurrent } = w.system.config.l2.refresh;
    expect(starts).toHaveLength(ids.length);
    expect(most).toBeLessThanOrEqual(maxConcurrent);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(minIntervalMs);
    expect(w.system.l2.status().refreshes).toBe(ids.length);
    w.system.stop();
  });
});
