import { describe, expect, it } from 'vitest';
import { topicOf, votingPatterns } from '../../src/analytics/index.ts';
import { matrixOf } from './build.ts';

const M = matrixOf(['A', 'A', 'A', 'B', 'B', 'NI'], [
  { date: '2025-01-10', title: 'Draft general budget 2026', row: 'yyynny' },
  { date: '2025-01-11', title: 'Situation in Georgia', row: 'nyynny' },
  { date: '2025-02-05', title: 'Soil monitoring', row: '.yyyyy' },
  { date: '2025-02-06', title: 'Common European system for returns', row: 'ayynay' },
  { date: '2025-02-07', title: 'Driving licences', row: 'yynnyy' },
]);

describe('votingPatterns', () => {
  it('counts attendance, positions and alignment with the group line', () => {
    const p = votingPatterns({ matrix: M, mepId: 'm0' });
    expect(p.member).toMatchObject({ id: 'm0', group: 'A' });
    expect(p).toMatchObject({ rollCalls: 5, present: 4, attendanceRate: 0.8, positions: { for: 2, against: 1, abstain: 1 } });
    expect(p.groupAlignment).toEqual({ compared: 4, aligned: 2, rate: 0.5 });
  });

  it('lists departures most recent first, and counts those that followed another group as cross-party', () => {
    const p = votingPatterns({ matrix: M, mepId: 'm0' });
    expect(p.departures).toEqual([
      { voteId: 'v3', date: '2025-02-06', title: 'Common European system for returns', position: 'abstain', groupLine: 'for', topic: 'justice and home affairs' },
      { voteId: 'v1', date: '2025-01-11', title: 'Situation in Georgia', position: 'against', groupLine: 'for', topic: 'foreign affairs and defence' },
    ]);
    // Against with B on v1; on v3 B had no line (1 against, 1 abstain).
    expect(p.crossParty).toEqual({ votes: 1, rate: 0.25, withGroups: [{ group: 'B', votes: 1 }] });
    expect(p.agreementWithGroups).toEqual([
      { group: 'A', compared: 4, same: 2, rate: 0.5 },
      { group: 'B', compared: 2, same: 1, rate: 0.5 },
      { group: 'NI', compared: 4, same: 2, rate: 0.5 },
    ]);
    expect(votingPatterns({ matrix: M, mepId: 'm0', maxListed: 1 }).departures.map((d) => d.voteId)).toEqual(['v3']);
  });

  it('breaks the numbers down by topic and by month', () => {
    const p = votingPatterns({ matrix: M, mepId: 'm0' });
    expect(p.topics).toEqual([
      { topic: 'budget', votes: 1, present: 1, compared: 1, aligned: 1, rate: 1 },
      { topic: 'environment and climate', votes: 1, present: 0, compared: 0, aligned: 0, rate: null },
      { topic: 'foreign affairs and defence', votes: 1, present: 1, compared: 1, aligned: 0, rate: 0 },
      { topic: 'justice and home affairs', votes: 1, present: 1, compared: 1, aligned: 0, rate: 0 },
      { topic: 'transport', votes: 1, present: 1, compared: 1, aligned: 1, rate: 1 },
    ]);
    expect(p.byMonth).toEqual([
      { period: '2025-01', votes: 2, present: 2, attendanceRate: 1, compared: 2, aligned: 1, rate: 0.5 },
      { period: '2025-02', votes: 3, present: 2, attendanceRate: 0.6667, compared: 2, aligned: 1, rate: 0.5 },
    ]);
  });

  it('has no group comparison for non-attached members, and no member when the id is not in the matrix', () => {
    const ni = votingPatterns({ matrix: M, mepId: 'm5' });
    expect(ni.groupAlignment).toBeNull();
    expect(ni.present).toBe(5);
    expect(ni.departures).toEqual([]);
    const nobody = votingPatterns({ matrix: M, mepId: 'zzz' });
    expect(nobody).toMatchObject({ member: null, rollCalls: 5, present: 0, attendanceRate: 0, groupAlignment: null });
  });
});

describe('topicOf', () => {
  it('takes the first matching policy area, else other', () => {
    expect(topicOf('Reduction of methane emissions in the energy sector')).toBe('environment and climate');
    expect(topicOf('Discharge 2023: EU general budget - European Commission')).toBe('budget');
    expect(topicOf('Sustainable fisheries partnership agreement with Mauritania')).toBe('agriculture and fisheries');
    expect(topicOf('Critical Medicines Act')).toBe('health');
    expect(topicOf('Something else entirely')).toBe('other');
    expect(topicOf(null)).toBe('other');
  });
});
