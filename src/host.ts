import { createActor, type Actor, type ActorLogic, type AnyActorLogic, type AnyActorRef, type InspectionEvent, type Snapshot, type SnapshotFrom } from 'xstate';
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import { actorLogger } from './logger.ts';
import { MemberMap } from './registry.ts';
import { TimerHeap } from './timer-heap.ts';
import { useIndexedScheduler, type IndexedScheduler } from './xstate-scheduler.ts';

export interface HostOptions {
  clock: Clock;
  logger: Logger;
  inspect?: (event: InspectionEvent) => void;
}

type HostEvent =
  | { type: 'stop'; refs: AnyActorRef[] }
  | { type: `xstate.error.actor.${string}`; actorId: string; error: unknown }
  | { type: `xstate.done.actor.${string}`; actorId: string };

interface HostHooks {
  failed(id: string, error: unknown): void;
  finished(id: string): void;
}

type HostSnapshot = Snapshot<undefined>;

/**
 * The parent of every member: custom actor logic with no state of its own.
 * Members are created with it as `parent`, so they are not in any snapshot's
 * children: starting or stopping one copies nothing, and a stop costs no
 * machine step. Members' failures and completions arrive here as events, so
 * no member needs an observer of its own.
 */
function hostLogic(hooks: HostHooks): ActorLogic<HostSnapshot, HostEvent> {
  const snapshot: HostSnapshot = { status: 'active', output: undefined, error: undefined };
  return {
    transition(s, event, scope) {
      // Effects run once the step is over, as a machine's actions would.
      if (event.type === 'stop') {
        const { refs } = event as { refs: AnyActorRef[] };
        scope.defer(() => {
          for (const ref of refs) scope.stopChild(ref);
        });
      } else if (event.type.startsWith('xstate.error.actor.')) {
        const e = event as { actorId: string; error: unknown };
        scope.defer(() => hooks.failed(e.actorId, e.error));
      } else if (event.type.startsWith('xstate.done.actor.')) {
        const e = event as { actorId: string };
        scope.defer(() => hooks.finished(e.actorId));
      }
      return s;
    },
    getInitialSnapshot: () => snapshot,
    getPersistedSnapshot: (s) => s,
  };
}

/**
 * A large population of actors sharing one XState system under one host
 * actor. A standalone actor builds a system of its own (~4 KB); a member here
 * costs only itself. The system's scheduler is replaced by an indexed one on a
 * single timer heap, so a stop touches only the stopping actor's timers and
 * a deadline costs one small entry instead of a Node timer.
 */
export class Host<Ref extends AnyActorRef = AnyActorRef> extends MemberMap<Ref> {
  private readonly host: Actor<ActorLogic<HostSnapshot, HostEvent>>;
  readonly timers: TimerHeap;
  readonly scheduler: IndexedScheduler;

  constructor(kind: string, private readonly logic: AnyActorLogic, private readonly options: HostOptions) {
    super(kind, options.clock);
    const { logger } = options;
    this.timers = new TimerHeap(options.clock);
    this.host = createActor(
      hostLogic({
        failed: (id, err) => {
          this.errors++;
          logger.error({ err, actor: id }, `${kind} failed`);
          this.forget(id);
        },
        finished: (id) => this.forget(id),
      }),
      {
        id: `host:${kind}`,
        clock: this.timers,
        // Members log through the system's logger: one function for all of them.
        logger: actorLogger(logger),
        ...(options.inspect ? { inspect: options.inspect } : {}),
      },
    );
    this.scheduler = useIndexedScheduler(this.host.system, this.timers);
    this.host.subscribe({ error: (err) => logger.error({ err }, `${kind} host failed`) });
    this.host.start();
  }

  protected start(id: string, from: { input: unknown } | { snapshot: Snapshot<unknown> }): Ref {
    const ref = createActor(this.logic, { parent: this.host, id, ...from } as never) as unknown as Ref;
    this.members.set(id, ref);
    ref.start();
    return ref;
  }

  /**
   * Calls `listener` with each new snapshot of every member once started, as
   * a subscriber's `next` would get it (active and done ones). One inspection
   * observer serves all members, instead of a subscription (~500 bytes) on each.
   */
  watch(listener: (ref: Ref, snapshot: SnapshotFrom<Ref>) => void): void {
    this.host.system.inspect((e) => {
      if (e.type !== '@xstate.snapshot' || (e.actorRef as { src?: unknown }).src !== this.logic) return;
      // The snapshot a member starts with is no change: its maker has it at hand.
      if (e.event.type === 'xstate.init') return;
      const status = (e.snapshot as Snapshot<unknown>).status;
      if (status !== 'active' && status !== 'done') return;
      try {
        listener(e.actorRef as Ref, e.snapshot as SnapshotFrom<Ref>);
      } catch (err) {
        // Thrown here, it would break the member that just changed.
        this.options.logger.error({ err, actor: (e.actorRef as AnyActorRef).id }, `${this.kind} watcher failed`);
      }
    });
  }

  /** A member that failed or finished leaves the map, unless a newer one took its id. */
  private forget(id: string): void {
    const ref = this.members.get(id);
    if (ref && ref.getSnapshot().status !== 'active') this.members.delete(id);
  }

  remove(id: string): void {
    const ref = this.members.get(id);
    if (!ref) return;
    this.members.delete(id);
    this.host.send({ type: 'stop', refs: [ref] });
  }

  stopAll(): void {
    // Timers first, all at once: each stop then finds none of its own left to take off the heap.
    this.timers.clear();
    const refs = [...this.members.values()];
    this.members.clear();
    this.host.send({ type: 'stop', refs });
    this.host.stop();
  }
}
