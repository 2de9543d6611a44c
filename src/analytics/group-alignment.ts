// Pairwise group alignment: in how many votes two groups' lines were the same position.
import { groupLines, type GroupLines } from './group-lines.ts';
import { ABSENT, type VoteMatrix } from './matrix.ts';
import { round } from './numbers.ts';

export interface GroupPairAlignment {
  a: string;
  b: string;
  /** Votes where both groups had a line. */
  compared: number;
  /** Of those, votes where the lines were the same. */
  same: number;
  /** same / compared (null when nothing compared). */
  rate: number | null;
}

/** Every pair of groups (a before b in group order), NI included: its plurality still says where most non-attached stood. */
export function groupAlignment(matrix: VoteMatrix, lines: GroupLines = groupLines(matrix)): GroupPairAlignment[] {
  const G = lines.groups.names.length;
  const V = matrix.votes.length;
  const compared = new Int32Array(G * G);
  const same = new Int32Array(G * G);
  for (let v = 0; v < V; v++) {
    const row = v * G;
    for (let a = 0; a < G; a++) {
      const la = lines.line[row + a]!;
      if (la === ABSENT) continue;
      for (let b = a + 1; b < G; b++) {
        const lb = lines.line[row + b]!;
        if (lb === ABSENT) continue;
        compared[a * G + b]++;
        if (la === lb) same[a * G + b]++;
      }
    }
  }
  const out: GroupPairAlignment[] = [];
  for (let a = 0; a < G; a++) {
    for (let b = a + 1; b < G; b++) {
      const c = compared[a * G + b]!;
      out.push({ a: lines.groups.names[a]!, b: lines.groups.names[b]!, compared: c, same: same[a * G + b]!, rate: c ? round(same[a * G + b]! / c) : null });
    }
  }
  return out;
}
