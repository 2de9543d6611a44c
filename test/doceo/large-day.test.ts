import { describe, expect, it } from 'vitest';
import { parseRollCalls } from '../../src/doceo/rcv.ts';
import { GROUPS, syntheticDay } from './build.ts';

describe('parseRollCalls on a large day', () => {
  // Speed is measured in bench/, not asserted here; this checks a full-size day reads completely.
  it('reads 100 votes × 700 members completely', () => {
    const day = parseRollCalls(syntheticDay(100, 700));

    expect(day.votes).toHaveLength(100);
    for (const [v, vote] of day.votes.entries()) {
      expect(vote.votingId).toBe(String(170000 + v));
      expect(vote.positions).toHaveLength(700);
      expect(vote.consistent).toBe(true);
      expect(vote.tallies.for + vote.tallies.against + vote.tallies.abstain).toBe(700);
    }
    const first = day.votes[0];
    expect(first.positions.find((p) => p.persId === '100001')).toEqual({ persId: '100001', mepId: '5001', name: 'Surname1', group: 'S&D', position: 'against' });
    expect(new Set(first.positions.map((p) => p.group))).toEqual(new Set(GROUPS));
    expect(first.documentRef).toBe('A10-0001/2030');
  });
});
