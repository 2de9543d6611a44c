// The political_network analytic: members linked by how often they vote alike, with each
// member's centrality and community, optionally narrowed to groups or to one member's surroundings.
import { backbone, type BackboneEdge } from './backbone.ts';
import { coVoting } from './co-voting.ts';
import { toGraphML } from './graphml.ts';
import type { VoteMatrix } from './matrix.ts';
import { networkMetrics } from './network-metrics.ts';
import { round } from './numbers.ts';

export const NETWORK_DEFAULTS = { minSimilarity: 0.7, neighbours: 10, minSharedVotes: 10, maxEdges: 2000, depth: 2 } as const;

export interface PoliticalNetworkInput {
  matrix: VoteMatrix;
  /** Lowest agreement (0..1) for an edge. */
  minSimilarity?: number;
  /** Most similar co-voters linked per member. */
  neighbours?: number;
  /** Pairs with fewer shared votes are not compared. */
  minSharedVotes?: number;
  /** Members of these groups only (all when absent). */
  groups?: string[];
  /** Only this member and those within `depth` links of them (metrics still come from the whole network). */
  focus?: { mepId: string; depth?: number };
  /** Edges returned, strongest first. */
  maxEdges?: number;
  /** Also write the returned nodes and edges as GraphML text (here, so it runs wherever the analytic runs). */
  graphml?: boolean;
}

export interface NetworkNode {
  id: string;
  name: string;
  group: string | null;
  country: string | null;
  community: number;
  degree: number;
  strength: number;
  betweenness: number;
}

export interface NetworkEdge {
  source: string;
  target: string;
  /** Agreement: share of shared votes with the same position. */
  weight: number;
  shared: number;
}

export interface PoliticalNetwork {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
  /** Communities of two or more members, largest first, with their group make-up. */
  communities: Array<{ id: number; size: number; groups: Array<{ group: string; members: number }> }>;
  modularity: number;
  /** GraphML of `nodes` and `edges` when asked for, else null. */
  graphml: string | null;
  stats: {
    /** Members in the network (after the group filter). */
    members: number;
    votes: number;
    backboneEdges: number;
    nodesReturned: number;
    edgesReturned: number;
    /** More edges matched than `maxEdges`. */
    truncated: boolean;
    /** Members without any edge (too few shared votes or no one similar enough). */
    isolated: number;
    /** The focus member was not in the network. */
    focusMissing: boolean;
  };
}

export function politicalNetwork(input: PoliticalNetworkInput): PoliticalNetwork {
  const { matrix } = input;
  const o = { ...NETWORK_DEFAULTS, ...definedOnly(input) };
  const chosen = Int32Array.from([...matrix.members.keys()].filter((i) => !input.groups || input.groups.includes(matrix.members[i]!.group ?? '')));
  const cv = coVoting(matrix, chosen);
  const edges = backbone(cv, o);
  const n = chosen.length;
  const metrics = networkMetrics(n, edges);
  const member = (i: number) => matrix.members[chosen[i]!]!;

  let keep: Uint8Array = new Uint8Array(n).fill(1);
  let focusMissing = false;
  if (input.focus) {
    const start = [...chosen].findIndex((m) => matrix.members[m]!.id === input.focus!.mepId);
    keep = new Uint8Array(n);
    if (start < 0) focusMissing = true;
    else within(start, input.focus.depth ?? o.depth, n, edges, keep);
  }
  const nodes: NetworkNode[] = [];
  for (let i = 0; i < n; i++) {
    if (!keep[i]) continue;
    const m = member(i);
    nodes.push({ id: m.id, name: m.name, group: m.group, country: m.country, community: metrics.community[i]!, degree: metrics.degree[i]!, strength: round(metrics.strength[i]!), betweenness: round(metrics.betweenness[i]!, 6) });
  }
  const inside = edges.filter((e) => keep[e.a] && keep[e.b]).sort((x, y) => y.weight - x.weight || y.shared - x.shared || x.a - y.a || x.b - y.b);
  const kept = inside.slice(0, o.maxEdges);
  const communities = new Map<number, Map<string, number>>();
  for (let i = 0; i < n; i++) {
    if (!metrics.degree[i]) continue;
    const c = communities.get(metrics.community[i]!) ?? new Map<string, number>();
    const g = member(i).group ?? 'unknown';
    c.set(g, (c.get(g) ?? 0) + 1);
    communities.set(metrics.community[i]!, c);
  }
  const outEdges = kept.map((e) => ({ source: member(e.a).id, target: member(e.b).id, weight: round(e.weight), shared: e.shared }));
  return {
    nodes,
    edges: outEdges,
    communities: [...communities]
      .map(([id, groups]) => ({ id, size: [...groups.values()].reduce((a, b) => a + b, 0), groups: [...groups].map(([group, members]) => ({ group, members })).sort((a, b) => b.members - a.members) }))
      .filter((c) => c.size >= 2)
      .sort((a, b) => a.id - b.id),
    modularity: round(metrics.modularity),
    graphml: input.graphml ? toGraphML({ nodes, edges: outEdges }) : null,
    stats: {
      members: n,
      votes: matrix.votes.length,
      backboneEdges: edges.length,
      nodesReturned: nodes.length,
      edgesReturned: kept.length,
      truncated: inside.length > kept.length,
      isolated: metrics.degree.filter((d) => d === 0).length,
      focusMissing,
    },
  };
}

/** Mark nodes within `depth` links of `start` (breadth-first). */
function within(start: number, depth: number, n: number, edges: readonly BackboneEdge[], mark: Uint8Array): void {
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) {
    adj[e.a]!.push(e.b);
    adj[e.b]!.push(e.a);
  }
  let frontier = [start];
  mark[start] = 1;
  for (let d = 0; d < depth && frontier.length; d++) {
    const next: number[] = [];
    for (const u of frontier) for (const w of adj[u]!) if (!mark[w]) {
      mark[w] = 1;
      next.push(w);
    }
    frontier = next;
  }
}

function definedOnly(input: PoliticalNetworkInput) {
  const out: Partial<Record<'minSimilarity' | 'neighbours' | 'minSharedVotes' | 'maxEdges', number>> = {};
  for (const k of ['minSimilarity', 'neighbours', 'minSharedVotes', 'maxEdges'] as const) if (input[k] !== undefined) out[k] = input[k];
  return out;
}
