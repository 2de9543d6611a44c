import { createHash } from 'node:crypto';
import pino from 'pino';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import type { KeyRecord } from '../src/environment.ts';
import { openStore } from '../src/store.ts';
import { createSystem } from '../src/system.ts';
import { percentile, round } from './support/stats.ts';

const N = Number(process.env.BENCH_SESSIONS ?? 100_000);
const REHYDRATE = 2_000;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/**
 * Authenticates N principals (all sessions live), then passivates them all and
 * brings a sample back. Run with --expose-gc for exact heap figures.
 */
export async function run() {
  const record = (principal: string, key: string): KeyRecord => ({ principal, roles: ['reader'], hash: `sha256:${createHash('sha256').update(key).digest('hex')}` });
  // As read from a key file: flat strings. Built strings would be flattened on
  // their first check, and that copy would count as session heap. (No variable
  // holds the built list: it would stay alive in this async function's frame.)
  const keys: KeyRecord[] = JSON.parse(JSON.stringify([...Array.from({ length: N }, (_, i) => record(`p${i}`, `key-${i}`)), record('warm-up', 'key-warm-up')]));
  // The default backend (SQLite) keeps persisted sessions outside the JS heap, as in production.
  const logger = pino({ level: 'silent' });
  const opened = await openStore('sqlite://:memory:', logger);
  const system = createSystem({
    env: { clock: systemClock, logger, store: opened.store, upstream: async () => ({}), keys: async () => keys },
    config: loadConfig({ session: { passivateAfterMs: 1 } }),
  });
  // One session first: the key index and compiled code it brings are not per-session heap.
  if (!(await system.sessions.authenticate('warm-up', 'key-warm-up')).ok) throw new Error('warm-up did not authenticate');
  await new Promise((r) => setTimeout(r, 50));
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const r = await system.sessions.authenticate(`p${i}`, `key-${i}`);
    if (!r.ok) throw new Error(`p${i} did not authenticate`);
  }
  const authMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 1000)); // the store's pending writes are not sessions
  gc();
  const live = process.memoryUsage().heapUsed;
  await new Promise((r) => setTimeout(r, 5));
  const passivated = await system.sessions.reap();
  await new Promise((r) => setTimeout(r, 50)); // let the store's pending writes drain
  gc();
  const after = process.memoryUsage().heapUsed;
  const times: number[] = [];
  for (let i = 0; i < REHYDRATE; i++) {
    const principal = `p${Math.floor((i * 7919) % N)}`;
    const t = performance.now();
    const ref = await system.sessions.load(principal);
    times.push(performance.now() - t);
    if (!ref.getSnapshot().matches('sessionActive')) throw new Error(`${principal} came back ${JSON.stringify(ref.getSnapshot().value)}`);
  }
  system.stop();
  await opened.close();
  const perSession = (live - before) / N;
  return {
    sessions: N,
    authPerSecond: Math.round(N / (authMs / 1000)),
    heapLiveMb: round((live - before) / 2 ** 20, 1),
    heapPerSessionBytes: Math.round(perSession),
    passivated, // the N sessions and the warm-up one
    heapAfterPassivationMb: round((after - before) / 2 ** 20, 1),
    rehydrated: REHYDRATE,
    rehydrateP50Ms: round(percentile(times, 50)),
    rehydrateP99Ms: round(percentile(times, 99)),
    goals: 'heapPerSessionBytes <= 3000, rehydrateP50Ms <= 1, heap for 100k < 300 MB',
    met: perSession <= 3000 && percentile(times, 50) <= 1 && (perSession * 100_000) / 2 ** 20 < 300,
  };
}
