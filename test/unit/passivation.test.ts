import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createSystem } from '../../src/system.ts';
import { digest, testEnvironment } from '../support/env.ts';

const flush = () => new Promise((r) => setImmediate(r));

function world() {
  const t = testEnvironment();
  t.keyState.records = [{ principal: 'alice', hash: digest('good-key'), roles: ['analyst'] }];
  const system = createSystem({ env: { ...t.env, logger: pino({ level: 'silent' }) }, config: loadConfig({ system: { shards: 2 } }) });
  return { ...t, system };
}

describe('session passivation', () => {
  it('persists an idle session, stops its actor, and brings it back unchanged without a new key check', async () => {
    const w = world();
    const s = w.system.sessions;
    expect(await s.authenticate('alice', 'good-key')).toMatchObject({ ok: true, roles: ['analyst'] });
    w.clock.set(w.clock.now() + w.system.config.session.passivateAfterMs + 1);
    expect(await s.reap()).toBe(1);
    expect(s.size).toBe(0);
    expect(w.store.data.has('session:alice')).toBe(true);

    const checks = w.keyState.calls;
    const back = await s.load('alice');
    expect(back.getSnapshot().value).toBe('sessionActive');
    expect(back.getSnapshot().context.roles).toEqual(['analyst']);
    expect(w.keyState.calls).toBe(checks);
    w.system.stop();
  });

  it('a passivated session whose inactivity deadline passed meanwhile expires on its return', async () => {
    const w = world();
    const s = w.system.sessions;
    await s.authenticate('alice', 'good-key');
    w.clock.set(w.clock.now() + w.system.config.session.passivateAfterMs + 1);
    await s.reap();
    w.clock.set(w.clock.now() + w.system.config.session.idleTimeoutMs);
    const back = await s.load('alice');
    w.clock.increment(0);
    await flush();
    expect(back.getSnapshot().value).toBe('anonymous');
    w.system.stop();
  });

  it('forgets anonymous sessions with nothing to remember, and keeps a locked one until its deadline', async () => {
    const w = world();
    const s = w.system.sessions;
    s.ensure('bob');
    for (let i = 0; i < 5; i++) await s.authenticate('mallory', 'wrong');
    expect(await s.reap()).toBe(1); // bob, at once
    w.clock.set(w.clock.now() + w.system.config.session.passivateAfterMs + 1);
    expect(await s.reap()).toBe(1); // mallory, idle and locked
    expect(w.store.data.has('session:bob')).toBe(false);
    const mallory = await s.load('mallory');
    expect(mallory.getSnapshot().value).toBe('locked');
    w.system.stop();
  });
});
