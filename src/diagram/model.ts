// Flattens an XState v5 machine into a renderer-neutral graph shared by the
// Mermaid and DOT writers, so both show the same states, ids and labels.
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { actionName, guardName } from './names.ts';

export interface DiagramNode {
  /** Unique id, safe for Mermaid and DOT: [A-Za-z0-9_] only. */
  id: string;
  /** Display label (the state key, or the machine id for the root). */
  label: string;
  type: AnyStateNode['type'];
  history: false | 'shallow' | 'deep';
  parent: DiagramNode | undefined;
  children: DiagramNode[];
  /** Initial child (compound states only). */
  initial: DiagramNode | undefined;
  /** Extra lines: invoked actors, entry/exit actions. */
  details: string[];
}

export interface DiagramEdge {
  source: DiagramNode;
  target: DiagramNode;
  label: string;
}

export interface Diagram {
  root: DiagramNode;
  /** In document order: per state (root first), `on`/onDone/invoke/`after` transitions, then `always`. */
  edges: DiagramEdge[];
  /**
   * The root is drawn as a box only when it carries something to show
   * (own transitions or invokes) or is not compound (parallel regions need
   * a container; an atomic machine has nothing else to draw).
   */
  drawRoot: boolean;
}

const MAX_ACTIONS = 3;

// Words that Mermaid's state lexer treats as keywords when they start a line.
const RESERVED = /^(default|root$|state$|note$|class$|classdef$|scale$|hide$|direction$|end$|start$)/i;

export function describeMachine(machine: AnyStateMachine): Diagram {
  const root = machine.root as AnyStateNode;
  const all: AnyStateNode[] = [];
  const walk = (sn: AnyStateNode): void => {
    for (const child of Object.values(sn.states) as AnyStateNode[]) {
      all.push(child);
      walk(child);
    }
  };
  walk(root);

  const ids = assignIds(root, all);
  const byNode = new Map<AnyStateNode, DiagramNode>();
  const make = (sn: AnyStateNode, parent: DiagramNode | undefined): DiagramNode => {
    const dn: DiagramNode = {
      id: ids.get(sn)!,
      label: parent ? sn.key : machine.id,
      type: sn.type,
      history: sn.history,
      parent,
      children: [],
      initial: undefined,
      details: details(sn),
    };
    byNode.set(sn, dn);
    for (const child of Object.values(sn.states) as AnyStateNode[]) dn.children.push(make(child, dn));
    return dn;
  };
  const rootNode = make(root, undefined);
  for (const [sn, dn] of byNode) {
    const target = sn.initial?.target[0] as AnyStateNode | undefined;
    if (sn.type === 'compound' && target) dn.initial = byNode.get(target);
  }

  const edges: DiagramEdge[] = [];
  for (const sn of [root, ...all]) {
    const source = byNode.get(sn)!;
    const transitions = [...sn.transitions.values()].flat().concat(sn.always ?? []);
    for (const t of transitions) {
      const label = transitionLabel(t, sn);
      // Targetless transitions stay in the state: drawn as self-loops.
      const targets = (t.target as AnyStateNode[] | undefined) ?? [sn];
      for (const target of targets) edges.push({ source, target: byNode.get(target)!, label });
    }
  }

  const drawRoot =
    root.type !== 'compound' || root.invoke.length > 0 || edges.some((e) => e.source === rootNode || e.target === rootNode);
  return { root: rootNode, edges, drawRoot };
}

