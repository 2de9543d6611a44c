// Graphviz DOT writer and SVG renderer (@viz-js/viz: Graphviz compiled to
// WebAssembly, so no native binary or browser is needed).
//
// Compound and parallel states are clusters. Graphviz cannot attach an edge to
// a cluster, so each cluster gets an anchor node (the `[*]` start dot, or an
// invisible point for parallel states); edges to or from the state attach to
// the anchor and are clipped at the cluster border with lhead/ltail.
import type { AnyStateMachine } from 'xstate';
import { instance } from '@viz-js/viz';
import { describeMachine, type DiagramEdge, type DiagramNode } from './model.ts';

const FONT = 'Helvetica';

export function toDot(machine: AnyStateMachine): string {
  const diagram = describeMachine(machine);
  const top = diagram.drawRoot ? [diagram.root] : diagram.root.children;
  const lines = [
    `digraph ${q(machine.id)} {`,
    `  graph [compound=true rankdir=TB nodesep=0.3 ranksep=0.5 fontname=${q(FONT)} fontsize=12];`,
    `  node [shape=box style=rounded fontname=${q(FONT)} fontsize=11];`,
    `  edge [fontname=${q(FONT)} fontsize=9];`,
  ];
  for (const node of top) lines.push(...nodeLines(node, 1));
  // A drawn compound root already shows its start dot inside its cluster.
  const first = diagram.drawRoot ? diagram.root : diagram.root.initial;
  if (first && !(diagram.drawRoot && isCluster(first))) {
    lines.push(`  ${q('__start')} [shape=point width=0.15 label=""];`, `  ${startLine('__start', first)}`);
  }
  for (const edge of diagram.edges) lines.push(`  ${edgeLine(edge)}`);
  lines.push('}');
  return lines.join('\n') + '\n';
}

// One WebAssembly instance is enough for all renders.
let viz: ReturnType<typeof instance> | undefined;

export async function renderSvg(dot: string): Promise<string> {
  viz ??= instance();
  const result = (await viz).render(dot, { format: 'svg', engine: 'dot' });
  const messages = result.errors.map((e) => `${e.level ?? 'error'}: ${e.message.trim()}`);
  if (result.status !== 'success') throw new Error(`Graphviz failed:\n${messages.join('\n')}`);
  // Warnings (e.g. a bad lhead) still yield an SVG, but a wrong one.
  for (const message of messages) process.stderr.write(`graphviz ${message}\n`);
  return result.output;
}

function nodeLines(node: DiagramNode, depth: number): string[] {
  const pad = '  '.repeat(depth);
  if (node.children.length === 0) return [pad + leafLine(node)];
  const parallel = node.type === 'parallel';
  const title = parallel ? `${node.label} (parallel)` : node.label;
  const out = [
    `${pad}subgraph ${q(`cluster_${node.id}`)} {`,
    `${pad}  label=${q([title, ...node.details].join('\n'))} style=${q(parallel ? 'rounded,dashed' : 'rounded')};`,
    // Parallel states have no initial state; their anchor is invisible.
    `${pad}  ${q(anchor(node))} [shape=point width=${parallel ? '0.01 style=invis' : '0.15'} label=""];`,
  ];
  for (const child of node.children) out.push(...nodeLines(child, depth + 1));
  if (node.initial) out.push(`${pad}  ${startLine(anchor(node), node.initial)}`);
  out.push(`${pad}}`);
  return out;
}

function leafLine(node: DiagramNode): string {
  if (node.type === 'history') {
    return `${q(node.id)} [shape=circle label=${q(node.history === 'deep' ? 'H*' : 'H')}];`;
  }
  const final = node.type === 'final' ? ' peripheries=2' : '';
  return `${q(node.id)} [label=${q([node.label, ...node.details].join('\n'))}${final}];`;
}

/** An unlabelled edge from a start dot (the graph's or a cluster's anchor). */
function startLine(from: string, target: DiagramNode): string {
  const lhead = isCluster(target) ? ` [lhead=${q(`cluster_${target.id}`)}]` : '';
  return `${q(from)} -> ${q(endpoint(target))}${lhead};`;
}

function edgeLine({ source, target, label }: DiagramEdge): string {
  const attrs: string[] = [];
  // lhead/ltail are only valid when the other end is outside that cluster;
  // a self-loop on a compound state is drawn on its anchor.
  if (isCluster(source) && source !== target && !contains(source, target)) {
    attrs.push(`ltail=${q(`cluster_${source.id}`)}`);
  }
  if (isCluster(target) && source !== target && !contains(target, source)) {
    attrs.push(`lhead=${q(`cluster_${target.id}`)}`);
  }
  attrs.push(`label=${q(label)}`);
  return `${q(endpoint(source))} -> ${q(endpoint(target))} [${attrs.join(' ')}];`;
}

function endpoint(node: DiagramNode): string {
  return isCluster(node) ? anchor(node) : node.id;
}

function anchor(node: DiagramNode): string {
  return `${node.id}__anchor`;
}

function isCluster(node: DiagramNode): boolean {
  return node.children.length > 0;
}

function contains(ancestor: DiagramNode, node: DiagramNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (p === ancestor) return true;
  return false;
}

/** A DOT double-quoted string; newlines become centred line breaks. */
function q(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
