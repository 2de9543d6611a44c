// Co-voting agreement between every pair of members: of the votes both took part in, the share
// where they took the same position. Each member's positions become bitsets (for, against,
// abstain, any), so a pair costs a few popcounts per 32 votes instead of a loop over votes.
import { ABSENT, type VoteMatrix } from './matrix.ts';

export interface CoVoting {
  /** Members compared, as indexes into `matrix.members`. */
  members: Int32Array;
  /** `shared[i * n + j]`: votes where both i and j recorded a position (n = members.length). */
  shared: Uint32Array;
  /** `same[i * n + j]`: of those, votes with the same position. */
  same: Uint32Array;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** All pairs among `members` (default: everyone). Symmetric; the diagonal holds each member's own votes. */
export function coVoting(matrix: VoteMatrix, members?: Int32Array): CoVoting {
  const idx = members ?? Int32Array.from(matrix.members.keys());
  const n = idx.length;
  const V = matrix.votes.length;
  const W = (V + 31) >>> 5;
  // bits[(i * 4 + set) * W + w], sets: 0 for, 1 against, 2 abstain, 3 any position.
  const bits = new Int32Array(n * 4 * W);
  for (let v = 0; v < V; v++) {
    const p = matrix.votes[v]!.positions;
    const w = v >>> 5;
    const bit = 1 << (v & 31);
    for (let i = 0; i < n; i++) {
      const code = p[idx[i]!]!;
      if (code === ABSENT) continue;
      bits[(i * 4 + code - 1) * W + w] |= bit;
      bits[(i * 4 + 3) * W + w] |= bit;
    }
  }
  const shared = new Uint32Array(n * n);
  const same = new Uint32Array(n * n);
  for (let i = 0; i < n; i++) {
    const fi = i * 4 * W, ai = fi + W, bi = ai + W, pi = bi + W;
    for (let j = i; j < n; j++) {
      const fj = j * 4 * W, aj = fj + W, bj = aj + W, pj = bj + W;
      let s = 0, e = 0;
      for (let w = 0; w < W; w++) {
        const F = bits[fi + w]! & bits[fj + w]!;
        const A = bits[ai + w]! & bits[aj + w]!;
        const B = bits[bi + w]! & bits[bj + w]!;
        e += popcount(F) + popcount(A) + popcount(B);
        s += popcount(bits[pi + w]! & bits[pj + w]!);
      }
      shared[i * n + j] = shared[j * n + i] = s;
      same[i * n + j] = same[j * n + i] = e;
    }
  }
  return { members: idx, shared, same };
}
