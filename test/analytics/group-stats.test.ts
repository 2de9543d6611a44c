import { describe, expect, it } from 'vitest';
import { ABSENT, AGAINST, coalitionDynamics, FOR, groupAlignment, groupCohesion, groupDefections, groupLines, memberDefections, outcome, winningCoalitions } from '../../src/analytics/index.ts';
import { matrixOf } from './build.ts';

// Four A members, two B members, one non-attached. Three January votes, one in February.
const M = matrixOf(['A', 'A', 'A', 'A', 'B', 'B', 'NI'], [
  { date: '2025-01-20', row: 'yyyynny' }, // A united for, B united against
  { date: '2025-01-21', row: 'yynnya.' }, // A split 2-2, B split 1-1: no lines
  { date: '2025-01-22', row: 'yyn.nnn' }, // A 2-1 for, B against
  { date: '2025-02-10', row: 'nnnnn..' }, // everyone present against; one B voter only
]);

describe('group lines', () => {
  it('take the plurality position, none on a tie, and the house result ignores abstentions', () => {
    const l = groupLines(M);
    expect(l.groups.names).toEqual(['A', 'B', 'NI']);
    expect(l.groups.sizes).toEqual([4, 2, 1]);
    const G = 3;
    expect([...l.line.slice(0, G)]).toEqual([FOR, AGAINST, FOR]);
    expect([...l.line.slice(G, 2 * G)]).toEqual([ABSENT, ABSENT, ABSENT]);
    expect([...l.line.slice(2 * G, 3 * G)]).toEqual([FOR, AGAINST, AGAINST]);
    expect([0, 1, 2, 3].map((v) => outcome(l, v))).toEqual([FOR, FOR, AGAINST, AGAINST]);
  });
});

describe('groupCohesion', () => {
  it('averages the Agreement Index over votes with at least two of the group voting', () => {
    const [a, b, ni] = groupCohesion(M);
    // A: 1, 0.25, (2 - 0.5) / 3 = 0.5, 1
    expect(a).toMatchObject({ group: 'A', members: 4, votes: 4, agreementIndex: 0.6875, lowest: 0.25, belowMinimum: 1 });
    expect(a!.byMonth).toEqual([{ period: '2025-01', votes: 3, agreementIndex: 0.5833 }, { period: '2025-02', votes: 1, agreementIndex: 1 }]);
    expect(a!.trendPerMonth).toBe(0.4167);
    // B: 1, 0.25, 1; the February vote had one B voter and does not count.
    expect(b).toMatchObject({ group: 'B', votes: 3, agreementIndex: 0.75, lowest: 0.25, belowMinimum: 1, trendPerMonth: null });
    expect(ni).toMatchObject({ group: 'NI', votes: 0, agreementIndex: null, lowest: null });
  });

  it('counts votes below the minimum cohesion asked for', () => {
    expect(groupCohesion(M, { minimumCohesion: 0.6 })[0]!.belowMinimum).toBe(2);
  });
});

describe('defections', () => {
  it('compare members with their group line only where there is one; non-attached are never compared', () => {
    const d = memberDefections(M);
    expect([...d.compared]).toEqual([3, 3, 3, 2, 3, 2, 0]);
    expect([...d.defections]).toEqual([0, 0, 1, 0, 0, 0, 0]);
    const g = groupDefections(d, groupLines(M));
    expect(g[0]).toEqual({ group: 'A', compared: 11, defections: 1, rate: 1 / 11 });
    expect(g[1]).toEqual({ group: 'B', compared: 5, defections: 0, rate: 0 });
    expect(g[2]).toEqual({ group: 'NI', compared: 0, defections: 0, rate: null });
  });
});

describe('groupAlignment', () => {
  it('is the share of votes where both groups had a line and it was the same', () => {
    expect(groupAlignment(M)).toEqual([
      { a: 'A', b: 'B', compared: 3, same: 1, rate: 0.3333 },
      { a: 'A', b: 'NI', compared: 2, same: 1, rate: 0.5 },
      { a: 'B', b: 'NI', compared: 2, same: 1, rate: 0.5 },
    ]);
  });
});

describe('winningCoalitions', () => {
  it('tallies the groups whose line matched each result (non-attached left out)', () => {
    const w = winningCoalitions(M);
    expect(w.decided).toBe(4);
    expect(w.coalitions).toEqual([
      { groups: [], votes: 1, share: 0.25 },
      { groups: ['A'], votes: 1, share: 0.25 },
      { groups: ['A', 'B'], votes: 1, share: 0.25 },
      { groups: ['B'], votes: 1, share: 0.25 },
    ]);
    expect(w.dominantByMonth).toEqual([{ period: '2025-01', votes: 3, share: 0.3333 }, { period: '2025-02', votes: 1, share: 0 }]);
  });

  it('skips tied votes', () => {
    const tied = matrixOf(['A', 'B'], ['yn', 'yy']);
    expect(winningCoalitions(tied).decided).toBe(1);
  });
});

describe('coalitionDynamics', () => {
  it('joins cohesion, defection rates and pairs, and narrows the output to the groups asked for', () => {
    const c = coalitionDynamics({ matrix: M, groups: ['A', 'B'], minimumCohesion: 0.7 });
    expect(c.votes).toBe(4);
    expect(c.groups.map((g) => [g.group, g.agreementIndex, g.defectionRate, g.cohesive])).toEqual([['A', 0.6875, 0.0909, false], ['B', 0.75, 0, true]]);
    expect(c.pairs).toEqual([{ a: 'A', b: 'B', compared: 3, same: 1, rate: 0.3333 }]);
  });
});
