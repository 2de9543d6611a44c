// Hix, Noury and Roland's Agreement Index: how united a group votes on one roll call.
// AI = (max(Y, N, A) - ((Y + N + A) - max(Y, N, A)) / 2) / (Y + N + A)
// 1 = everyone voted alike; 0 = split evenly three ways. Absent members do not count.

/** The Agreement Index of one group on one vote; NaN when nobody in it voted. */
export function agreementIndex(forVotes: number, against: number, abstain: number): number {
  const total = forVotes + against + abstain;
  if (total === 0) return Number.NaN;
  const top = Math.max(forVotes, against, abstain);
  return (top - (total - top) / 2) / total;
}
