// GraphML text of a political network, for Gephi, yEd, Cytoscape or NetworkX. Written here:
// graphology-graphml only parses, and the other npm writers drag in a whole graph UI library.
import type { PoliticalNetwork } from './political-network.ts';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

const NODE_KEYS = [
  ['label', 'string'], ['group', 'string'], ['country', 'string'], ['community', 'int'], ['degree', 'int'], ['strength', 'double'], ['betweenness', 'double'],
] as const;
const EDGE_KEYS = [['weight', 'double'], ['sharedVotes', 'int']] as const;

const data = (key: string, value: string | number | null) => (value === null ? '' : `<data key="${key}">${escapeXml(String(value))}</data>`);

/** GraphML 1.0, undirected; node ids are `p` + person id, so they are valid XML names. */
export function toGraphML(network: Pick<PoliticalNetwork, 'nodes' | 'edges'>, graphId = 'co-voting'): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...NODE_KEYS.map(([name, type]) => `<key id="${name}" for="node" attr.name="${name}" attr.type="${type}"/>`),
    ...EDGE_KEYS.map(([name, type]) => `<key id="${name}" for="edge" attr.name="${name}" attr.type="${type}"/>`),
    `<graph id="${escapeXml(graphId)}" edgedefault="undirected">`,
  ];
  for (const n of network.nodes) {
    lines.push(`<node id="p${escapeXml(n.id)}">${data('label', n.name)}${data('group', n.group)}${data('country', n.country)}${data('community', n.community)}${data('degree', n.degree)}${data('strength', n.strength)}${data('betweenness', n.betweenness)}</node>`);
  }
  network.edges.forEach((e, i) => {
    lines.push(`<edge id="e${i}" source="p${escapeXml(e.source)}" target="p${escapeXml(e.target)}">${data('weight', e.weight)}${data('sharedVotes', e.shared)}</edge>`);
  });
  lines.push('</graph>', '</graphml>');
  return lines.join('\n');
}
