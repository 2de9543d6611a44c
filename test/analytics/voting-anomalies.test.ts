import { describe, expect, it } from 'vitest';
import { votingAnomalies } from '../../src/analytics/index.ts';
import { matrixOf } from './build.ts';

// A (m0-m4) votes for, B (m5-m7) against. m0 leaves A on 4 of 12 January votes and 10 of 12
// February votes; on the last vote B abstains as one.
const rows = [
  ...Array.from({ length: 12 }, (_, k) => ({ date: `2025-01-${10 + k}`, row: `${k < 4 ? 'n' : 'y'}yyyynnn` })),
  ...Array.from({ length: 12 }, (_, k) => ({ date: `2025-02-${10 + k}`, row: `${k < 10 ? 'n' : 'y'}yyyy${k === 11 ? 'aaa' : 'nnn'}` })),
];
const M = matrixOf(['A', 'A', 'A', 'A', 'A', 'B', 'B', 'B'], rows);
const T = { zThreshold: 1.5, minCompared: 5 };

describe('votingAnomalies', () => {
  it('flags a member whose defection rate stands out in their group (z within the group)', () => {
    const a = votingAnomalies({ matrix: M, ...T });
    // A's rates: 14/24 and four zeros → mean 0.1167, sd 0.2333, z = 2.
    expect(a.defectors).toEqual([{ id: 'm0', name: 'Member 0', group: 'A', compared: 24, defections: 14, rate: 0.5833, z: 2, flagged: true }]);
    expect(a.totals.defectors).toBe(1);
    expect(votingAnomalies({ matrix: M, zThreshold: 2.5, minCompared: 5 }).defectors).toEqual([]);
  });

  it('lists broken lines only where the group was united to the degree asked', () => {
    // With four for and one against, A's Agreement Index is (4 − 0.5) / 5 = 0.7.
    expect(votingAnomalies({ matrix: M, ...T }).totals.brokenLines).toBe(0);
    const a = votingAnomalies({ matrix: M, ...T, unitedLine: 0.7, limit: 3 });
    expect(a.totals.brokenLines).toBe(14);
    expect(a.brokenLines).toHaveLength(3);
    expect(a.brokenLines[0]).toEqual({ voteId: 'v21', date: '2025-02-19', title: 'Vote 21', memberId: 'm0', memberName: 'Member 0', group: 'A', position: 'against', groupLine: 'for', groupAgreement: 0.7 });
  });

  it('finds the abstention spike in the house and in the group that abstained, not in the other group', () => {
    const house = votingAnomalies({ matrix: M, ...T });
    // Shares: 23 × 0 and 3/8 → z = 4.7958.
    expect(house.abstentionSpikes).toEqual([{ voteId: 'v23', date: '2025-02-21', title: 'Vote 23', abstained: 3, voted: 8, share: 0.375, z: 4.8 }]);
    expect(votingAnomalies({ matrix: M, ...T, group: 'B' }).abstentionSpikes.map((s) => [s.voteId, s.share, s.z])).toEqual([['v23', 1, 4.8]]);
    expect(votingAnomalies({ matrix: M, ...T, group: 'A' }).abstentionSpikes).toEqual([]);
  });

  it('reports month-to-month shifts of a member\'s alignment and a group\'s cohesion', () => {
    const a = votingAnomalies({ matrix: M, ...T });
    expect(a.alignmentShifts).toEqual([{ kind: 'member', id: 'm0', name: 'Member 0', from: '2025-01', to: '2025-02', before: 0.6667, after: 0.1667, change: -0.5 }]);
    // A's cohesion falls from (8 × 1 + 4 × 0.7) / 12 = 0.9 to (2 × 1 + 10 × 0.7) / 12 = 0.75.
    const finer = votingAnomalies({ matrix: M, ...T, shiftThreshold: 0.1 });
    expect(finer.alignmentShifts.map((s) => [s.kind, s.id, s.change])).toEqual([['member', 'm0', -0.5], ['group', 'A', -0.15]]);
    expect(votingAnomalies({ matrix: M, ...T, minVotesPerPeriod: 13 }).alignmentShifts).toEqual([]);
  });

  it('narrows everything to one member, always listing them among defectors', () => {
    const one = votingAnomalies({ matrix: M, ...T, mepId: 'm1', unitedLine: 0.7 });
    expect(one.scope).toEqual({ kind: 'member', id: 'm1', members: 1, found: true });
    expect(one.defectors).toEqual([{ id: 'm1', name: 'Member 1', group: 'A', compared: 24, defections: 0, rate: 0, z: -0.5, flagged: false }]);
    expect(one.brokenLines).toEqual([]);
    expect(one.alignmentShifts).toEqual([]);
    const missing = votingAnomalies({ matrix: M, mepId: 'nobody' });
    expect(missing.scope).toEqual({ kind: 'member', id: 'nobody', members: 0, found: false });
    expect(missing.totals).toEqual({ defectors: 0, brokenLines: 0, abstentionSpikes: 0, alignmentShifts: 0 });
  });
});
