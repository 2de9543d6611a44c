import { createHash } from 'node:crypto';
import Keyv from 'keyv';
import pino from 'pino';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { createSystem } from '../src/system.ts';

const ENTRIES = 20_000;
const SESSIONS = 20_000;
const ARMED = 20_000;

/**
 * 20k cache entries, 20k anonymous sessions and 20k signed-in sessions (two
 * deadlines each) in the system, then how long stopping it takes.
 */
export async function run() {
  const store = new Keyv();
  const key = 'key-0';
  const system = createSystem({
    env: {
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      store,
      upstream: async () => ({}),
      keys: async () => [{ principal: 'armed-0', roles: ['reader'], hash: `sha256:${createHash('sha256').update(key).digest('hex')}` }],
    },
    config: loadConfig({ cache: { maxEntries: ENTRIES * 2 } }),
  });
  // One signed-in session, persisted; the others are restored copies of it, re-armed from context.
  if (!(await system.sessions.authenticate('armed-0', key)).ok) throw new Error('armed-0 did not authenticate');
  const saved = JSON.stringify(system.sessions.get('armed-0')!.getPersistedSnapshot());
  for (let i = 1; i < ARMED; i++) await store.set(`session:armed-${i}`, JSON.parse(saved.replaceAll('"armed-0"', `"armed-${i}"`)));

  const t0 = performance.now();
  for (let i = 0; i < ENTRIES; i++) system.l1.fill(`result:bench:${i}`, 'mep', { i }, 16);
  for (let i = 0; i < SESSIONS; i++) system.sessions.ensure(`principal-${i}`);
  for (let i = 1; i < ARMED; i++) await system.sessions.load(`armed-${i}`);
  const spawnMs = performance.now() - t0;
  const rootChildren = Object.keys(system.actor.getSnapshot().children).length;
  const cacheEntries = system.populations.cache.size;
  const sessions = system.populations.sessions.size;
  const armed = [...system.populations.sessions.ids()].filter((id) => system.populations.sessions.get(id)!.getSnapshot().matches('sessionActive')).length;
  const sessionTimers = system.populations.sessions.timers.size;
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const t1 = performance.now();
  system.stop();
  const stopMs = performance.now() - t1;
  return {
    cacheEntries,
    sessions,
    armedSessions: armed,
    sessionTimers,
    rootChildren,
    spawnMs: Math.round(spawnMs),
    heapMb: Math.round(heapMb),
    stopMs: Math.round(stopMs),
    goalStopMs: 2000,
    met: stopMs < 2000,
  };
}
