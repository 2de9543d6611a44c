import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/breakers.ts';
import { loadConfig } from '../../src/config.ts';
import { openStore, type OpenStore } from '../../src/store.ts';
import { loadBreakers } from '../../src/store/breaker-state.ts';
import { createSystem } from '../../src/system.ts';
import { redisMissing, startRedis, type RedisServer } from '../support/redis.ts';
import { digest, testEnvironment } from '../support/env.ts';
import { testHandlers, testTools } from '../support/tools.ts';

const logger = pino({ level: 'silent' });
const config = loadConfig({ system: { shards: 2 }, store: { breakers: 'persisted' } });

/** A system on a real store and a simulated clock; `restart` builds the next one on the same store. */
async function world(uri: string, clock?: ReturnType<typeof testEnvironment>['clock']) {
  const t = testEnvironment(async () => ({ id: 1 }));
  if (clock) t.env.clock = clock;
  t.keyState.records = [{ principal: 'eve', hash: digest('right-key'), roles: ['reader'] }];
  const opened = await openStore(uri, logger);
  const breakerSnapshots = await loadBreakers(opened.store, FAMILIES, config.breaker, config.store.breakers);
  const system = createSystem({ env: { ...t.env, logger, store: opened.store, shared: opened.shared }, config, tools: testTools, handlers: testHandlers, breakerSnapshots });
  return { ...t, clock: t.env.clock as typeof t.clock, system, opened: opened as OpenStore, stop: async () => (system.stop(), await opened.close()) };
}

/** The breaker's write is not awaited by the breaker: wait until the store holds `state` (a loaded machine is slow). */
async function stored(w: Awaited<ReturnType<typeof world>>, family: string, state: string) {
  for (let i = 0; i < 120; i++) {
    const snap = (await w.opened.store.get(`breaker:${family}`)) as { value?: unknown } | undefined;
    if (snap?.value === state) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`breaker:${family} was never stored ${state}: ${JSON.stringify(w.opened.health.snapshot())} ${JSON.stringify(await w.opened.store.get(`breaker:${family}`))}`);
}

let redis: RedisServer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'europarl-restore-'));
beforeAll(async () => {
  if (!redisMissing) redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const stores: Array<[string, () => string, boolean]> = [
  ['a SQLite file', () => `sqlite://${join(dir, `s-${Math.random()}.sqlite`)}`, false],
  ['Redis', () => redis!.url, redisMissing],
];

describe.each(stores)('snapshots restored from %s, deadlines re-armed', (_name, uri, skip) => {
  it.skipIf(skip)('a lockout survives a restart with the time left, and ends on time after it', async () => {
    const u = uri();
    const a = await world(u);
    for (let i = 0; i < 5; i++) expect((await a.system.sessions.authenticate('eve', 'wrong')).ok).toBe(false);
    const locked = await a.system.sessions.authenticate('eve', 'right-key');
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    await a.stop();

    a.clock.increment(60_000);
    const b = await world(u, a.clock);
    const still = await b.system.sessions.authenticate('eve', 'right-key');
    expect(still).toMatchObject({ ok: false, reason: 'locked' });
    expect((still as { retryAfterMs: number }).retryAfterMs).toBe(config.session.lockoutMs - 60_000);
    // The restored lock's timer runs: past it the session is anonymous again, with no event sent.
    b.clock.increment(config.session.lockoutMs);
    expect(b.system.sessions.get('eve')?.getSnapshot().value).toBe('anonymous');
    expect((await b.system.sessions.authenticate('eve', 'right-key')).ok).toBe(true);
    await b.stop();
    // Redis keeps state between tests: leave eve unlocked for the next.
  });

  it.skipIf(skip)('an open breaker comes back open with its probe time, and half-opens on time', async () => {
    const u = uri();
    const a = await world(u);
    const ref = a.system.breakers.ref('documents');
    for (let i = 0; i < config.breaker.failureThreshold; i++) ref.send({ type: 'FAILURE', at: a.clock.now() });
    const probeAt = ref.getSnapshot().context.nextProbeAt!;
    expect(ref.getSnapshot().value).toBe('open');
    await stored(a, 'documents', 'open');
    await a.stop();

    const b = await world(u, a.clock);
    const back = b.system.breakers.ref('documents').getSnapshot();
    expect(back.value).toBe('open');
    expect(back.context.nextProbeAt).toBe(probeAt);
    await expect(b.system.breakers.call('documents', async () => 'reached')).rejects.toMatchObject({ code: 'circuit_open' });
    b.clock.set(probeAt);
    expect(b.system.breakers.ref('documents').getSnapshot().value).toBe('halfOpen');
    expect(await b.system.breakers.call('documents', async () => 'reached')).toBe('reached');
    expect(b.system.breakers.ref('documents').getSnapshot().value).toBe('closed');
    await stored(b, 'documents', 'closed');
    await b.stop();

    // Closed again, and stored so: a third start finds it closed.
    const c = await world(u, b.clock);
    expect(c.system.breakers.ref('documents').getSnapshot().value).toBe('closed');
    await c.stop();
  });
});
