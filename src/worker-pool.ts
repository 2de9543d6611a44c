import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ActorRefFrom } from 'xstate';
import { abortError } from './errors.ts';
import { waitTurn } from './wait-turn.ts';
import type { WorkRequest, WorkResult, workerMachine } from '../machines/worker.ts';
import type { Clock } from './clock.ts';
import { limitsOf, type Config, type HandlerLimits } from './config.ts';
import { Latency } from './latency.ts';
import type { Population } from './population.ts';
import { ThreadError } from './threads/errors.ts';

export type WorkerRef = ActorRefFrom<typeof workerMachine>;

interface Waiter { resolve(r: WorkResult): void; reject(e: Error): void }

/** What the pool keeps per handler: its instances and the figures `status()` shows. */
class HandlerState {
  readonly instances = new Set<string>();
  readonly queue: Array<() => void> = [];
  readonly cold = new Latency();
  readonly warm = new Latency();
  coldStarts = 0;
  warmInvocations = 0;
  terminated = 0;
  timeouts = 0;
  threadsLost = 0;
  constructor(readonly limits: HandlerLimits) {}
}

/**
 * Worker instances per handler, Lambda-style: reuse a warm (or frozen) idle
 * instance, start a cold one while under the handler's limit, else queue.
 */
export class WorkerPool {
  private readonly handlers = new Map<string, HandlerState>();
  private readonly busy = new Set<string>();
  /** The caller waiting on each instance's invocation in flight. */
  private readonly waiting = new Map<string, Waiter & { requestId: string }>();
  /** Ids for `run` calls: unique in this process, cheaper than a UUID per call. */
  private readonly runPrefix = `run:${randomUUID().slice(0, 8)}:`;
  private runs = 0;

  constructor(
    private readonly workers: Population<WorkerRef>,
    private readonly clock: Clock,
    private readonly config: Config,
    /** Told when an instance ends, so nothing it held outlives it. */
    private readonly onEnded: (instanceId: string) => void = () => {},
  ) {}

  async invoke(handler: string, request: WorkRequest, signal?: AbortSignal): Promise<WorkResult> {
    const h = this.state(handler);
    // A resting instance is taken at once; only a full house waits.
    const id = this.idle(h) ?? this.spawn(h, handler) ?? (await this.acquire(h, handler, signal));
    try {
      const ref = this.workers.get(id);
      if (!ref) throw new Error(`worker ${id} vanished`);
      const t0 = performance.now();
      const result = await this.dispatch(ref, id, request, signal);
      (result.coldStart ? h.cold : h.warm).record(performance.now() - t0);
      if (result.coldStart) h.coldStarts++;
      else h.warmInvocations++;
      if (result.error?.code === 'timeout') h.timeouts++;
      return result;
    } finally {
      this.release(h, id);
    }
  }

  /** Runs a thread handler on `input` (nothing fetched) and returns its output, or throws its error. */
  async run(handler: string, input: unknown, signal?: AbortSignal): Promise<unknown> {
    const r = await this.invoke(handler, { requestId: this.runPrefix + ++this.runs, params: { input } }, signal);
    if (!r.ok) throw new ThreadError(r.error?.message ?? `handler '${handler}' failed`, r.error?.code ?? 'handler_error');
    return r.value;
  }

  /** A thread ended by itself (crash, heap limit): counted per handler. */
  noteThreadLost(handler: string): void {
    this.state(handler).threadsLost++;
  }

