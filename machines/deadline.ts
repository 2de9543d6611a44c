/**
 * Timers as deadlines. Every `after` delay in the machines is "time left until a
 * deadline held in context", measured from `updatedAt`, the latest time the
 * machine knows. Pending `after` timers are lost when an actor is restored from
 * a persisted snapshot, so a `REARM { at }` event re-enters the timed state and
 * the same delay function yields exactly the time that is left.
 */
export interface Clocked {
  /** The latest time (epoch ms) this machine has been told about. */
  updatedAt: number;
}

/** Events that carry the time they happened. */
export interface Timed {
  at: number;
}

export type Deadline<C> = (context: C) => number | null;

/** A delay that fires at the deadline; a passed or missing deadline fires at once. */
export function untilDeadline<C extends Clocked>(deadline: Deadline<C>) {
  return ({ context }: { context: C }): number => {
    const due = deadline(context);
    return due === null ? 0 : Math.max(0, due - context.updatedAt);
  };
}

/** The time carried by an event, or the machine's last known time. */
export function timeOf(context: Clocked, event: unknown): number {
  const at = (event as Partial<Timed> | undefined)?.at;
  return typeof at === 'number' && Number.isFinite(at) ? Math.max(at, context.updatedAt) : context.updatedAt;
}