/** Plain key when unique in the machine, else the path joined with `_`. */
function assignIds(root: AnyStateNode, all: AnyStateNode[]): Map<AnyStateNode, string> {
  const counts = new Map<string, number>();
  for (const sn of all) counts.set(safe(sn.key), (counts.get(safe(sn.key)) ?? 0) + 1);
  const ids = new Map<AnyStateNode, string>();
  const taken = new Set<string>();
  const claim = (sn: AnyStateNode, wanted: string): void => {
    let id = RESERVED.test(wanted) ? `s_${wanted}` : wanted;
    for (let n = 2; taken.has(id); n++) id = `${wanted}_${n}`;
    taken.add(id);
    ids.set(sn, id);
  };
  for (const sn of all) claim(sn, counts.get(safe(sn.key)) === 1 ? safe(sn.key) : safe(sn.path.join('_')));
  // Root last: it is rarely drawn, so child states keep the clean names.
  claim(root, safe(root.machine.id));
  return ids;
}

function safe(s: string): string {
  const cleaned = s.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[0-9]/.test(cleaned) || cleaned === '' ? `s_${cleaned}` : cleaned;
}

function details(sn: AnyStateNode): string[] {
  const lines = sn.invoke.map((inv) => {
    // Inline logic has no name; XState gives it `xstate.invoke.<id>`.
    const src = typeof inv.src === 'string' && !inv.src.startsWith('xstate.invoke.') ? inv.src : 'inline';
    const autoId = /^\d+\./.test(inv.id);
    return inv.id === src || autoId ? `invoke ${src}` : `invoke ${src} as ${inv.id}`;
  });
  const entry = ownActions(sn.entry);
  const exit = ownActions(sn.exit);
  if (entry.length) lines.push(`entry / ${terse(entry)}`);
  if (exit.length) lines.push(`exit / ${terse(exit)}`);
  return lines;
}

// `after` makes XState push a raise/cancel pair into entry/exit; hide them.
function ownActions(actions: readonly unknown[]): string[] {
  return actions
    .filter((a) => {
      const x = a as { type?: unknown; id?: unknown; sendId?: unknown };
      const internalId = x.type === 'xstate.raise' ? x.id : x.type === 'xstate.cancel' ? x.sendId : undefined;
      return !(typeof internalId === 'string' && internalId.startsWith('xstate.after.'));
    })
    .map(actionName);
}

function terse(names: string[]): string {
  if (names.length <= MAX_ACTIONS) return names.join(', ');
  return `${names.slice(0, MAX_ACTIONS).join(', ')}, +${names.length - MAX_ACTIONS} more`;
}

function transitionLabel(t: AnyTransitionDefinition, source: AnyStateNode): string {
  let label = eventLabel(t, source);
  const guard = guardName(t.guard);
  if (guard) label += ` [${guard}]`;
  const actions = t.actions.map(actionName);
  if (actions.length) label += ` / ${terse(actions)}`;
  return label;
}

function eventLabel(t: AnyTransitionDefinition, source: AnyStateNode): string {
  const type = String(t.eventType);
  const prefixed = (prefix: string): string | undefined =>
    type.startsWith(prefix) ? type.slice(prefix.length) : undefined;
  if (type === '') return 'always';
  if (type.startsWith('xstate.after.')) return `after ${delayLabel(t, source)}`;
  const done = prefixed('xstate.done.actor.');
  if (done !== undefined) return `done: ${done}`;
  const error = prefixed('xstate.error.actor.');
  if (error !== undefined) return `error: ${error}`;
  const snapshot = prefixed('xstate.snapshot.');
  if (snapshot !== undefined) return `snapshot: ${snapshot}`;
  if (type.startsWith('xstate.done.state.')) return 'onDone';
  if (type === 'xstate.route') return 'route';
  return type;
}

// Delayed transitions carry `.delay` (the key used in `after`); the event type
// `xstate.after.<delay>.<stateId>` is only a fallback.
function delayLabel(t: AnyTransitionDefinition, source: AnyStateNode): string {
  const own = (t as { delay?: unknown }).delay;
  const delay =
    typeof own === 'number' || typeof own === 'string'
      ? own
      : String(t.eventType).slice('xstate.after.'.length, -(source.id.length + 1));
  return typeof delay === 'number' || /^\d+$/.test(delay) ? `${delay}ms` : delay;
}
