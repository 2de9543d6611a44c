// Mermaid `stateDiagram-v2` writer.
//
// Mermaid's state lexer is strict: ids may not contain `-`, `:` or spaces
// (model.ts makes them safe), and transition / description text may not
// contain `:` or `;`, so those are written as Mermaid entity codes (`#58;`),
// which Mermaid decodes when rendering.
//
// Mermaid keeps a state in the box where it is first mentioned, so every state
// is declared inside its parent's block before any transition mentions it, and
// transitions that cross boxes are written last, at the top level.
import type { AnyStateMachine } from 'xstate';
import { describeMachine, type Diagram, type DiagramEdge, type DiagramNode } from './model.ts';

export function toMermaid(machine: AnyStateMachine): string {
  const diagram = describeMachine(machine);
  const placed = new Set<DiagramEdge>();
  const lines = ['stateDiagram-v2'];
  const top = diagram.drawRoot ? [diagram.root] : diagram.root.children;
  const container = diagram.drawRoot ? undefined : diagram.root;
  lines.push(...documentLines(diagram, container, top, placed, 1));
  for (const edge of diagram.edges) {
    if (!placed.has(edge)) lines.push(indent(1) + edgeLine(edge));
  }
  return lines.join('\n') + '\n';
}

/** Declarations, initial/final markers and local transitions of one box. */
function documentLines(
  diagram: Diagram,
  container: DiagramNode | undefined,
  children: DiagramNode[],
  placed: Set<DiagramEdge>,
  depth: number,
): string[] {
  const pad = indent(depth);
  const out: string[] = [];
  children.forEach((child, i) => {
    // Parallel regions are separated by `--` inside the parallel state's box.
    if (container?.type === 'parallel' && i > 0) out.push(pad + '--');
    out.push(...stateLines(diagram, child, placed, depth));
  });
  // The top-level `[*]` points at the root box when it is drawn.
  const initial = container ? container.initial : children[0];
  if (initial) out.push(`${pad}[*] --> ${initial.id}`);
  for (const child of children) {
    if (child.type === 'final') out.push(`${pad}${child.id} --> [*]`);
  }
  // Sibling transitions stay in their box; a parallel box is split into
  // regions by `--`, so its edges go to the top level instead.
  if (container?.type !== 'parallel') {
    for (const edge of diagram.edges) {
      if (placed.has(edge) || edge.source.parent !== container || edge.target.parent !== container) continue;
      placed.add(edge);
      out.push(pad + edgeLine(edge));
    }
  }
  return out;
}

function stateLines(diagram: Diagram, node: DiagramNode, placed: Set<DiagramEdge>, depth: number): string[] {
  const pad = indent(depth);
  if (node.children.length > 0) {
    // Boxes may only carry a label (no description lines), so invokes go there.
    const invokes = node.details.filter((d) => d.startsWith('invoke '));
    const label = invokes.length ? `${node.label} (${invokes.join(', ')})` : node.label;
    const head = label === node.id ? `state ${node.id} {` : `state "${quoted(label)}" as ${node.id} {`;
    return [pad + head, ...documentLines(diagram, node, node.children, placed, depth + 1), pad + '}'];
  }
  const label = node.type === 'history' ? (node.history === 'deep' ? 'H*' : 'H') : node.label;
  const out = [label === node.id ? pad + node.id : `${pad}state "${quoted(label)}" as ${node.id}`];
  for (const detail of node.details) out.push(`${pad}${node.id} : ${described(detail)}`);
  return out;
}

function edgeLine(edge: DiagramEdge): string {
  return `${edge.source.id} --> ${edge.target.id} : ${described(edge.label)}`;
}

/** Text after `:`: no raw `:`, `;`, `#` or `%` (comments, entities). */
function described(text: string): string {
  return text.replace(/[#:;%]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** Text inside `state "..."`. */
function quoted(text: string): string {
  return text.replace(/[#"]/g, (c) => `#${c.charCodeAt(0)};`);
}

function indent(depth: number): string {
  return '  '.repeat(depth);
}
