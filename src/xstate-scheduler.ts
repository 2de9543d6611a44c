import type { ActorSystem, AnyActorRef, EventObject } from 'xstate';
import { Timer, type TimerHeap } from './timer-heap.ts';

/*
 * The one place that relies on XState internals (checked against xstate 5.33
 * by test/unit/xstate-scheduler.test.ts, which fails if they change):
 * - every delayed event (`after`, delayed `raise`/`sendTo`) goes through
 *   `system.scheduler.schedule(source, target, event, delay, id)`, its
 *   cancellation through `system.scheduler.cancel(source, id)`, and a stopping
 *   actor calls `system.scheduler.cancelAll(actor)`;
 * - `system._relay(source, target, event)` delivers an event as XState's own
 *   timers do (with its inspection event).
 * XState's scheduler keys timers by string and scans all of a system's timers
 * on every actor stop; with a hundred thousand actors in one system that is
 * quadratic, and each timer costs a Node timer plus ~300 bytes of entries.
 * This one keeps each actor's timers in a short chain and their due times on
 * a shared TimerHeap. The system's persisted `_scheduledEvents` stay empty:
 * hosted systems are never persisted whole (their members are, one by one,
 * and restored members are re-armed from context).
 */

interface Relay {
  _relay(source: AnyActorRef, target: AnyActorRef, event: EventObject): void;
}

/** An actor's own `after` event: its id is the event's type, so neither target nor id is kept. */
class Scheduled extends Timer {
  /** The next timer of the same source. */
  next: Scheduled | undefined = undefined;
  constructor(
    readonly source: AnyActorRef,
    readonly event: EventObject,
  ) {
    super();
  }
  get target(): AnyActorRef {
    return this.source;
  }
  get id(): string | undefined {
    return this.event.type;
  }
  fire(): void {
    // The source's system holds this scheduler: one field less on every timer.
    (this.source.system.scheduler as unknown as IndexedScheduler).deliver(this);
  }
}

/** Any other delayed event: for another actor, or under an id of its own. */
class ScheduledFor extends Scheduled {
  constructor(
    source: AnyActorRef,
    private readonly to: AnyActorRef,
    event: EventObject,
    private readonly ownId: string | undefined,
  ) {
    super(source, event);
  }
  override get target(): AnyActorRef {
    return this.to;
  }
  override get id(): string | undefined {
    return this.ownId;
  }
}

export class IndexedScheduler {
  /** Each source's pending timers, as a chain: an actor rarely has more than two. */
  private readonly bySource = new Map<AnyActorRef, Scheduled>();

  constructor(private readonly system: Relay, private readonly heap: TimerHeap) {}

  /** Timers pending in this system. */
  get size(): number {
    let n = 0;
    for (let t of this.bySource.values()) for (; t; t = t.next!) n++;
    return n;
  }

  schedule(source: AnyActorRef, target: AnyActorRef, event: EventObject, delay: number, id: string | undefined): void {
    // A second timer under the same id replaces the first (XState would let both fire).
    if (id !== undefined) this.cancel(source, id);
    const timer = target === source && id === event.type ? new Scheduled(source, event) : new ScheduledFor(source, target, event, id);
    timer.next = this.bySource.get(source);
    this.bySource.set(source, timer);
    this.heap.add(timer, delay);
  }

  cancel(source: AnyActorRef, id: string): void {
    let prev: Scheduled | undefined;
    for (let t = this.bySource.get(source); t; prev = t, t = t.next) {
      if (t.id !== id) continue;
      this.unlink(t, prev);
      this.heap.remove(t);
      return;
    }
  }

  cancelAll(source: AnyActorRef): void {
    for (let t = this.bySource.get(source); t; t = t.next) this.heap.remove(t);
    this.bySource.delete(source);
  }

  /** A due timer: off its chain, then delivered as XState delivers its own. */
  deliver(timer: Scheduled): void {
    let prev: Scheduled | undefined;
    for (let t = this.bySource.get(timer.source); t; prev = t, t = t.next) {
      if (t === timer) {
        this.unlink(t, prev);
        break;
      }
    }
    this.system._relay(timer.source, timer.target, timer.event);
  }

  private unlink(t: Scheduled, prev: Scheduled | undefined): void {
    if (prev) prev.next = t.next;
    else if (t.next) this.bySource.set(t.source, t.next);
    else this.bySource.delete(t.source);
    t.next = undefined;
  }
}

/** Replaces the scheduler of an actor's system (before the actor starts). */
export function useIndexedScheduler(system: ActorSystem<any>, heap: TimerHeap): IndexedScheduler {
  const internal = system as unknown as Partial<Relay> & { scheduler?: object };
  if (typeof internal._relay !== 'function' || typeof internal.scheduler !== 'object') {
    throw new Error('this XState version has no replaceable system scheduler; see src/xstate-scheduler.ts');
  }
  const scheduler = new IndexedScheduler(internal as Relay, heap);
  (system as { scheduler: unknown }).scheduler = scheduler;
  return scheduler;
}
