import type { ActorScope, AnyActorRef, PromiseActorLogic, PromiseSnapshot } from 'xstate';

export interface StepArgs<I> {
  input: I;
  /** An abort signal for a step that has to wait; made only when asked for. */
  signal(): AbortSignal;
}

type Snap<O, I> = PromiseSnapshot<O, I>;
const pending = new WeakMap<AnyActorRef, { promise: Promise<unknown>; controller?: AbortController }>();
const RESOLVE = 'xstate.promise.resolve';
const REJECT = 'xstate.promise.reject';

/**
 * Actor logic for a pipeline step that usually answers at once (a parse, a map
 * lookup, a token bucket, a free slot). Answered at once, it is done (or failed)
 * from its first snapshot, so the parent gets `xstate.done.actor.*` in the same
 * flush: no promise, microtask or abort controller. When `run` returns a
 * promise it behaves like `fromPromise`, whose events and snapshots it shares,
 * so it plugs into an invoke declared with a promise placeholder.
 */
export function fromStep<O, I>(run: (args: StepArgs<I>) => O | Promise<O>): PromiseActorLogic<O, I> {
  const logic = {
    config: run,
    getInitialSnapshot(scope: ActorScope<Snap<O, I>, { type: string }>, input: I): Snap<O, I> {
      // The signal may be asked for after the step's first await, so it lives here.
      const rec: { promise: Promise<unknown>; controller?: AbortController } = { promise: Promise.resolve() };
      try {
        const out = run({ input, signal: () => (rec.controller ??= new AbortController()).signal });
        if (!(out instanceof Promise)) return { status: 'done', output: out, error: undefined, input: undefined } as Snap<O, I>;
        rec.promise = out;
        pending.set(scope.self, rec);
        return { status: 'active', output: undefined, error: undefined, input } as Snap<O, I>;
      } catch (error) {
        return { status: 'error', output: undefined, error, input: undefined } as Snap<O, I>;
      }
    },
    start(s: Snap<O, I>, { self }: ActorScope<Snap<O, I>, { type: string }>) {
      const p = pending.get(self);
      if (s.status !== 'active' || !p) return;
      const settle = (type: string) => (data: unknown) => {
        if (self.getSnapshot().status !== 'active') return;
        pending.delete(self);
        self.send({ type, data } as { type: string });
      };
      p.promise.then(settle(RESOLVE), settle(REJECT));
    },
    transition(s: Snap<O, I>, event: { type: string; data?: unknown }, { self }: ActorScope<Snap<O, I>, { type: string }>): Snap<O, I> {
      if (s.status !== 'active') return s;
      if (event.type === RESOLVE) return { ...s, status: 'done', output: event.data as O, input: undefined } as Snap<O, I>;
      if (event.type === REJECT) return { ...s, status: 'error', error: event.data, input: undefined } as Snap<O, I>;
      if (event.type === 'xstate.stop') {
        pending.get(self)?.controller?.abort();
        pending.delete(self);
        return { ...s, status: 'stopped', input: undefined } as Snap<O, I>;
      }
      return s;
    },
    getPersistedSnapshot: (s: Snap<O, I>) => s,
    restoreSnapshot: (s: unknown) => s as Snap<O, I>,
  };
  return logic as unknown as PromiseActorLogic<O, I>;
}
