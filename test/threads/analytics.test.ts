import { describe, expect, it } from 'vitest';
import { encodeMatrix, inlineRunner, type MatrixMember, type VoteInput } from '../../src/analytics/index.ts';
import { loadConfig } from '../../src/config.ts';
import { epHandlers } from '../../src/handlers/index.ts';
import { createSystem } from '../../src/system.ts';
import { testEnvironment } from '../support/env.ts';

const GROUPS = ['PPE', 'S&D', 'Renew'];
const members: MatrixMember[] = Array.from({ length: 30 }, (_, i) => ({ id: String(1000 + i), name: `Member ${i}`, group: GROUPS[i % 3]!, country: 'BE' }));
const votes: VoteInput[] = Array.from({ length: 12 }, (_, v) => ({
  id: `vote-${v}`,
  date: `2025-03-${String(10 + (v % 3)).padStart(2, '0')}`,
  title: `Vote ${v}`,
  positions: members.map((m, i) => ({ mepId: m.id, position: (i + v) % 5 === 0 ? 'against' : (i * v) % 7 === 3 ? 'abstain' : 'for' })),
}));

describe('analytics on the analytics handler\'s threads', () => {
  it('give the same answers as run inline, with the matrix\'s typed arrays crossing to the thread', async () => {
    const { env } = testEnvironment();
    const system = createSystem({ env, config: loadConfig({ system: { shards: 2 } }), handlers: epHandlers });
    try {
      const { matrix } = encodeMatrix(members, votes);
      for (const [name, input] of [
        ['votingPatterns', { matrix, mepId: '1004' }],
        ['coalitionDynamics', { matrix }],
        ['politicalNetwork', { matrix, maxEdges: 50 }],
      ] as const) {
        const threaded = await system.workers.run('analytics', { name, input });
        expect(threaded).toEqual(await inlineRunner(name, input as never));
      }
      expect(system.status().workers.analytics).toMatchObject({ coldStarts: 1, warmInvocations: 2, threadsLost: 0 });
      await expect(system.workers.run('analytics', { name: 'horoscope', input: {} })).rejects.toMatchObject({
        code: 'handler_error',
        message: "handler 'analytics' failed: no analytic named 'horoscope'",
      });
    } finally {
      system.stop();
    }
  });
});
