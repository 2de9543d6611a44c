import { createActor, type AnyActorLogic, type AnyActorRef, type InspectionEvent, type Snapshot } from 'xstate';
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import { actorLogger } from './logger.ts';

/** What the services need of a population of actors, however it is hosted. */
export interface Members<Ref extends AnyActorRef = AnyActorRef> {
  readonly kind: string;
  get(id: string): Ref | undefined;
  ensure(id: string, input: () => unknown): Ref;
  remove(id: string): void;
  readonly size: number;
  ids(): IterableIterator<string>;
}

/**
 * The bookkeeping both ways of hosting a population share: members by id, a
 * member reused while active, a restored member re-armed. How a member is
 * started and stopped is the host's.
 */
export abstract class MemberMap<Ref extends AnyActorRef> implements Members<Ref> {
  protected readonly members = new Map<string, Ref>();
  errors = 0;

  constructor(readonly kind: string, private readonly clockOf: Clock) {}

  protected abstract start(id: string, from: { input: unknown } | { snapshot: Snapshot<unknown> }): Ref;
  abstract remove(id: string): void;

  get(id: string): Ref | undefined {
    return this.members.get(id);
  }

  ensure(id: string, input: () => unknown): Ref {
    const existing = this.members.get(id);
    if (existing && existing.getSnapshot().status === 'active') return existing;
    return this.start(id, { input: input() });
  }

  /**
   * A member brought back from a persisted snapshot. Pending `after` timers
   * are lost on restore, so it is sent REARM: its deadlines live in context.
   */
  restore(id: string, snapshot: Snapshot<unknown>): Ref {
    const ref = this.start(id, { snapshot });
    if (ref.getSnapshot().status === 'active') ref.send({ type: 'REARM', at: this.clockOf.now() } as never);
    return ref;
  }

  get size(): number {
    return this.members.size;
  }

  ids(): IterableIterator<string> {
    return this.members.keys();
  }
}

export interface RegistryOptions {
  clock: Clock;
  logger: Logger;
  inspect?: (event: InspectionEvent) => void;
}

/**
 * A large population kept as standalone actors in a map. XState copies a
 * parent's children map on every stop, so stopping tens of thousands of
 * children of one system takes seconds; standalone actors stop in O(1) each,
 * with timers on their own scheduler.
 */
export class Registry<Ref extends AnyActorRef = AnyActorRef> extends MemberMap<Ref> {
  /** One logger for all members: a closure per actor costs heap at 100k sessions. */
  private readonly actorLog: (...args: unknown[]) => void;

  constructor(kind: string, private readonly logic: AnyActorLogic, private readonly options: RegistryOptions) {
    super(kind, options.clock);
    this.actorLog = actorLogger(options.logger);
  }

  protected start(id: string, from: { input: unknown } | { snapshot: Snapshot<unknown> }): Ref {
    const { clock, logger, inspect } = this.options;
    const ref = createActor(this.logic, {
      id,
      ...from,
      clock,
      logger: this.actorLog,
      ...(inspect ? { inspect } : {}),
    } as never) as unknown as Ref;
    this.members.set(id, ref);
    // Every member's failure is observed here, so none is rethrown as uncaught.
    ref.subscribe({
      error: (err) => {
        this.errors++;
        logger.error({ err, actor: id }, `${this.kind} failed`);
        if (this.members.get(id) === ref) this.members.delete(id);
      },
      complete: () => {
        if (this.members.get(id) === ref) this.members.delete(id);
      },
    });
    ref.start();
    return ref;
  }

  remove(id: string): void {
    const ref = this.members.get(id);
    if (!ref) return;
    this.members.delete(id);
    ref.stop();
  }

  stopAll(): void {
    for (const ref of this.members.values()) ref.stop();
    this.members.clear();
  }
}
