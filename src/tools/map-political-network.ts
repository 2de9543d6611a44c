import { z } from 'zod';
import { NETWORK_DEFAULTS, runAnalytic } from '../analytics/index.ts';
import { GroupSchema, MepIdSchema } from '../ep/ids.ts';
import type { ToolDefinition } from '../tools.ts';
import { assessmentShape, confidenceOf, coverageOf, rosterGap } from './assessment.ts';
import { rollCallData, rollCallStages } from './roll-call-tool.ts';
import { scopeShape } from './roll-call-sources.ts';

/**
 * Edges one answer carries at most. With one node per member (about 720, ~750 over a term) the
 * JSON plus GraphML stays under about 2 MiB, far below the 10 MiB a stdio message may hold.
 */
export const MAX_NETWORK_EDGES = 5000;

const input = z
  .object({
    ...scopeShape,
    mepId: MepIdSchema.optional().describe('Only this MEP and those within `depth` links of them (centrality still comes from the whole network)'),
    depth: z.number().int().min(1).max(3).default(NETWORK_DEFAULTS.depth).describe('Links from mepId to include (1-3)'),
    groupIds: z.array(GroupSchema).min(1).max(10).optional().describe('Only members of these groups'),
    minSimilarity: z.number().min(0).max(1).default(NETWORK_DEFAULTS.minSimilarity).describe('Lowest co-voting agreement (0-1) for a link'),
    neighbours: z.number().int().min(1).max(30).default(NETWORK_DEFAULTS.neighbours).describe('Most similar co-voters linked per member (1-30)'),
    maxEdges: z.number().int().min(1).max(MAX_NETWORK_EDGES).default(NETWORK_DEFAULTS.maxEdges).describe(`Links returned, strongest first (1-${MAX_NETWORK_EDGES})`),
    format: z.enum(['json', 'graphml', 'both']).default('both').describe('json: nodes and edges; graphml: GraphML text only; both'),
  })
  .strict();
type Input = z.infer<typeof input>;

const node = z.object({
  id: z.string(), name: z.string(), group: z.string().nullable(), country: z.string().nullable(),
  community: z.number().int().describe('Louvain community; 0 is the largest'),
  degree: z.number().int().describe('Links in the backbone'),
  strength: z.number().describe('Sum of the agreement of those links'),
  betweenness: z.number().describe('Normalised betweenness (0-1): share of shortest paths between others that pass through this member'),
});

const output = z.object({
  nodes: z.array(node),
  edges: z.array(z.object({ source: z.string(), target: z.string(), weight: z.number().describe('Agreement: share of shared votes with the same position'), shared: z.number().int() })),
  communities: z.array(z.object({ id: z.number().int(), size: z.number().int(), groups: z.array(z.object({ group: z.string(), members: z.number().int() })) })),
  modularity: z.number().describe('Modularity of the Louvain partition: above about 0.3 means clearly separated blocs'),
  stats: z.object({
    members: z.number().int(), votes: z.number().int(), backboneEdges: z.number().int(), nodesReturned: z.number().int(), edgesReturned: z.number().int(),
    truncated: z.boolean().describe('More links matched than maxEdges'), isolated: z.number().int(), focusMissing: z.boolean(),
  }),
  graphml: z.string().nullable().describe('The same nodes and edges as GraphML 1.0 (Gephi, yEd, Cytoscape, NetworkX)'),
  limits: z.object({ maxEdges: z.number().int() }),
  ...assessmentShape,
});
type Output = z.infer<typeof output>;

export const mapPoliticalNetwork: ToolDefinition<Input, Output> = {
  name: 'map_political_network',
  title: 'Map the co-voting network',
  description:
    'A network of MEPs linked by how often they vote alike in the plenary roll calls of a period (or given sittings): each MEP is linked to their most similar co-voters ' +
    '(agreement = share of shared votes with the same position, at least minSimilarity), with each member\'s degree, strength and betweenness centrality, ' +
    `Louvain communities and their modularity. Returned as JSON and as GraphML text; at most ${MAX_NETWORK_EDGES} links per answer. ` +
    'Optionally narrowed to groups or to one MEP\'s surroundings. Carries its methodology, a confidence level and coverage warnings.',
  family: 'meetings',
  requiredRole: 'analyst',
  ttl: 'vote',
  input,
  output,
  ...rollCallStages,
  resultKey: (p) => JSON.stringify(p),
  async transform(raw, p) {
    const data = await rollCallData(p, raw);
    const net = await runAnalytic('politicalNetwork', {
      matrix: data.matrix,
      minSimilarity: p.minSimilarity,
      neighbours: p.neighbours,
      maxEdges: p.maxEdges,
      graphml: p.format !== 'json',
      ...(p.groupIds ? { groups: p.groupIds } : {}),
      ...(p.mepId ? { focus: { mepId: p.mepId, depth: p.depth } } : {}),
    });
    const warnings = [...data.warnings];
    if (net.stats.focusMissing) warnings.push(`MEP ${p.mepId} is not in the network (no roll-call position in the sittings read)`);
    if (net.stats.truncated) warnings.push(`only the ${net.stats.edgesReturned} strongest of ${net.stats.backboneEdges} links are returned (maxEdges); centrality and communities use them all`);
    if (net.stats.isolated) warnings.push(`${net.stats.isolated} member(s) have no link: fewer than ${NETWORK_DEFAULTS.minSharedVotes} shared votes, or no one at minSimilarity`);
    const json = p.format !== 'graphml';
    return {
      nodes: json ? net.nodes : [],
      edges: json ? net.edges : [],
      communities: net.communities,
      modularity: net.modularity,
      stats: net.stats,
      graphml: net.graphml,
      limits: { maxEdges: MAX_NETWORK_EDGES },
      methodology:
        'Co-voting agreement of two members = votes where both recorded the same position (for, against or abstain) / votes where both recorded one; pairs sharing fewer than ' +
        `${NETWORK_DEFAULTS.minSharedVotes} votes are not compared. Each member is linked to their \`neighbours\` most similar co-voters at or above minSimilarity (a k-nearest-neighbour backbone). ` +
        'On that backbone: degree, strength (sum of link agreement), betweenness (Brandes, unweighted shortest paths, normalised) and Louvain communities (weighted by agreement, fixed seed) with their modularity, ' +
        'computed with graphology. Edges are returned strongest first.',
      confidence: confidenceOf(data.matrix.votes.length, rosterGap(data)),
      warnings,
      coverage: coverageOf(p, data),
    };
  },
  render: (r) =>
    `Co-voting network over ${r.coverage.rollCalls} roll calls: ${r.stats.members} members, ${r.stats.backboneEdges} links (${r.stats.edgesReturned} returned), ` +
    `${r.communities.length} communities (modularity ${r.modularity.toFixed(2)}): ` +
    r.communities.slice(0, 6).map((c) => `#${c.id} ${c.size} (${c.groups.slice(0, 3).map((g) => `${g.group} ${g.members}`).join(', ')})`).join('; ') + '. ' +
    `Confidence: ${r.confidence}.${r.warnings.length ? ` Warnings: ${r.warnings.join('; ')}.` : ''}`,
};
