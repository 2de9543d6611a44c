import { describe, expect, it } from 'vitest';
import { mepInfluence } from '../../src/analytics/index.ts';
import { matrixOf } from './build.ts';

// A (m0-m2) for, B (m3-m4) against; m0 misses the first five of ten votes.
const M = matrixOf(['A', 'A', 'A', 'B', 'B'], Array.from({ length: 10 }, (_, v) => `${v < 5 ? '.' : 'y'}yynn`));
const network = { minSharedVotes: 1 };

describe('mepInfluence', () => {
  it('scores each dimension 0..1 and weights them equally into 0..100', () => {
    const r = mepInfluence({
      matrix: M,
      mepId: 'm0',
      activity: { reports: 1, questions: 5, speeches: null },
      seats: [{ kind: 'committee', roleCode: 'CHAIR', body: 'ENVI' }, { kind: 'delegation', roleCode: 'MEMBER', body: 'D-US' }],
      network,
    });
    const dims = Object.fromEntries(r.dimensions.map((d) => [d.name, d]));
    expect(dims.votingActivity).toMatchObject({ weight: 0.25, score: 0.5, details: { rollCalls: 10, present: 5, attendancePercentile: 0 } });
    // mean(1/3, 5/20); speeches unknown
    expect(dims.legislativeOutput).toMatchObject({ score: 0.2917, details: { reports: 1, questions: 5, speeches: null } });
    // chair 1 + delegation member 0.05, capped at 1
    expect(dims.committeeRoles).toMatchObject({ score: 1, details: { seats: 2, points: 1.05, roles: 'ENVI CHAIR, D-US MEMBER' } });
    // Backbone: a triangle (A) and an edge (B). Strength 2 ranks (2 + 2/2) / 4 = 0.75; betweenness all 0 ranks 0.5.
    expect(dims.networkCentrality).toMatchObject({ score: 0.625, details: { degree: 2, strength: 2, betweenness: 0, strengthPercentile: 0.75, betweennessPercentile: 0.5 } });
    expect(r.score).toBe(60.4); // 25 × (0.5 + 0.2917 + 1 + 0.625)
  });

  it('leaves dimensions without data out and re-weights the rest', () => {
    const r = mepInfluence({ matrix: M, mepId: 'm0', activity: { reports: null, questions: null, speeches: null }, seats: null, network });
    expect(r.dimensions.map((d) => d.score)).toEqual([0.5, null, null, 0.625]);
    expect(r.score).toBe(56.3);
  });

  it('has no score for a member outside the matrix without other data', () => {
    const r = mepInfluence({ matrix: M, mepId: 'nobody', activity: { reports: null, questions: null, speeches: null }, seats: null });
    expect(r).toMatchObject({ member: null, score: null });
  });
});
