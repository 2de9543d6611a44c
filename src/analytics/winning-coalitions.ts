// Which groups were on the winning side of each vote, tallied: the coalitions that carry the house.
import { groupLines, outcome, type GroupLines } from './group-lines.ts';
import { hasLine } from './groups.ts';
import { ABSENT, type VoteMatrix } from './matrix.ts';
import { round } from './numbers.ts';
import { monthOf } from './periods.ts';

export interface WinningCoalition {
  /** Groups whose line matched the result, in group order. */
  groups: string[];
  votes: number;
  /** votes / votes with a result. */
  share: number;
}

export interface WinningCoalitions {
  /** Votes with a result (for ≠ against). */
  decided: number;
  /** Most frequent first, at most `limit`. */
  coalitions: WinningCoalition[];
  /** Per month: share of that month's decided votes won by the overall most frequent coalition. */
  dominantByMonth: Array<{ period: string; votes: number; share: number }>;
}

/** Non-attached members are left out: their plurality is not a group decision. */
export function winningCoalitions(matrix: VoteMatrix, options: { limit?: number } = {}, lines: GroupLines = groupLines(matrix)): WinningCoalitions {
  const G = lines.groups.names.length;
  const lined = lines.groups.names.map(hasLine);
  const tally = new Map<string, number>();
  const keyOf: Array<string | null> = [];
  let decided = 0;
  matrix.votes.forEach((_, v) => {
    const side = outcome(lines, v);
    if (side === ABSENT) {
      keyOf.push(null);
      return;
    }
    decided++;
    const members: number[] = [];
    for (let g = 0; g < G; g++) if (lined[g] && lines.line[v * G + g] === side) members.push(g);
    const key = members.join(',');
    keyOf.push(key);
    tally.set(key, (tally.get(key) ?? 0) + 1);
  });
  const ranked = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = ranked[0]?.[0];
  const months = new Map<string, { n: number; won: number }>();
  matrix.votes.forEach((vote, v) => {
    if (keyOf[v] === null) return;
    const m = months.get(monthOf(vote.date)) ?? { n: 0, won: 0 };
    m.n++;
    if (keyOf[v] === top) m.won++;
    months.set(monthOf(vote.date), m);
  });
  return {
    decided,
    coalitions: ranked.slice(0, options.limit ?? 5).map(([key, n]) => ({
      groups: key === '' ? [] : key.split(',').map((g) => lines.groups.names[Number(g)]!),
      votes: n,
      share: round(n / decided),
    })),
    dominantByMonth: [...months].sort(([a], [b]) => (a < b ? -1 : 1)).map(([period, m]) => ({ period, votes: m.n, share: round(m.won / m.n) })),
  };
}
