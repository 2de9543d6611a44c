import { createActor, type AnyActorLogic, type Snapshot } from 'xstate';
import type { Clock } from './clock.ts';

/**
 * Restores an actor from a persisted snapshot and re-arms its timers. XState
 * drops pending `after` timers on restore (xstate #5331), so every machine
 * keeps its deadlines in context and answers REARM by re-entering the timed
 * state, which schedules exactly the time that is left.
 */
export function restore<L extends AnyActorLogic>(logic: L, snapshot: Snapshot<unknown>, clock: Clock, options: { logger?: (...a: unknown[]) => void } = {}) {
  // Input only seeds a fresh actor; a restored one takes everything from its snapshot.
  const actor = createActor(logic as AnyActorLogic, { snapshot, clock, ...options } as never);
  actor.start();
  if ((actor.getSnapshot() as { status: string }).status === 'active') actor.send({ type: 'REARM', at: clock.now() } as never);
  return actor as unknown as ReturnType<typeof createActor<L>>;
}

/** A snapshot as it would be stored: plain JSON, nothing live. */
export function persist(actor: { getPersistedSnapshot(): Snapshot<unknown> }): Snapshot<unknown> {
  return JSON.parse(JSON.stringify(actor.getPersistedSnapshot()));
}
