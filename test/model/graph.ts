import type { AnyMachineSnapshot, AnyStateMachine, EventObject, StateNode } from 'xstate';

/** Active state nodes of a snapshot, innermost last. */
export const activeNodes = (s: AnyMachineSnapshot): StateNode[] => (s as unknown as { _nodes: StateNode[] })._nodes;

/**
 * The `after` events that can fire next: only the earliest deadline among the
 * active timers, because that is the one a real clock fires first.
 */
export function dueTimers(machine: AnyStateMachine, s: AnyMachineSnapshot): EventObject[] {
  const timers = activeNodes(s).flatMap((n) =>
    n.after.map((t) => {
      const d = t.delay;
      const impl = typeof d === 'string' ? (machine.implementations.delays as Record<string, unknown>)[d] : d;
      const ms = typeof impl === 'function' ? (impl as (a: { context: unknown }) => number)({ context: s.context }) : Number(impl);
      return { type: t.eventType, ms };
    }),
  );
  if (timers.length === 0) return [];
  const min = Math.min(...timers.map((t) => t.ms));
  return timers.filter((t) => t.ms === min).map(({ type }) => ({ type }));
}

/** The latest time an outside event may carry without a pending timer firing first. */
export function beforeNextTimer(machine: AnyStateMachine, s: AnyMachineSnapshot, wanted: number): number {
  const now = (s.context as { updatedAt: number }).updatedAt;
  const delays = activeNodes(s).flatMap((n) =>
    n.after.map((t) => {
      const impl = typeof t.delay === 'string' ? (machine.implementations.delays as Record<string, unknown>)[t.delay] : t.delay;
      return typeof impl === 'function' ? (impl as (a: { context: unknown }) => number)({ context: s.context }) : Number(impl);
    }),
  );
  return delays.length === 0 ? wanted : Math.min(wanted, now + Math.min(...delays) - 1);
}

/** A done event of the invoke `id` with each of `outputs`, plus its error event when `error` is given. */
export function invokeOutcomes(s: AnyMachineSnapshot, id: string, outputs: unknown[], error?: unknown): EventObject[] {
  const active = activeNodes(s).some((n) => n.invoke.some((i) => i.id === id));
  if (!active) return [];
  const events: EventObject[] = outputs.map((output) => ({ type: `xstate.done.actor.${id}`, output }) as EventObject);
  if (error !== undefined) events.push({ type: `xstate.error.actor.${id}`, error } as EventObject);
  return events;
}

/** The state value as a stable string. */
export const valueKey = (s: AnyMachineSnapshot) => JSON.stringify(s.value);
