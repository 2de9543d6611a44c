import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createSystem } from '../../src/system.ts';
import { digest, testEnvironment } from '../support/env.ts';

describe('session snapshots in the store', () => {
  it('never hold a key, and never a session caught waiting on its verifier', async () => {
    const t = testEnvironment();
    t.keyState.records = [{ principal: 'eve', hash: digest('right-key'), roles: ['reader'] }];
    const written: unknown[] = [];
    const set = t.store.set.bind(t.store);
    t.store.set = async (k: string, v: unknown) => (k.startsWith('session:') && written.push(v), set(k, v));
    const system = createSystem({ env: { ...t.env, logger: pino({ level: 'silent' }) }, config: loadConfig({ system: { shards: 2 }, session: { maxFailures: 2 } }) });
    expect((await system.sessions.authenticate('eve', 'right-key')).ok).toBe(true);
    expect((await system.sessions.authenticate('eve', 'wrong-key')).ok).toBe(false);
    expect(await system.sessions.authenticate('eve', 'wrong-key-2')).toMatchObject({ ok: false, reason: 'locked' });
    const text = JSON.stringify(written);
    for (const secret of ['right-key', 'wrong-key', 'wrong-key-2']) expect(text).not.toContain(secret);
    expect(written.map((w) => (w as { value: unknown }).value)).toEqual(['sessionActive', 'anonymous', 'locked']);
    system.stop();
  });
});
