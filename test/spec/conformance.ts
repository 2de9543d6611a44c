import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyStateMachine, StateNode } from 'xstate';

export interface SeedEdge { from: string; to: string; label: string }

/** The `A --> B: label` lines of a stateDiagram, skipping notes. */
export function seedEdges(text: string): SeedEdge[] {
  const edges: SeedEdge[] = [];
  let inNote = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('note ')) {
      inNote = !line.includes(':');
      continue;
    }
    if (inNote) {
      if (line.startsWith('end note')) inNote = false;
      continue;
    }
    const m = /^(\[\*\]|\w+)\s*-->\s*(\[\*\]|\w+)\s*(?::\s*(.*))?$/.exec(line);
    if (m) edges.push({ from: m[1]!, to: m[2]!, label: m[3] ?? '' });
  }
  return edges;
}

/** Seed names in camelCase match ours: case, separators and a trailing digit do not count. */
export const sameName = (a: string, b: string) => canon(a) === canon(b);
const canon = (s: string) => s.replace(/[^A-Za-z0-9]/g, '').replace(/\d+$/, '').toLowerCase();

function nodes(machine: AnyStateMachine): StateNode[] {
  const out: StateNode[] = [];
  const walk = (n: StateNode) => Object.values(n.states).forEach((c) => (out.push(c as StateNode), walk(c as StateNode)));
  walk(machine.root);
  return out;
}
const within = (n: StateNode | undefined, anc: StateNode) => {
  for (let x = n; x; x = x.parent) if (x === anc) return true;
  return false;
};
const outgoing = (n: StateNode) => [...[...n.transitions.values()].flat(), ...(n.always ?? [])];
const descendants = (n: StateNode): StateNode[] => Object.values(n.states).flatMap((c) => [c as StateNode, ...descendants(c as StateNode)]);

/**
 * A seed edge A --> B holds when a transition from A (or an ancestor or
 * descendant of A) targets B or a state inside B; `[*] --> X` when X is
 * entered on start; `X --> [*]` when X is final or leads to a final state.
 */
export function holds(machine: AnyStateMachine, e: SeedEdge): boolean {
  const all = nodes(machine);
  const named = (name: string) => all.filter((n) => sameName(n.key, name));
  if (e.from === '[*]') {
    const entered: StateNode[] = [];
    const enter = (n: StateNode) => (n.initial?.target ?? []).forEach((t) => (entered.push(t), enter(t)));
    enter(machine.root);
    return named(e.to).some((n) => entered.includes(n));
  }
  if (e.to === '[*]') {
    return named(e.from).some((n) => n.type === 'final' || [n, ...Object.values(n.states) as StateNode[]].some((x) => outgoing(x).some((t) => (t.target ?? []).some((g) => g.type === 'final'))));
  }
  const targets = named(e.to);
  return named(e.from).some((src) => {
    const ancestors: StateNode[] = [];
    for (let x = src.parent; x && x !== machine.root; x = x.parent) ancestors.push(x);
    return [src, ...ancestors, ...descendants(src)].some((n) =>
      outgoing(n).some((t) => (t.target?.length ? t.target.some((g) => targets.some((want) => within(g, want))) : sameName(e.from, e.to))),
    );
  });
}

export const diagramsDir = join(import.meta.dirname, 'diagrams');

export function check(name: string, machine: AnyStateMachine) {
  const edges = seedEdges(readFileSync(join(diagramsDir, `${name}.mmd`), 'utf8'));
  const missing = edges.filter((e) => !holds(machine, e)).map((e) => `${e.from} --> ${e.to}${e.label ? `: ${e.label}` : ''}`);
  return { name, total: edges.length, held: edges.length - missing.length, missing };
}
