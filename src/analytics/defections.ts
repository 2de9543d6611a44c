// Defection: a member who voted, in a vote where their group had a line, and not with it.
import { groupLines, type GroupLines } from './group-lines.ts';
import { hasLine } from './groups.ts';
import { ABSENT, type VoteMatrix } from './matrix.ts';

export interface MemberDefections {
  /** Votes where the member voted and their group had a line. */
  compared: Int32Array;
  /** Of those, votes where the member's position differed from the line. */
  defections: Int32Array;
}

/** Per member (in `members` order). Members without a group, or non-attached, are never compared. */
export function memberDefections(matrix: VoteMatrix, lines: GroupLines = groupLines(matrix)): MemberDefections {
  const M = matrix.members.length;
  const G = lines.groups.names.length;
  const compared = new Int32Array(M);
  const defections = new Int32Array(M);
  const lined = lines.groups.names.map(hasLine);
  const of = lines.groups.of;
  matrix.votes.forEach((vote, v) => {
    const p = vote.positions;
    for (let m = 0; m < M; m++) {
      const g = of[m]!;
      const code = p[m]!;
      if (g < 0 || code === ABSENT || !lined[g]) continue;
      const line = lines.line[v * G + g]!;
      if (line === ABSENT) continue;
      compared[m]++;
      if (code !== line) defections[m]++;
    }
  });
  return { compared, defections };
}

/** Sum of member counts per group: a group's defection rate is defections / compared over its members. */
export function groupDefections(d: MemberDefections, lines: GroupLines): Array<{ group: string; compared: number; defections: number; rate: number | null }> {
  const G = lines.groups.names.length;
  const compared = new Float64Array(G);
  const defections = new Float64Array(G);
  lines.groups.of.forEach((g, m) => {
    if (g < 0) return;
    compared[g] += d.compared[m]!;
    defections[g] += d.defections[m]!;
  });
  return lines.groups.names.map((group, g) => ({ group, compared: compared[g]!, defections: defections[g]!, rate: compared[g] ? defections[g]! / compared[g]! : null }));
}
