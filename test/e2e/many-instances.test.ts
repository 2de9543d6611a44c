import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server.ts';
import { redisMissing, startRedis, type RedisServer } from '../support/redis.ts';
import { tempDir } from './harness.ts';
import { connect, createKey, eventually, initialize, startInstance, tool, wrongSecret, type Instance } from './http-instance.ts';

/**
 * Two `europarl-mcp --http` processes on one Redis, driven by real HTTP
 * clients: they must behave as one service.
 */
describe.skipIf(redisMissing)('many instances on one Redis behave as one service', () => {
  let redis: RedisServer;
  let fake: FakeUpstream;
  let a: Instance;
  let b: Instance;
  const dir = tempDir();
  const keys: Record<string, string> = {};
  // A small bucket that hardly refills, so a shared one and two separate ones differ.
  const config = { rateLimit: { capacity: 6, refillPerSecond: 0.01 }, session: { maxFailures: 3 } };

  beforeAll(async () => {
    redis = await startRedis();
    fake = await startFakeUpstream();
    keys.reader = createKey(dir.dir, 'reader', 'reader');
    keys.eve = createKey(dir.dir, 'eve', 'reader');
    keys.busy = createKey(dir.dir, 'busy', 'reader');
    keys.root = createKey(dir.dir, 'root', 'admin');
    // One after the other: the first creates the audit key both use.
    a = await startInstance({ store: redis.url, dir: dir.dir, fake, config, audit: 'audit-a.jsonl' });
    b = await startInstance({ store: redis.url, dir: dir.dir, fake, config, audit: 'audit-b.jsonl' });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await fake?.close();
    await redis?.stop();
    dir.cleanup();
  });

  it('a cache fill on A is a hit on B: B makes no upstream call', async () => {
    const onA = await connect(a.url, keys.reader!);
    const first = await tool(onA, 'get_mep_details', { id: '1294' });
    expect(first.isError).toBeFalsy();
    await onA.close();
    const before = fake.counts().total;
    expect(before).toBeGreaterThan(0);

    const onB = await connect(b.url, keys.reader!);
    const second = await tool(onB, 'get_mep_details', { id: '1294' });
    expect(second.isError).toBeFalsy();
    expect(second.structuredContent).toEqual(first.structuredContent);
    expect(fake.counts().total).toBe(before);
    await onB.close();
  });

  it('a rate limit holds across instances: one bucket, not one per instance', async () => {
    const onA = await connect(a.url, keys.busy!);
    const onB = await connect(b.url, keys.busy!);
    const results = [];
    // 10 calls, alternating: two buckets of 6 would admit all of them.
    for (let i = 0; i < 10; i++) results.push(await tool(i % 2 ? onB : onA, 'get_mep_details', { id: '1294' }));
    const admitted = results.filter((r) => !r.isError).length;
    expect(admitted).toBe(6);
    const throttled = results.filter((r) => r.isError);
    expect(throttled.every((r) => /throttled/.test((r.content[0] as { text: string }).text))).toBe(true);
    await Promise.all([onA.close(), onB.close()]);
  });

  it('a lockout on A refuses the key on B, even where it was already let in; an admin unlock on B frees it on A', async () => {
    // eve is let in on B first: B holds an active session and a verified key.
    const eveOnB = await initialize(b.url, keys.eve!);
    expect(eveOnB.status).toBe(200);

    for (let i = 0; i < 3; i++) expect((await initialize(a.url, wrongSecret(keys.eve!))).status).toBe(401);
    const onA = await initialize(a.url, keys.eve!);
    expect(onA.status).toBe(401);
    expect(await onA.text()).toMatch(/locked/);

    const refused = await eventually(() => initialize(b.url, keys.eve!), (r) => r.status === 401);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toMatch(/locked/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    const admin = await connect(b.url, keys.root!);
    const unlocked = await tool(admin, 'unlock_principal', { principal: 'eve' });
    expect(unlocked.structuredContent).toEqual({ principal: 'eve', unlocked: true });
    await admin.close();

    // No waiting: the unlock is in the store before the admin gets the answer.
    expect((await initialize(a.url, keys.eve!)).status).toBe(200);
    expect((await initialize(b.url, keys.eve!)).status).toBe(200);
  });

  it('failures on both instances add up to one lockout', async () => {
    const mallory = createKey(dir.dir, 'mallory', 'reader');
    // Let both instances see the new key file (it is re-read at most once a second).
    await new Promise((r) => setTimeout(r, 1100));
    expect((await initialize(a.url, wrongSecret(mallory))).status).toBe(401);
    expect((await initialize(b.url, wrongSecret(mallory))).status).toBe(401);
    expect((await initialize(a.url, wrongSecret(mallory))).status).toBe(401);
    // Three failures in all (maxFailures 3): locked on both, though neither saw three.
    for (const x of [a, b]) {
      const r = await initialize(x.url, mallory);
      expect(r.status).toBe(401);
      expect(await r.text()).toMatch(/locked/);
    }
  });

  it('reports the shared store in system://status', async () => {
    const c = await connect(a.url, keys.root!);
    const r = await c.readResource({ uri: 'system://status' });
    const status = JSON.parse((r.contents[0] as { text: string }).text);
    expect(status.store).toMatchObject({ kind: 'redis', state: 'up' });
    await c.close();
  });
});
