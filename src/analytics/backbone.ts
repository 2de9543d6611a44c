// The network's backbone: each member linked to their k most similar co-voters (agreement at or
// above a floor, over enough shared votes). A full similarity graph of 720 members has ~250,000
// pairs, most above any useful floor inside a group; the k-nearest-neighbour backbone keeps the
// structure (groups, bridges) at a size where betweenness and community detection stay fast.
import type { CoVoting } from './co-voting.ts';

export interface BackboneOptions {
  /** Lowest agreement for an edge (0..1). */
  minSimilarity: number;
  /** Neighbours kept per member. */
  neighbours: number;
  /** Fewer shared votes than this and a pair is not compared. */
  minSharedVotes: number;
}

export interface BackboneEdge {
  /** Positions in `CoVoting.members`, a < b. */
  a: number;
  b: number;
  /** Agreement: same / shared. */
  weight: number;
  shared: number;
}

export function backbone(cv: CoVoting, options: BackboneOptions): BackboneEdge[] {
  const n = cv.members.length;
  const k = Math.max(1, options.neighbours);
  const seen = new Set<number>();
  const edges: BackboneEdge[] = [];
  const topW = new Float64Array(k);
  const topJ = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    let filled = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const s = cv.shared[i * n + j]!;
      if (s < options.minSharedVotes || s === 0) continue;
      const w = cv.same[i * n + j]! / s;
      if (w < options.minSimilarity) continue;
      if (filled === k && w <= topW[k - 1]!) continue;
      // Insert into the sorted top-k (descending weight; earlier index first on ties).
      let at = filled < k ? filled++ : k - 1;
      while (at > 0 && topW[at - 1]! < w) {
        topW[at] = topW[at - 1]!;
        topJ[at] = topJ[at - 1]!;
        at--;
      }
      topW[at] = w;
      topJ[at] = j;
    }
    for (let t = 0; t < filled; t++) {
      const j = topJ[t]!;
      const a = Math.min(i, j), b = Math.max(i, j);
      const key = a * n + b;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ a, b, weight: topW[t]!, shared: cv.shared[a * n + b]! });
    }
  }
  return edges;
}
