import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ABSENT, backbone, coVoting, politicalNetwork, toGraphML } from '../../src/analytics/index.ts';
import { matrixOf, randomMatrix } from './build.ts';

describe('coVoting', () => {
  it('counts shared votes and equal positions for every pair', () => {
    // m0: y y n .   m1: y n n a   m2: . y n a
    const cv = coVoting(matrixOf(['A', 'A', 'B'], ['yy.', 'yny', 'nnn', '.aa']));
    const at = (i: number, j: number) => [cv.shared[i * 3 + j], cv.same[i * 3 + j]];
    expect(at(0, 1)).toEqual([3, 2]);
    expect(at(1, 0)).toEqual([3, 2]);
    expect(at(0, 2)).toEqual([2, 2]);
    expect(at(1, 2)).toEqual([3, 2]);
    expect([at(0, 0), at(1, 1), at(2, 2)]).toEqual([[3, 3], [4, 4], [3, 3]]);
  });

  it('agrees with a plain loop over votes when votes span several 32-bit words', () => {
    const m = randomMatrix(23, 77);
    const cv = coVoting(m);
    const n = m.members.length;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let shared = 0, same = 0;
        for (const v of m.votes) {
          const a = v.positions[i]!, b = v.positions[j]!;
          if (a === ABSENT || b === ABSENT) continue;
          shared++;
          if (a === b) same++;
        }
        expect([cv.shared[i * n + j], cv.same[i * n + j]]).toEqual([shared, same]);
      }
    }
  });
});

describe('backbone', () => {
  it('links each member to their best co-voters above the floor', () => {
    const cv = coVoting(matrixOf(['A', 'A', 'B'], ['yy.', 'yny', 'nnn', '.aa']));
    // m0's best is m2 (2/2); m1 ties m0 and m2 at 2/3 and keeps the first; m2's best is m0, already linked.
    expect(backbone(cv, { minSimilarity: 0, neighbours: 1, minSharedVotes: 1 })).toEqual([
      { a: 0, b: 2, weight: 1, shared: 2 },
      { a: 0, b: 1, weight: 2 / 3, shared: 3 },
    ]);
    expect(backbone(cv, { minSimilarity: 0.7, neighbours: 1, minSharedVotes: 1 })).toEqual([{ a: 0, b: 2, weight: 1, shared: 2 }]);
    expect(backbone(cv, { minSimilarity: 0, neighbours: 5, minSharedVotes: 3 })).toEqual([{ a: 0, b: 1, weight: 2 / 3, shared: 3 }, { a: 1, b: 2, weight: 2 / 3, shared: 3 }]);
  });
});

// Two blocs of four that never agree, and one member who never votes.
const BLOCS = matrixOf(['A', 'A', 'A', 'A', 'B', 'B', 'B', 'B', 'C'], Array.from({ length: 12 }, () => 'yyyynnnn.'));
BLOCS.members[1]!.name = 'Ana & "Bo" <Cy>';

