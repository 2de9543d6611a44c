import Keyv from 'keyv';
import pino from 'pino';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { createSystem } from '../src/system.ts';

const ENTRIES = 20_000;
const SESSIONS = 20_000;

/** 20k cache entries and 20k sessions in the system, then how long stopping it takes. */
export async function run() {
  const system = createSystem({
    env: { clock: systemClock, logger: pino({ level: 'silent' }), store: new Keyv(), upstream: async () => ({}), keys: async () => [] },
    config: loadConfig({ cache: { maxEntries: ENTRIES * 2 } }),
  });
  const t0 = performance.now();
  for (let i = 0; i < ENTRIES; i++) system.l1.fill(`result:bench:${i}`, 'mep', { i }, 16);
  for (let i = 0; i < SESSIONS; i++) system.sessions.ensure(`principal-${i}`);
  const spawnMs = performance.now() - t0;
  const rootChildren = Object.keys(system.actor.getSnapshot().children).length;
  const cacheEntries = system.populations.cache.size;
  const sessions = system.populations.sessions.size;
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const t1 = performance.now();
  system.stop();
  const stopMs = performance.now() - t1;
  return {
    cacheEntries,
    sessions,
    rootChildren,
    spawnMs: Math.round(spawnMs),
    heapMb: Math.round(heapMb),
    stopMs: Math.round(stopMs),
    goalStopMs: 2000,
    met: stopMs < 2000,
  };
}
