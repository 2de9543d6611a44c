// Centrality and communities of the backbone, with graphology's maintained implementations:
// Louvain (graphology-communities-louvain) and Brandes betweenness (graphology-metrics).
import { createRequire } from 'node:module';
import { UndirectedGraph } from 'graphology';
import type { BackboneEdge } from './backbone.ts';

// Both packages are CommonJS whose types declare a default export that Node's ESM loader does not
// give (module.exports is the function itself), so load them with require and their declared types.
const require = createRequire(import.meta.url);
const louvain: typeof import('graphology-communities-louvain').default = require('graphology-communities-louvain');
const betweennessCentrality: typeof import('graphology-metrics/centrality/betweenness.js').default = require('graphology-metrics/centrality/betweenness.js');

export interface NetworkMetrics {
  /** Per node (backbone position): edges. */
  degree: Int32Array;
  /** Sum of edge weights (agreement) per node. */
  strength: Float64Array;
  /** Normalised betweenness over unweighted shortest paths (0..1). */
  betweenness: Float64Array;
  /** Louvain community per node; communities numbered by size, largest 0. */
  community: Int32Array;
  communities: number;
  /** Modularity of the Louvain partition (weighted). */
  modularity: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so the same votes give the same communities. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function networkMetrics(nodes: number, edges: readonly BackboneEdge[]): NetworkMetrics {
  const graph = new UndirectedGraph({ multi: false, allowSelfLoops: false });
  for (let i = 0; i < nodes; i++) graph.addNode(String(i));
  const degree = new Int32Array(nodes);
  const strength = new Float64Array(nodes);
  for (const e of edges) {
    graph.addEdge(String(e.a), String(e.b), { weight: e.weight });
    degree[e.a]++;
    degree[e.b]++;
    strength[e.a] += e.weight;
    strength[e.b] += e.weight;
  }
  const betweenness = new Float64Array(nodes);
  const community = new Int32Array(nodes);
  if (nodes === 0) return { degree, strength, betweenness, community, communities: 0, modularity: 0 };
  const b = betweennessCentrality(graph, { getEdgeWeight: null, normalized: true });
  for (let i = 0; i < nodes; i++) betweenness[i] = b[String(i)] ?? 0;
  let raw: Record<string, number> = {};
  let modularity = 0;
  if (edges.length > 0) {
    const detailed = louvain.detailed(graph, { getEdgeWeight: 'weight', rng: seeded(20240716) });
    raw = detailed.communities;
    modularity = detailed.modularity;
  }
  // Renumber: largest community 0; isolated nodes (no edges) each get their own number after the rest.
  const sizes = new Map<number, number>();
  for (let i = 0; i < nodes; i++) if (degree[i]) sizes.set(raw[String(i)]!, (sizes.get(raw[String(i)]!) ?? 0) + 1);
  const order = [...sizes].sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([c]) => c);
  const renumber = new Map(order.map((c, i) => [c, i]));
  let next = order.length;
  for (let i = 0; i < nodes; i++) community[i] = degree[i] ? renumber.get(raw[String(i)]!)! : next++;
  return { degree, strength, betweenness, community, communities: next, modularity };
}
