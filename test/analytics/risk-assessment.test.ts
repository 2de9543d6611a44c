import { describe, expect, it } from 'vitest';
import { fragmentation, riskAssessment } from '../../src/analytics/index.ts';
import { matrixOf } from './build.ts';

describe('fragmentation', () => {
  it('gives the Laakso-Taagepera effective number of parties and the groups needed for a majority', () => {
    expect(fragmentation({ A: 50, B: 50 })).toMatchObject({ effectiveNumberOfParties: 2, largestShare: 0.5, groupsForMajority: 2, totalSeats: 100 });
    // 1 / (0.6² + 0.2² + 0.2²) = 2.2727
    expect(fragmentation({ A: 60, B: 20, C: 20 })).toMatchObject({ effectiveNumberOfParties: 2.273, largestShare: 0.6, groupsForMajority: 1 });
  });

  it('leaves excluded labels out of the party count but not out of the house', () => {
    const f = fragmentation({ A: 40, B: 30, NI: 30 }, { exclude: ['NI'] });
    // Parties 4/7 and 3/7: 1 / (25/49) = 1.96; a majority is more than 50 of 100 seats.
    expect(f).toMatchObject({ effectiveNumberOfParties: 1.96, largestShare: 0.4, groupsForMajority: 2 });
    expect(f.seats).toEqual([{ group: 'A', seats: 40, share: 0.4 }, { group: 'B', seats: 30, share: 0.3 }, { group: 'NI', seats: 30, share: 0.3 }]);
  });

  it('has no figures for an empty house', () => {
    expect(fragmentation({})).toMatchObject({ effectiveNumberOfParties: null, largestShare: null, groupsForMajority: null, totalSeats: 0 });
  });
});

describe('riskAssessment', () => {
  const M = matrixOf(['A', 'A', 'A', 'A', 'B', 'B'], [
    { date: '2025-01-10', row: 'yyyynn' },
    { date: '2025-01-11', row: 'yynnyn' }, // 3-3: close and undecided
    { date: '2025-02-10', row: 'yyyyyy' },
    { date: '2025-02-11', row: 'yyynnn' }, // 3-3 again
  ]);

  it('computes every indicator from hand-checkable numbers', () => {
    const r = riskAssessment({ matrix: M, seats: { A: 4, B: 2 } });
    const ind = Object.fromEntries(r.indicators.map((i) => [i.name, [i.value, i.level]]));
    expect(ind).toEqual({
      effectiveNumberOfParties: [1.8, 'low'], // 1 / ((2/3)² + (1/3)²)
      groupsForMajority: [1, 'low'],
      meanCohesion: [0.75, 'medium'], // (4 × 0.71875 + 2 × 0.8125) / 6
      cohesionTrendPerMonth: [0.25, 'low'], // A +0.1875, B +0.375 a month, seat-weighted
      dominantCoalitionShare: [0.5, 'medium'], // [A] and [A, B] won one decided vote each
      closeVoteShare: [0.5, 'high'],
      defectionRate: [0.0556, 'medium'], // 1 of 18 compared
    });
    expect(r.cohesion).toEqual([
      { group: 'A', seats: 4, agreementIndex: 0.7188, trendPerMonth: 0.1875 },
      { group: 'B', seats: 2, agreementIndex: 0.8125, trendPerMonth: 0.375 },
    ]);
    expect(r.dominantCoalition).toEqual({ groups: ['A'], share: 0.5, trendPerMonth: -1 });
    expect(r.closeVotes).toEqual({ votes: 2, share: 0.5 });
    // Levels 0, 0, 0.5, 0, 0.5, 1, 0.5 → 2.5 / 7
    expect(r.overall).toEqual({ level: 'medium', score: 0.357 });
    expect(r.summary).toMatch(/^Overall political risk is medium, judged on 4 roll-call votes\./);
    expect(r.summary).toMatch(/about 1\.8 effective groups; the largest holds 67%/);
    expect(r.summary).toMatch(/Indicators at high: closeVoteShare\./);
  });

  it('raises the overall level sooner at higher sensitivity', () => {
    const split = matrixOf(['A', 'A', 'A', 'B', 'B', 'C', 'C', 'D', 'D'], Array.from({ length: 6 }, (_, k) => ({ date: `2025-0${1 + (k % 3)}-10`, row: k % 2 ? 'ynaynynyn' : 'nyanynyny' })));
    const seats = { A: 3, B: 2, C: 2, D: 2 };
    const levels = (['low', 'medium', 'high'] as const).map((s) => riskAssessment({ matrix: split, seats, sensitivity: s }).overall);
    // Two indicators high, three low, two unknown: score 2 / 5 = 0.4, which is high only at high sensitivity.
    expect(levels).toEqual([{ level: 'medium', score: 0.4 }, { level: 'medium', score: 0.4 }, { level: 'high', score: 0.4 }]);
  });

  it('marks indicators it cannot measure as unknown and leaves them out of the score', () => {
    const r = riskAssessment({ matrix: matrixOf(['A'], []), seats: { A: 1 } });
    expect(r.indicators.find((i) => i.name === 'dominantCoalitionShare')).toMatchObject({ value: null, level: 'unknown' });
    expect(r.indicators.find((i) => i.name === 'closeVoteShare')).toMatchObject({ value: null, level: 'unknown' });
  });
});
