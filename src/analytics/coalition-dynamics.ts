// The coalition_dynamics analytic: cohesion, defection rates and pairwise alignment of groups,
// and the coalitions that won the votes.
import { groupCohesion, type GroupCohesion } from './cohesion.ts';
import { groupDefections, memberDefections } from './defections.ts';
import { groupAlignment, type GroupPairAlignment } from './group-alignment.ts';
import { groupLines } from './group-lines.ts';
import type { VoteMatrix } from './matrix.ts';
import { roundOrNull } from './numbers.ts';
import { winningCoalitions, type WinningCoalitions } from './winning-coalitions.ts';

export interface CoalitionDynamicsInput {
  matrix: VoteMatrix;
  /** Only these groups in the output (all when absent); the analysis itself always sees the whole house. */
  groups?: string[];
  /** Votes with an Agreement Index below this count as split (default 0.5). */
  minimumCohesion?: number;
}

export interface CoalitionDynamics {
  votes: number;
  members: number;
  groups: Array<GroupCohesion & { compared: number; defections: number; defectionRate: number | null; cohesive: boolean }>;
  /** Pairs of the selected groups, most aligned first. */
  pairs: GroupPairAlignment[];
  winning: WinningCoalitions;
}

export function coalitionDynamics(input: CoalitionDynamicsInput): CoalitionDynamics {
  const { matrix } = input;
  const minimum = input.minimumCohesion ?? 0.5;
  const lines = groupLines(matrix);
  const wanted = (g: string) => !input.groups || input.groups.includes(g);
  const cohesion = groupCohesion(matrix, { minimumCohesion: minimum }, lines);
  const defections = groupDefections(memberDefections(matrix, lines), lines);
  return {
    votes: matrix.votes.length,
    members: matrix.members.length,
    groups: cohesion
      .map((c, g) => ({ ...c, compared: defections[g]!.compared, defections: defections[g]!.defections, defectionRate: roundOrNull(defections[g]!.rate), cohesive: c.agreementIndex !== null && c.agreementIndex >= minimum }))
      .filter((c) => wanted(c.group)),
    pairs: groupAlignment(matrix, lines)
      .filter((p) => wanted(p.a) && wanted(p.b))
      .sort((x, y) => (y.rate ?? -1) - (x.rate ?? -1) || (x.a + x.b < y.a + y.b ? -1 : 1)),
    winning: winningCoalitions(matrix, {}, lines),
  };
}