  private dispatch(ref: WorkerRef, id: string, request: WorkRequest, signal?: AbortSignal): Promise<WorkResult> {
    return new Promise<WorkResult>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const onAbort = () => {
        this.waiting.delete(id);
        // The caller gave up: the instance drops this invocation.
        ref.send({ type: 'CANCEL', requestId: request.requestId, at: this.clock.now() });
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.waiting.set(id, {
        requestId: request.requestId,
        resolve: (r) => (done(), resolve(r)),
        reject: (e) => (done(), reject(e)),
      });
      ref.send({ type: 'INVOKE', request, at: this.clock.now() });
    });
  }

  private state(handler: string): HandlerState {
    let h = this.handlers.get(handler);
    if (!h) this.handlers.set(handler, (h = new HandlerState(limitsOf(this.config, handler))));
    return h;
  }

  /** One subscription per instance hands each result to its caller, and notices the instance end. */
  private watch(h: HandlerState, id: string, ref: WorkerRef) {
    let last: WorkResult | null = null;
    const ended = () => {
      if (!h.instances.delete(id)) return;
      h.terminated++;
      this.onEnded(id);
      const w = this.waiting.get(id);
      this.waiting.delete(id);
      w?.reject(new Error(`worker ${id} ended before answering`));
    };
    ref.subscribe({
      next: (s) => {
        const r = s.context.lastResult;
        if (r === last || r === null) {
          // An instance that comes to rest by itself (it finished an abandoned invocation) can take a queued call.
          if (s.value === 'warm' && !this.busy.has(id)) h.queue.shift()?.();
          return;
        }
        last = r;
        const w = this.waiting.get(id);
        if (w?.requestId !== r.requestId) return;
        this.waiting.delete(id);
        w.resolve(r);
      },
      complete: ended,
      // The shard observes the error too; here the instance just ends.
      error: ended,
    });
  }

  /** A resting instance, taken; warm before frozen, since a thaw costs more than a warm call. */
  private idle(h: HandlerState): string | undefined {
    let idle: string | undefined;
    for (const id of h.instances) {
      if (this.busy.has(id)) continue;
      const s = this.workers.get(id)?.getSnapshot();
      // Only a resting instance takes an invocation (one abandoned mid-start is still busy with it).
      if (!s || s.status !== 'active' || (s.value !== 'warm' && s.value !== 'frozen')) continue;
      if (s.value === 'warm') {
        idle = id;
        break;
      }
      idle ??= id;
    }
    if (idle) this.busy.add(idle);
    return idle;
  }

  /** A new (cold) instance, taken, while the handler is under its limit. */
  private spawn(h: HandlerState, handler: string): string | undefined {
    if (h.instances.size >= h.limits.maxInstances) return undefined;
    const id = `worker:${handler}:${randomUUID().slice(0, 8)}`;
    const ref = this.workers.ensure(id, () => ({
      handler,
      instanceId: id,
      freezeAfterMs: this.config.worker.freezeAfterMs,
      terminateAfterMs: this.config.worker.terminateAfterMs,
      threadTimeoutMs: h.limits.timeoutMs,
      maxAttempts: this.config.retry.maxAttempts,
      baseDelayMs: this.config.retry.baseDelayMs,
      maxDelayMs: this.config.retry.maxDelayMs,
      now: this.clock.now(),
    }));
    h.instances.add(id);
    this.watch(h, id, ref);
    this.busy.add(id);
    return id;
  }

  /** Waits in the handler's queue until an instance is free or may be started. */
  private async acquire(h: HandlerState, handler: string, signal?: AbortSignal): Promise<string> {
    for (;;) {
      await waitTurn(h.queue, signal);
      const id = this.idle(h) ?? this.spawn(h, handler);
      if (id) return id;
    }
  }

  private release(h: HandlerState, id: string): void {
    this.busy.delete(id);
    h.queue.shift()?.();
  }

  /** Per handler: instances per state, cold starts, warm invocations, cold and warm latency. */
  status() {
    const out: Record<string, ReturnType<WorkerPool['row']>> = {};
    for (const [handler, h] of this.handlers) out[handler] = this.row(h);
    return out;
  }

  private row(h: HandlerState) {
    const instances: Record<string, number> = {};
    for (const id of h.instances) {
      const s = this.workers.get(id)?.getSnapshot();
      if (!s || s.status !== 'active') continue;
      const state = typeof s.value === 'string' ? s.value : Object.keys(s.value)[0]!;
      instances[state] = (instances[state] ?? 0) + 1;
    }
    if (h.terminated) instances.terminated = h.terminated;
    return {
      limits: h.limits,
      instances,
      coldStarts: h.coldStarts,
      warmInvocations: h.warmInvocations,
      invocations: h.coldStarts + h.warmInvocations,
      timeouts: h.timeouts,
      threadsLost: h.threadsLost,
      latencyMs: { cold: h.cold.summary(), warm: h.warm.summary() },
    };
  }
}
