import { createActor, type AnyActorLogic, type Snapshot } from 'xstate';
import type { Clock } from './clock.ts';

/**
 * Restores an actor from a persisted snapshot and re-arms its timers. XState
 * drops pending `after` timers on restore (xstate #5331), so every machine
 * keeps its deadlines in context and answers REARM by re-entering the timed
 * state, which schedules exactly the time that is left.
 */
export function restore<L extends AnyActorLogic>(logic: L, snapshot: Snapshot<unknown>, clock: Clock, options: { logger?: (...a: unknown[]) => void } = {}) {
  const actor = createActor(logic, { snapshot, clock, ...options });
  actor.start();
  if (actor.getSnapshot().status === 'active') actor.send({ type: 'REARM', at: clock.now() } as never);
  return actor;
}

/** A snapshot as it would be stored: plain JSON, nothing live. */
export function persist(actor: { getPersistedSnapshot(): Snapshot<unknown> }): Snapshot<unknown> {
  return JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
}
