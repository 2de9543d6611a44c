import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { openStore } from '../src/store.ts';
import { createSystem } from '../src/system.ts';
import { percentile, round } from './support/stats.ts';

const ROWS = 10_000;
const READS = 2_000;
const HOUR = 3_600_000;

const settle = () => new Promise((r) => setTimeout(r, 20));

/**
 * L2 over SQLite: 10,000 rows written through their lifecycle; then reads of
 * rows whose actors have stopped (get the row, restore, READ, stop) side by
 * side with a bare store get; then the heap with every row stored and none live.
 */
export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'europarl-l2-'));
  const logger = pino({ level: 'silent' });
  const opened = await openStore(`sqlite://${join(dir, 'l2.sqlite')}`, logger);
  const system = createSystem({
    env: { clock: systemClock, logger, store: opened.store, upstream: async () => ({}), keys: async () => [] },
    // Stop each entry actor as soon as it rests: every read below restores from the row.
    config: loadConfig({ l2: { idleMs: 0 } }),
  });
  const key = (i: number) => `data:meps:meps/${i}`;
  const payload = (i: number) => ({ id: i, label: 'x'.repeat(800) });
  try {
    const t0 = performance.now();
    for (let i = 0; i < ROWS; i++) {
      await system.l2.write(key(i), { value: payload(i), ttlMs: HOUR, recipe: { handler: 'meps', params: { path: `meps/${i}` } } });
    }
    const writeMs = performance.now() - t0;
    await settle();
    const liveAfterWrites = system.l2.status().live;
    global.gc?.();
    const heapMb = process.memoryUsage().heapUsed / 2 ** 20;

    const lifecycle: number[] = [];
    const bare: number[] = [];
    for (let n = 0; n < READS; n++) {
      const k = key((n * 7919) % ROWS);
      let t = performance.now();
      const copy = await system.l2.read(k);
      lifecycle.push((performance.now() - t) * 1000);
      if (!copy?.fresh) throw new Error(`row ${k} not read back fresh`);
      t = performance.now();
      await opened.store.get(k);
      bare.push((performance.now() - t) * 1000);
      if (n % 64 === 0) await settle();
    }
    await settle();
    return {
      rows: ROWS,
      writesPerSecond: round(ROWS / (writeMs / 1000)),
      liveActorsAtRest: liveAfterWrites,
      heapMbWithRowsStored: round(heapMb),
      readP50Us: round(percentile(lifecycle, 50)),
      readP99Us: round(percentile(lifecycle, 99)),
      bareGetP50Us: round(percentile(bare, 50)),
      bareGetP99Us: round(percentile(bare, 99)),
      restores: system.l2.status().restores,
      liveAfterReads: system.l2.status().live,
    };
  } finally {
    system.stop();
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
