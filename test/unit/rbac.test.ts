import Keyv from 'keyv';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { hasRole } from '../../machines/request-pipeline.ts';
import { loadConfig } from '../../src/config.ts';
import { createSystem } from '../../src/system.ts';
import { epTools } from '../../src/tools/index.ts';
import { TestClock } from '../support/clock.ts';

describe('roles', () => {
  it('nest: admin > analyst > reader; unknown roles grant nothing', () => {
    expect(hasRole(['reader'], 'reader')).toBe(true);
    expect(hasRole(['reader'], 'analyst')).toBe(false);
    expect(hasRole(['analyst'], 'reader')).toBe(true);
    expect(hasRole(['admin'], 'analyst')).toBe(true);
    expect(hasRole(['superuser'], 'reader')).toBe(false);
    expect(hasRole([], 'reader')).toBe(false);
  });

  it('a reader calling an analyst tool ends in the pipeline\'s forbidden state, told the role it needs, with no upstream call', async () => {
    let upstreamCalls = 0;
    const system = createSystem({
      env: { clock: new TestClock(), logger: pino({ level: 'silent' }), store: new Keyv(), upstream: async () => (upstreamCalls++, {}), keys: async () => [] },
      config: loadConfig({ system: { shards: 2 } }),
      tools: epTools,
    });
    const answer = await system.requests.run({ tool: 'analyze_voting_patterns', args: { mepId: '1294' }, principal: 'r', roles: ['reader'] });
    expect(answer.state).toBe('forbidden');
    expect(answer.error).toMatchObject({ code: 'forbidden' });
    expect(answer.error?.message).toMatch(/'analyst'/);
    expect(upstreamCalls).toBe(0);
    system.stop();
  });
});
