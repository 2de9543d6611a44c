// Per vote and group: how many voted for, against and abstained, and the group's line (its
// plurality position). One pass over the matrix; everything else reads these arrays.
import { indexGroups, type GroupIndex } from './groups.ts';
import { ABSENT, AGAINST, FOR, type VoteMatrix } from './matrix.ts';

export interface GroupLines {
  groups: GroupIndex;
  /** `counts[(v * G + g) * 4 + code]`: members of group g with that position code on vote v (code 0 = no position). */
  counts: Int32Array;
  /** `line[v * G + g]`: the group's plurality position code, 0 when nobody voted or the top positions tie. */
  line: Uint8Array;
  /** `house[v * 4 + code]`: all members (with or without a known group). */
  house: Int32Array;
}

export function groupLines(matrix: VoteMatrix, groups: GroupIndex = indexGroups(matrix.members)): GroupLines {
  const G = groups.names.length;
  const V = matrix.votes.length;
  const M = matrix.members.length;
  const counts = new Int32Array(V * G * 4);
  const house = new Int32Array(V * 4);
  const line = new Uint8Array(V * G);
  const of = groups.of;
  for (let v = 0; v < V; v++) {
    const p = matrix.votes[v]!.positions;
    const base = v * G * 4;
    for (let m = 0; m < M; m++) {
      const code = p[m]!;
      house[v * 4 + code]++;
      const g = of[m]!;
      if (g >= 0) counts[base + g * 4 + code]++;
    }
    for (let g = 0; g < G; g++) line[v * G + g] = plurality(counts, base + g * 4);
  }
  return { groups, counts, line, house };
}

/** The most common of for/against/abstain at `at + 1..3`; 0 when none or tied at the top. */
export function plurality(counts: ArrayLike<number>, at: number): number {
  let best = ABSENT;
  let top = 0;
  let tied = false;
  for (let code = 1; code <= 3; code++) {
    const n = counts[at + code]!;
    if (n > top) {
      top = n;
      best = code;
      tied = false;
    } else if (n === top && n > 0) tied = true;
  }
  return tied ? ABSENT : best;
}

/** The house's result: FOR when more voted for than against, AGAINST when fewer, 0 on a tie (abstentions do not count). */
export function outcome(lines: GroupLines, v: number): number {
  const f = lines.house[v * 4 + FOR]!;
  const a = lines.house[v * 4 + AGAINST]!;
  return f > a ? FOR : a > f ? AGAINST : ABSENT;
}
