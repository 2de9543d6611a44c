import { createEmptyActor, type AnyMachineSnapshot, type AnyStateMachine, type AnyTransitionDefinition, type StateNode } from 'xstate';
import type { Model } from './models.ts';
import type { Path } from './paths.ts';

/** Every state node below the root. */
export function allStates(machine: AnyStateMachine): StateNode[] {
  const out: StateNode[] = [];
  const walk = (n: StateNode) => {
    for (const c of Object.values(n.states) as StateNode[]) {
      out.push(c);
      walk(c);
    }
  };
  walk(machine.root);
  return out;
}

/** Every transition the definition holds: events, delays, invoke done/error and eventless ones. */
export function allTransitions(machine: AnyStateMachine): AnyTransitionDefinition[] {
  return [machine.root, ...allStates(machine)].flatMap((n) => [...[...n.transitions.values()].flat(), ...n.always ?? []]);
}

/**
 * Steps the machine along each path with a scope that records the transitions
 * XState reports for every microstep: what the paths really take.
 */
export function covered(model: Model, paths: Path[]) {
  const transitions = new Set<AnyTransitionDefinition>();
  const states = new Set<StateNode>();
  const probe = createEmptyActor();
  probe.system.inspect({
    next: (ev) => {
      if (ev.type !== '@xstate.microstep') return;
      for (const t of (ev as unknown as { _transitions: AnyTransitionDefinition[] })._transitions) transitions.add(t);
      for (const n of (ev.snapshot as unknown as { _nodes: StateNode[] })._nodes) states.add(n);
    },
  });
  const scope = {
    self: probe, logger: () => {}, id: '', sessionId: 'coverage', defer: () => {}, system: probe.system,
    stopChild: () => {}, emit: () => {}, actionExecutor: () => {},
  };
  // States entered and left inside one macrostep (transient ones) show up as transition targets.
  const enter = (n: StateNode | undefined) => {
    for (let x = n; x && x !== model.machine.root; x = x.parent) states.add(x);
  };
  const initial = (n: StateNode) => {
    for (const t of n.initial?.target ?? []) {
      enter(t);
      initial(t);
    }
  };
  initial(model.machine.root);
  const m = model.machine as AnyStateMachine & { getInitialSnapshot(scope: unknown, input: unknown): AnyMachineSnapshot };
  for (const path of paths) {
    let s = m.getInitialSnapshot(scope, model.input);
    for (const n of (s as unknown as { _nodes: StateNode[] })._nodes) states.add(n);
    for (const step of path.steps.slice(1)) s = m.transition(s, step.event as never, scope as never);
  }
  for (const t of transitions) {
    for (const target of t.target ?? []) {
      enter(target);
      initial(target);
    }
  }
  return { transitions, states };
}

export function coverageOf(model: Model, paths: Path[]) {
  const all = allTransitions(model.machine);
  const states = allStates(model.machine);
  const seen = covered(model, paths);
  const missingTransitions = all.filter((t) => !seen.transitions.has(t)).map((t) => `${t.source.id} on ${t.eventType}`);
  const missingStates = states.filter((s) => !seen.states.has(s)).map((s) => s.id);
  return {
    states: [states.length - missingStates.length, states.length] as [number, number],
    transitions: [all.length - missingTransitions.length, all.length] as [number, number],
    missingStates,
    missingTransitions,
  };
}
