import { describe, expect, it } from 'vitest';
import { call, FAST, readJson, startServer, tempDir, withFake } from './harness.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hits = (fake: { counts(): { byPath: Record<string, number> } }, path: string) => fake.counts().byPath[path] ?? 0;
const MEP = '/api/v2/meps/1294';

async function waitFor(what: string, ok: () => boolean, ms: number) {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('L2 over stdio', () => {
  it('refreshes a row in the background before its TTL ends, so a call after the TTL needs no upstream call', async () => {
    await withFake(async (fake) => {
      // A 4 s TTL with a refresh due when 30% of it is left (at 2.8 s, then 5.6 s); one process, so no spread of wake times.
      const config = {
        ...FAST,
        cache: { ttlMs: { mep: 4000 } },
        l2: { idleMs: 200, refresh: { leadFraction: 0.3, minIntervalMs: 50, jitterMs: 0 }, schedule: { bucketMs: 1000, lookaheadMs: 3000, scanEveryMs: 500 } },
      };
      const s = await startServer(fake, { config });
      const t0 = Date.now();
      const first = await call(s.client, 'get_mep_details', { id: '1294' });
      expect(first._meta?.cache.status).toBe('miss');
      expect(hits(fake, MEP)).toBe(1);

      // Nobody calls: the fake sees the refresh, after 2.8 s and before the TTL ends at 4 s.
      await waitFor('the background refresh', () => hits(fake, MEP) === 2, 3800);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(2700);
      expect(Date.now() - t0).toBeLessThan(4000);
      // The fake has seen the request; the refresh counts once its answer is parsed and stored.
      let refreshes = 0;
      for (let i = 0; i < 50 && refreshes < 1; i++) {
        refreshes = (await readJson(s.client, 'system://status')).l2.refreshes;
        if (refreshes < 1) await sleep(20);
      }
      expect(refreshes).toBeGreaterThanOrEqual(1);

      // Past the first TTL (and before the next refresh), the answer comes from the refreshed row.
      await sleep(Math.max(0, t0 + 4300 - Date.now()));
      const before = hits(fake, MEP);
      const later = await call(s.client, 'get_mep_details', { id: '1294' });
      expect(later.isError).toBeFalsy();
      expect(later._meta?.cache.status).toBe('hit');
      expect(later._meta?.degraded).toBe(false);
      expect(hits(fake, MEP)).toBe(before);
      await s.close();
    });
  }, 30_000);

  it('invalidation forces a refetch: L2 does not answer for data an admin dropped', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake);
      await call(s.client, 'get_mep_details', { id: '1294' });
      expect((await call(s.client, 'get_mep_details', { id: '1294' }))._meta?.cache.status).toBe('hit');
      expect(hits(fake, MEP)).toBe(1);

      const inv = await call(s.client, 'invalidate_cache', { prefix: 'data:meps:' });
      expect(inv.isError).toBeFalsy();
      // Dropping L1 alone would leave the row in L2 to answer; the upstream is asked again.
      const after = await call(s.client, 'get_mep_details', { id: '1294' });
      expect(after.isError).toBeFalsy();
      expect(after._meta?.cache.status).toBe('miss');
      expect(hits(fake, MEP)).toBe(2);
      await s.close();
    });
  }, 30_000);

  it('an invalidation is kept in the store: after a restart the dropped row is fetched again', async () => {
    const { dir, cleanup } = tempDir();
    try {
      await withFake(async (fake) => {
        const store = `sqlite://${dir}/l2.sqlite`;
        const a = await startServer(fake, { store });
        await call(a.client, 'get_mep_details', { id: '1294' });
        await call(a.client, 'invalidate_cache', { prefix: 'data:meps:meps/1294' });
        await a.close();
        const b = await startServer(fake, { store });
        const again = await call(b.client, 'get_mep_details', { id: '1294' });
        expect(again._meta?.cache.status).toBe('miss');
        expect(hits(fake, MEP)).toBe(2);
        await b.close();
      });
    } finally {
      cleanup();
    }
  }, 30_000);
});
