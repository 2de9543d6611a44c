// A full-size vote matrix from the fake upstream's volume generator (720 MEPs × 1,000 roll calls by default).
import { encodeMatrix, type VoteMatrix } from '../../src/analytics/index.ts';
import { generateVotes } from '../../test/fake-upstream/generate.ts';

export function generatedMatrix(meps = 720, votes = 1000, seed = 1): VoteMatrix {
  const g = generateVotes({ meps, votes, seed });
  const members = g.meps.map((m) => ({ id: m.id, name: `${m.givenName} ${m.familyName}`, group: m.groups.at(-1)!.code, country: m.country }));
  const rows = g.votes.map((v) => ({
    id: `RCV-${v.votingId}`,
    date: v.date,
    title: v.description,
    positions: [
      ...v.favor.map((mepId) => ({ mepId, position: 'for' as const })),
      ...v.against.map((mepId) => ({ mepId, position: 'against' as const })),
      ...v.abstention.map((mepId) => ({ mepId, position: 'abstain' as const })),
    ],
  }));
  return encodeMatrix(members, rows).matrix;
}
