import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createSystem } from '../../src/system.ts';
import { digest, testEnvironment } from '../support/env.ts';

function world() {
  const t = testEnvironment();
  t.keyState.records = [{ principal: 'alice', hash: digest('good-key'), roles: ['analyst'] }];
  const writes: string[] = [];
  const set = t.store.set.bind(t.store);
  t.store.set = async (key: string, value: unknown) => {
    if (key.startsWith('session:')) writes.push(`${key}=${JSON.stringify((value as { value: unknown }).value)}`);
    return set(key, value);
  };
  const system = createSystem({ env: { ...t.env, logger: pino({ level: 'silent' }) }, config: loadConfig({ system: { shards: 2 } }) });
  return { ...t, system, writes };
}

describe('session state written to the store', () => {
  it('is written when the state changes, not on every request', async () => {
    const w = world();
    const s = w.system.sessions;
    expect(await s.authenticate('alice', 'good-key')).toMatchObject({ ok: true });
    // A session waiting on its verifier is never written: the settled state is.
    expect(w.writes).toEqual(['session:alice="sessionActive"']);
    for (let i = 0; i < 5; i++) s.touch('alice');
    expect(w.writes).toHaveLength(1);
    s.logout('alice');
    expect(w.writes.at(-1)).toBe('session:alice="anonymous"');
    expect(await s.authenticate('alice', 'good-key')).toMatchObject({ ok: true });
    expect(w.writes.slice(1)).toEqual(['session:alice="anonymous"', 'session:alice="sessionActive"']);
    w.system.stop();
  });

  it('a timed transition is written too: an expired session comes back anonymous', async () => {
    const w = world();
    const s = w.system.sessions;
    await s.authenticate('alice', 'good-key');
    w.clock.set(w.clock.now() + w.system.config.session.idleTimeoutMs);
    expect(w.writes.at(-1)).toBe('session:alice="anonymous"');
    w.system.stop();
  });

  it('failures are written with the state, and an admin unlock deletes the record', async () => {
    const w = world();
    const s = w.system.sessions;
    for (let i = 0; i < 5; i++) await s.authenticate('alice', 'wrong');
    expect(w.writes.at(-1)).toBe('session:alice="locked"');
    const failures = (w.store.data.get('session:alice') as { context: { failures: number[] } }).context.failures;
    expect(failures).toHaveLength(5);
    expect(await s.unlock('alice')).toBe(true);
    expect(w.store.data.has('session:alice')).toBe(false);
    w.system.stop();
  });

  it('a restored session is not written again until it changes', async () => {
    const w = world();
    const s = w.system.sessions;
    for (let i = 0; i < 5; i++) await s.authenticate('alice', 'wrong');
    w.clock.set(w.clock.now() + w.system.config.session.passivateAfterMs + 1);
    expect(await s.reap()).toBe(1);
    const before = w.writes.length;
    const back = await s.load('alice');
    expect(back.getSnapshot().value).toBe('locked');
    await s.authenticate('alice', 'good-key'); // refused while locked: no change
    expect(w.writes).toHaveLength(before);
    w.clock.set(w.clock.now() + w.system.config.session.lockoutMs);
    expect(w.writes.at(-1)).toBe('session:alice="anonymous"');
    w.system.stop();
  });

  it('a session made by ensure() alone is not written', () => {
    const w = world();
    const ref = w.system.sessions.ensure('bob');
    ref.send({ type: 'CREDENTIALS', credential: 'x', at: w.clock.now() });
    expect(w.writes).toEqual([]);
    w.system.stop();
  });
});
