// Group cohesion: the mean Agreement Index of each group over the votes, and its course by month.
import { agreementIndex } from './agreement-index.ts';
import { groupLines, type GroupLines } from './group-lines.ts';
import { ABSTAIN, AGAINST, FOR, type VoteMatrix } from './matrix.ts';
import { round, roundOrNull } from './numbers.ts';
import { monthOf, slopePerMonth } from './periods.ts';

/** A vote counts for a group's cohesion when at least this many of its members voted (one voter is trivially united). */
export const MIN_VOTERS = 2;

export interface GroupCohesion {
  group: string;
  /** Members of the group in the matrix. */
  members: number;
  /** Votes in which at least MIN_VOTERS of its members voted. */
  votes: number;
  /** Mean Agreement Index over those votes (0..1); null without votes. */
  agreementIndex: number | null;
  /** Lowest single-vote Agreement Index. */
  lowest: number | null;
  /** Votes with an Agreement Index below `minimumCohesion`. */
  belowMinimum: number;
  byMonth: Array<{ period: string; votes: number; agreementIndex: number }>;
  /** Least-squares change of the monthly mean per month (null with fewer than two months). */
  trendPerMonth: number | null;
}

/** Per-vote Agreement Index of group g (NaN below MIN_VOTERS). */
export function voteAgreement(lines: GroupLines, v: number, g: number): number {
  const G = lines.groups.names.length;
  const at = (v * G + g) * 4;
  const c = lines.counts;
  if (c[at + FOR]! + c[at + AGAINST]! + c[at + ABSTAIN]! < MIN_VOTERS) return Number.NaN;
  return agreementIndex(c[at + FOR]!, c[at + AGAINST]!, c[at + ABSTAIN]!);
}

export function groupCohesion(matrix: VoteMatrix, options: { minimumCohesion?: number } = {}, lines: GroupLines = groupLines(matrix)): GroupCohesion[] {
  const minimum = options.minimumCohesion ?? 0.5;
  return lines.groups.names.map((group, g) => {
    let n = 0, sum = 0, lowest = Infinity, below = 0;
    const months = new Map<string, { n: number; sum: number }>();
    matrix.votes.forEach((vote, v) => {
      const ai = voteAgreement(lines, v, g);
      if (Number.isNaN(ai)) return;
      n++;
      sum += ai;
      if (ai < lowest) lowest = ai;
      if (ai < minimum) below++;
      const key = monthOf(vote.date);
      const m = months.get(key) ?? { n: 0, sum: 0 };
      m.n++;
      m.sum += ai;
      months.set(key, m);
    });
    const byMonth = [...months].sort(([a], [b]) => (a < b ? -1 : 1)).map(([period, m]) => ({ period, votes: m.n, agreementIndex: round(m.sum / m.n) }));
    return {
      group,
      members: lines.groups.sizes[g]!,
      votes: n,
      agreementIndex: n ? round(sum / n) : null,
      lowest: n ? round(lowest) : null,
      belowMinimum: below,
      byMonth,
      trendPerMonth: roundOrNull(slopePerMonth(byMonth.map((b) => ({ period: b.period, value: b.agreementIndex })))),
    };
  });
}