describe('politicalNetwork', () => {
  it('finds the two blocs as communities, with exact degrees and modularity', () => {
    const n = politicalNetwork({ matrix: BLOCS, neighbours: 3, minSharedVotes: 1 });
    expect(n.communities).toEqual([{ id: 0, size: 4, groups: [{ group: 'A', members: 4 }] }, { id: 1, size: 4, groups: [{ group: 'B', members: 4 }] }]);
    // Two disjoint 4-cliques of equal weight: Q = 2 × (1/2 − (1/2)²) = 0.5.
    expect(n.modularity).toBe(0.5);
    expect(n.nodes.filter((x) => x.group !== 'C').every((x) => x.degree === 3 && x.strength === 3 && x.betweenness === 0)).toBe(true);
    expect(n.stats).toEqual({ members: 9, votes: 12, backboneEdges: 12, nodesReturned: 9, edgesReturned: 12, truncated: false, isolated: 1, focusMissing: false });
    expect(n.edges.every((e) => e.weight === 1 && e.shared === 12)).toBe(true);
  });

  it('narrows to a member\'s surroundings, to groups, and caps the edges returned', () => {
    const ego = politicalNetwork({ matrix: BLOCS, neighbours: 3, minSharedVotes: 1, focus: { mepId: 'm5', depth: 1 } });
    expect(ego.nodes.map((x) => x.id)).toEqual(['m4', 'm5', 'm6', 'm7']);
    expect(ego.edges).toHaveLength(6);
    expect(politicalNetwork({ matrix: BLOCS, focus: { mepId: 'nobody' } }).stats).toMatchObject({ focusMissing: true, nodesReturned: 0 });
    const onlyB = politicalNetwork({ matrix: BLOCS, neighbours: 3, minSharedVotes: 1, groups: ['B'] });
    expect(onlyB.stats.members).toBe(4);
    const capped = politicalNetwork({ matrix: BLOCS, neighbours: 3, minSharedVotes: 1, maxEdges: 2 });
    expect(capped.stats).toMatchObject({ edgesReturned: 2, truncated: true, backboneEdges: 12 });
  });

  it('links a bridge member whose betweenness is then the highest', () => {
    // m4 votes with A on half the votes and with B on the other half.
    const rows = Array.from({ length: 12 }, (_, v) => `yyyy${v % 2 ? 'y' : 'n'}nnnn`);
    const n = politicalNetwork({ matrix: matrixOf(['A', 'A', 'A', 'A', 'X', 'B', 'B', 'B', 'B'], rows), neighbours: 4, minSharedVotes: 1, minSimilarity: 0.5 });
    const top = [...n.nodes].sort((a, b) => b.betweenness - a.betweenness)[0]!;
    expect(top.id).toBe('m4');
    expect(top.betweenness).toBeGreaterThan(0.5);
  });
});

describe('toGraphML', () => {
  it('writes well-formed GraphML with typed keys, escaped labels and every node and edge', () => {
    const net = politicalNetwork({ matrix: BLOCS, neighbours: 3, minSharedVotes: 1 });
    const xml = toGraphML(net);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const g = doc.graphml.graph;
    expect(g.edgedefault).toBe('undirected');
    expect(g.node).toHaveLength(9);
    expect(g.edge).toHaveLength(12);
    expect(doc.graphml.key.map((k: any) => `${k.for}:${k['attr.name']}:${k['attr.type']}`)).toEqual([
      'node:label:string', 'node:group:string', 'node:country:string', 'node:community:int', 'node:degree:int', 'node:strength:double', 'node:betweenness:double',
      'edge:weight:double', 'edge:sharedVotes:int',
    ]);
    expect(xml).toContain('<data key="label">Ana &amp; &quot;Bo&quot; &lt;Cy&gt;</data>');
    const ids = new Set(g.node.map((x: any) => x.id));
    expect(g.edge.every((e: any) => ids.has(e.source) && ids.has(e.target))).toBe(true);
  });
});

describe('size of a full-house network answer', () => {
  it('stays under 2 MiB as JSON plus GraphML at the largest edge cap (720 members, 1,000 votes)', async () => {
    const { generatedMatrix } = await import('../../bench/support/matrix.ts');
    const matrix = generatedMatrix(720, 1000);
    const net = politicalNetwork({ matrix, neighbours: 30, maxEdges: 5000 });
    expect(net.stats.edgesReturned).toBe(5000);
    const bytes = Buffer.byteLength(JSON.stringify(net)) + Buffer.byteLength(toGraphML(net));
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
  }, 20_000);
});

describe('politicalNetwork with graphml', () => {
  it('writes the GraphML of exactly the nodes and edges it returns', () => {
    const net = politicalNetwork({ matrix: BLOCS, neighbours: 3, minSharedVotes: 1, maxEdges: 5, graphml: true });
    expect(net.graphml).toBe(toGraphML(net));
    expect(politicalNetwork({ matrix: BLOCS }).graphml).toBeNull();
  });
});
