import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openStore, type OpenStore } from '../../src/store.ts';
import { LocalShared, type SharedState } from '../../src/store/shared.ts';
import { createSystem } from '../../src/system.ts';
import { redisMissing, startRedis, type RedisServer } from '../support/redis.ts';
import { testEnvironment } from '../support/env.ts';
import { testHandlers, testTools } from '../support/tools.ts';

const logger = pino({ level: 'silent' });
let redis: RedisServer | undefined;
const opened: OpenStore[] = [];
const onRedis = async () => {
  const o = await openStore(redis!.url, logger);
  opened.push(o);
  return o;
};

beforeAll(async () => {
  if (!redisMissing) redis = await startRedis();
});
afterAll(async () => {
  for (const o of opened) await o.close();
  await redis?.stop();
});

const impls: Array<[string, () => Promise<SharedState>, boolean]> = [
  ['in process', async () => new LocalShared(), false],
  ['on Redis', async () => (await onRedis()).shared, redisMissing],
];

describe.each(impls)('shared state %s: one behaviour for both', (_name, make, skip) => {
  // Keys unique per test: Redis keeps state between tests.
  const k = (name: string) => `${name}:${randomUUID()}`;

  it.skipIf(skip)('a token bucket admits its capacity, says how long to wait, and refills', async () => {
    const s = await make();
    const b = k('bucket');
    expect((await Promise.all([0, 0, 0].map((t) => s.takeToken(b, 3, 10, t)))).map((a) => a.admitted)).toEqual([true, true, true]);
    expect(await s.takeToken(b, 3, 10, 0)).toEqual({ admitted: false, retryAfterMs: 100 });
    expect((await s.takeToken(b, 3, 10, 100)).admitted).toBe(true);
  });

  it.skipIf(skip)('sliding windows are charged all together or not at all', async () => {
    const s = await make();
    const [f, g] = [k('family'), k('global')];
    expect(await s.spend([f, g], [2, 3], 1000, 0)).toEqual({ ok: true, used: [1, 1] });
    expect(await s.spend([f, g], [2, 3], 1000, 100)).toEqual({ ok: true, used: [2, 2] });
    expect(await s.spend([f, g], [2, 3], 1000, 200)).toEqual({ ok: false, used: [2, 2], full: 0, retryAfterMs: 800 });
    const h = k('family');
    expect(await s.spend([h, g], [2, 3], 1000, 300)).toEqual({ ok: true, used: [1, 3] });
    expect(await s.spend([k('family'), g], [2, 3], 1000, 300)).toEqual({ ok: false, used: [0, 3], full: 1, retryAfterMs: 700 });
    // The first call left the window.
    expect(await s.spend([f, g], [2, 3], 1000, 1000)).toEqual({ ok: true, used: [2, 3] });
    expect(s.seen(f, 1000, 1000)).toBe(2);
  });

  it.skipIf(skip)('a counter counts in its window, starts over after it, and resets', async () => {
    const s = await make();
    const c = k('failures');
    expect([await s.incr(c, 200), await s.incr(c, 200), await s.incr(c, 200)]).toEqual([1, 2, 3]);
    await s.reset(c);
    expect(await s.incr(c, 200)).toBe(1);
    await new Promise((r) => setTimeout(r, 250));
    expect(await s.incr(c, 200)).toBe(1);
  });
});

describe.skipIf(redisMissing)('two instances on one Redis', () => {
  it('never double-count: concurrent counters, buckets and windows hold exactly', async () => {
    const [a, b] = [(await onRedis()).shared, (await onRedis()).shared];
    const id = randomUUID();
    const counts = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).incr(`c:${id}`, 60_000)));
    expect(new Set(counts).size).toBe(200);
    expect(Math.max(...counts)).toBe(200);

    const now = Date.now();
    const taken = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).takeToken(`b:${id}`, 10, 0.001, now)));
    expect(taken.filter((t) => t.admitted)).toHaveLength(10);

    const spent = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).spend([`w:${id}`], [7], 60_000, now + i)));
    expect(spent.filter((s) => s.ok)).toHaveLength(7);
  });

  it('shared breakers: one instance opening a breaker stops calls on the other until it closes', async () => {
    const config = loadConfig({ system: { shards: 2 }, store: { breakers: 'shared' } });
    const make = async () => {
      const t = testEnvironment(async () => ({ id: 1 }));
      const o = await onRedis();
      const system = createSystem({ env: { ...t.env, logger, store: o.store, shared: o.shared }, config, tools: testTools, handlers: testHandlers });
      return { ...t, system };
    };
    const [a, b] = [await make(), await make()];
    const ref = a.system.breakers.ref('questions');
    for (let i = 0; i < config.breaker.failureThreshold; i++) ref.send({ type: 'FAILURE', at: a.clock.now() });
    expect(ref.getSnapshot().value).toBe('open');
    let reached = 0;
    const call = () => b.system.breakers.call('questions', async () => ++reached);
    const deadline = Date.now() + 3000;
    while (!b.system.breakers.status().questions.openElsewhereUntil && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await expect(call()).rejects.toMatchObject({ code: 'circuit_open' });
    expect(reached).toBe(0);
    // B's own breaker never saw a failure: only the other instance's word holds it.
    expect(b.system.breakers.ref('questions').getSnapshot().value).toBe('closed');

    ref.send({ type: 'RESET', at: a.clock.now() });
    while (b.system.breakers.status().questions.openElsewhereUntil && Date.now() < deadline + 3000) await new Promise((r) => setTimeout(r, 20));
    expect(await call()).toBe(1);
    a.system.stop();
    b.system.stop();
  });
});
