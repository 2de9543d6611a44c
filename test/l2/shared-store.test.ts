import { describe, expect, it } from 'vitest';
import { spreadOf } from '../../src/l2/schedule.ts';
import { HOUR, l2World, MINUTE, runUntil, SECOND } from '../support/l2.ts';

describe('L2 shared by several processes', () => {
  it('an invalidation in one process hides the rows another process wrote, which are then deleted on read', async () => {
    const a = l2World();
    const b = l2World({ shared: a.shared });
    await a.call('1');
    await b.call('2');
    await runUntil(a.clock, 2 * SECOND);

    // B knows only its own row: that one is deleted at once, A's is hidden by the marker.
    expect(await b.system.l2.invalidate('data:meps:')).toBe(1);
    expect(a.store.data.has(a.key('2'))).toBe(false);
    expect(a.store.data.has(a.key('1'))).toBe(true);
    await runUntil(a.clock, 4 * SECOND);
    expect(await a.system.l2.read(a.key('1'))).toBeNull();
    expect(a.store.data.has(a.key('1'))).toBe(false);
    expect(a.system.l2.status().hiddenByMarker).toBe(1);
    a.system.stop();
    b.system.stop();
  });

  it('two processes due to refresh the same row make one upstream call: the first takes the lease', async () => {
    const config = { l2: { refresh: { jitterMs: 2 * SECOND } } };
    // A refresh takes 5 s upstream: the second process comes due while the first one's call is in flight.
    const slow = (w: () => ReturnType<typeof l2World>) => async () => {
      const clock = w().clock;
      if (clock.now() > 0) await new Promise((r) => clock.setTimeout(r, 5 * SECOND));
      return { version: clock.now() };
    };
    const a: ReturnType<typeof l2World> = l2World({ config, upstream: slow(() => a) });
    const other = (): ReturnType<typeof l2World> => {
      const w: ReturnType<typeof l2World> = l2World({ config, shared: a.shared, upstream: slow(() => w) });
      return w;
    };
    let b = other();
    // Their fixed spreads must differ, or both would claim in the same simulated instant.
    while (spreadOf(a.system.l2.owner, a.key('1'), 2 * SECOND) === spreadOf(b.system.l2.owner, a.key('1'), 2 * SECOND)) {
      b.system.stop();
      b = other();
    }
    await a.call('1');
    expect(await b.system.l2.read(a.key('1'))).toMatchObject({ fresh: true });
    await runUntil(a.clock, 2 * SECOND);
    expect(a.system.l2.status().scheduled).toBe(1);
    expect(b.system.l2.status().scheduled).toBe(1);

    await runUntil(a.clock, 15 * MINUTE);
    expect(a.calls.length + b.calls.length).toBe(2);
    expect(a.system.l2.status().refreshes + b.system.l2.status().refreshes).toBe(1);
    a.system.stop();
    b.system.stop();
  });

  it('a refresh planned by a process that stopped is picked up by another from the store schedule', async () => {
    // A 1 h TTL puts the refresh (54 min) beyond the 10 min lookahead: it waits in the store only.
    const config = { cache: { ttlMs: { mep: HOUR } } };
    const a = l2World({ config });
    await a.call('1');
    await runUntil(a.clock, 2 * SECOND);
    expect(a.system.l2.status().scheduled).toBe(0);
    expect([...a.store.data.keys()].some((k) => k.startsWith('l2:due:'))).toBe(true);
    a.system.stop();

    const b = l2World({ config, shared: a.shared });
    await runUntil(b.clock, 50 * MINUTE);
    expect(await b.system.l2.scan()).toBe(1);
    await runUntil(b.clock, 55 * MINUTE);
    expect(b.calls).toHaveLength(1);
    expect(b.system.l2.status().refreshes).toBe(1);
    b.system.stop();
  });
});
