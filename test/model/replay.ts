import { matchesState, type AnyActorRef, type EventObject, type InspectionEvent, type StateValue } from 'xstate';
import type { TestClock } from '../support/clock.ts';
import type { Path } from './paths.ts';

export interface Harness {
  clock: TestClock;
  /** Delivers the external event of path step `step` to the target actor. */
  send(event: EventObject, step: number): void;
  /** Events, besides invoke outcomes, that the scripted environment sends the target (an actor's replies). */
  outcome?(type: string): boolean;
  /** Observable checks while the target rests in a state; must not disturb it. */
  check?(value: StateValue, step: number): Promise<void> | void;
  stop(): void;
}

export interface Observed { event: string; value: StateValue }

const isInvokeOutcome = (t: string) => t.startsWith('xstate.done.actor.') || t.startsWith('xstate.error.actor.');
const sameValue = (a: StateValue, b: StateValue) => matchesState(a, b) && matchesState(b, a);

/**
 * Replays a path against the target actor running inside the system. The
 * system's inspection stream shows each snapshot of the target with the event
 * that caused it; each must match the path's next step. External events are
 * sent, `xstate.after.*` steps advance the simulated clock to the next due
 * timer, and invoke outcomes are left to the environment the harness scripted.
 */
export class Replay {
  readonly observed: Observed[] = [];
  private step = 0;
  private target: AnyActorRef | undefined;
  private failure: string | undefined;
  private quiet = false;
  private settle!: () => void;
  readonly finished = new Promise<void>((r) => (this.settle = r));
  harness!: Harness;

  constructor(private readonly path: Path, private readonly isTarget: (ref: AnyActorRef) => boolean) {}

  /** Pass this as the system's `inspect` option. */
  readonly inspect = (ev: InspectionEvent) => {
    if (ev.type !== '@xstate.snapshot' || this.quiet || this.failure || this.done) return;
    const ref = ev.actorRef as AnyActorRef;
    if (!this.target) {
      if (!this.isTarget(ref)) return;
      this.target = ref;
    } else if (ref !== this.target) return;
    const value = (ev.snapshot as unknown as { value: StateValue }).value;
    this.observed.push({ event: ev.event.type, value });
    const want = this.path.steps[this.step]!;
    if (want.event.type !== ev.event.type || !sameValue(want.state.value as StateValue, value)) {
      this.fail(`step ${this.step}: expected ${want.event.type} -> ${JSON.stringify(want.state.value)}, got ${ev.event.type} -> ${JSON.stringify(value)}`);
      return;
    }
    this.step++;
    if (this.done) return this.settle();
    this.pending = this.path.steps[this.step]!.event;
    // A step runs while a state's invoke does; the root's invokes live as long as the actor and do not count.
    const busy = (want.state as unknown as { _nodes: Array<{ invoke: unknown[]; parent?: unknown }> })._nodes.some((n) => n.parent && n.invoke.length > 0);
    // While an invoke runs, an outside event may arrive before its result: deliver it now, as a client could.
    if (busy && !this.isOutcome(this.pending.type) && !this.pending.type.startsWith('xstate.after.')) this.deliver(this.pending, this.step);
    else queueMicrotask(() => void this.advance(value));
  };

  private deliver(event: EventObject, step: number) {
    const t = (event as { at?: number }).at;
    if (typeof t === 'number' && t > this.harness.clock.now()) this.harness.clock.set(t);
    this.harness.send({ ...event, ...(typeof t === 'number' ? { at: this.harness.clock.now() } : {}) }, step);
  }

  private pending: EventObject | undefined;

  private isOutcome(type: string): boolean {
    return isInvokeOutcome(type) || this.harness.outcome?.(type) === true;
  }

  get done() {
    return this.step >= this.path.steps.length;
  }

  private fail(message: string) {
    this.failure = `${message}\n  path: ${this.describe()}\n  observed: ${this.observed.map((o) => `${o.event}->${JSON.stringify(o.value)}`).join(' | ')}`;
    this.settle();
  }

  describe() {
    return this.path.steps.map((s) => `${s.event.type}->${JSON.stringify(s.state.value)}`).join(' | ');
  }

  private async advance(restingIn: StateValue) {
    // An earlier step's advance can run after the path is already done.
    if (this.done) return;
    const event = this.pending!;
    const at = this.step;
    try {
      if (!this.isOutcome(event.type) && this.harness.check) {
        this.quiet = true;
        try {
          await this.harness.check(restingIn, at);
        } finally {
          this.quiet = false;
        }
      }
      if (this.failure || this.step !== at) return;
      if (event.type.startsWith('xstate.after.')) {
        for (let i = 0; i < 50 && this.step === at && !this.failure; i++) {
          if (!this.harness.clock.advanceToNext()) break;
          await new Promise((r) => setImmediate(r));
        }
        if (this.step === at && !this.failure) this.fail(`step ${at}: no timer fired ${event.type}`);
      } else if (!this.isOutcome(event.type)) {
        this.deliver(event, at);
      }
    } catch (e) {
      this.fail(`step ${at}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }

  /** Resolves when the path is replayed; rejects with the first divergence. */
  async run(timeoutMs = 3000): Promise<void> {
    const timer = setTimeout(() => this.fail(`timed out at step ${this.step} waiting for ${this.path.steps[this.step]?.event.type}`), timeoutMs);
    await this.finished;
    clearTimeout(timer);
    this.harness.stop();
    if (this.failure) throw new Error(this.failure);
  }
}
