// How fragmented the house is, from seats: Laakso and Taagepera's effective number of parties,
// the largest group's share, and how many groups it takes (largest first) to pass half the seats.
import { round } from './numbers.ts';

export interface Fragmentation {
  seats: Array<{ group: string; seats: number; share: number }>;
  totalSeats: number;
  /** 1 / Σ share²: 1 for one group; n for n equal groups. */
  effectiveNumberOfParties: number | null;
  largestShare: number | null;
  /** Fewest groups whose seats together exceed half the house (taking the largest first). */
  groupsForMajority: number | null;
}

/** Non-attached members are counted as seats but are not a party: ENP leaves them out when asked. */
export function fragmentation(seats: Readonly<Record<string, number>>, options: { exclude?: string[] } = {}): Fragmentation {
  const rows = Object.entries(seats).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const total = rows.reduce((a, [, n]) => a + n, 0);
  const parties = rows.filter(([g]) => !options.exclude?.includes(g));
  const partyTotal = parties.reduce((a, [, n]) => a + n, 0);
  const enp = partyTotal ? 1 / parties.reduce((a, [, n]) => a + (n / partyTotal) ** 2, 0) : null;
  let sum = 0;
  let needed: number | null = null;
  for (let i = 0; i < parties.length; i++) {
    sum += parties[i]![1];
    if (sum * 2 > total) {
      needed = i + 1;
      break;
    }
  }
  return {
    seats: rows.map(([group, n]) => ({ group, seats: n, share: round(n / total) })),
    totalSeats: total,
    effectiveNumberOfParties: enp === null ? null : round(enp, 3),
    largestShare: parties.length ? round(parties[0]![1] / total) : null,
    groupsForMajority: needed,
  };
}
