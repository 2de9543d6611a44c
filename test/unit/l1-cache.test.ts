import Keyv from 'keyv';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createSystem } from '../../src/system.ts';
import { TestClock } from '../support/clock.ts';

function system(cache: object) {
  return createSystem({
    env: { clock: new TestClock(), logger: pino({ level: 'silent' }), store: new Keyv(), upstream: async () => ({}), keys: async () => [] },
    config: loadConfig({ cache, system: { shards: 2 } }),
  });
}

describe('L1 bounds', () => {
  it('evicts the least recently used entry past the entry limit, through its EVICT transition', () => {
    const s = system({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c']) s.l1.fill(k, 'mep', { k }, 10);
    s.l1.touch('a'); // a is now the most recently used
    const b = s.l1.get('b')!;
    s.l1.fill('d', 'mep', { k: 'd' }, 10);
    expect(s.l1.status()).toMatchObject({ entries: 3, evictions: 1 });
    expect(s.l1.get('b')).toBeUndefined();
    expect(b.getSnapshot().status).toBe('stopped');
    expect(['a', 'c', 'd'].every((k) => s.l1.get(k))).toBe(true);
    s.stop();
  });

  it('evicts by bytes too', () => {
    const s = system({ maxEntries: 100, maxBytes: 250 });
    for (let i = 0; i < 5; i++) s.l1.fill(`k${i}`, 'mep', { i }, 100);
    const st = s.l1.status();
    expect(st.bytes).toBeLessThanOrEqual(250);
    expect(st.entries).toBe(2);
    expect(s.l1.get('k4')).toBeDefined();
    expect(s.l1.get('k0')).toBeUndefined();
    s.stop();
  });
});
