import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createSystem } from '../../src/system.ts';
import { testEnvironment } from '../support/env.ts';
import { testHandlers, testTools } from '../support/tools.ts';

function world() {
  const t = testEnvironment(async () => ({ id: 1 }));
  const system = createSystem({
    env: { ...t.env, logger: pino({ level: 'silent' }) },
    // The request path alone: L2's background refresh has tests of its own.
    config: loadConfig({ system: { shards: 2 }, cache: { ttlMs: { mep: 1000 } }, l2: { refresh: { leadFraction: 0 } } }),
    tools: testTools,
    handlers: testHandlers,
  });
  const call = (id: string) => system.requests.run({ tool: 'echo_item', args: { id }, principal: 'p', roles: ['reader'] });
  const open = () => {
    const ref = system.breakers.ref('meps');
    for (let i = 0; i < 5; i++) ref.send({ type: 'FAILURE', at: t.clock.now() });
    expect(ref.getSnapshot().value).toBe('open');
  };
  return { ...t, system, call, open };
}

describe('while a breaker is open', () => {
  it('a source with no data fails fast from L1, without another store lookup or worker run', async () => {
    const w = world();
    w.open();
    const first = await w.call('7');
    expect(first.state).toBe('failed');
    expect(first.error?.code).toBe('circuit_open');
    const lookups = w.store.gets;
    const second = await w.call('7');
    expect(second.error).toMatchObject({ code: 'circuit_open' });
    expect(second.error?.nextProbeAt).toBeGreaterThan(w.clock.now());
    expect(w.store.gets).toBe(lookups);
    expect(w.calls).toHaveLength(0);
    w.system.stop();
  });

  it('stale data is served at once instead of a refresh that cannot succeed', async () => {
    const w = world();
    expect((await w.call('8')).state).toBe('complete');
    w.clock.set(w.clock.now() + 2000); // past the TTL
    w.open();
    const lookups = w.store.gets;
    const answer = await w.call('8');
    expect(answer).toMatchObject({ state: 'complete', degraded: true, cacheStatus: 'stale' });
    expect(w.store.gets).toBe(lookups);
    expect(w.calls).toHaveLength(1);
    w.system.stop();
  });
});
