import { randomUUID } from 'node:crypto';
import { waitFor, type ActorRefFrom } from 'xstate';
import { abortError } from './errors.ts';
import type { WorkRequest, WorkResult, workerMachine } from '../machines/worker.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Population } from './population.ts';

export type WorkerRef = ActorRefFrom<typeof workerMachine>;


/**
 * Worker instances per handler, Lambda-style: reuse a warm (or frozen) idle
 * instance, start a cold one while under the per-handler limit, else queue.
 */
export class WorkerPool {
  private readonly instances = new Map<string, Set<string>>();
  private readonly busy = new Set<string>();
  private readonly queues = new Map<string, Array<() => void>>();

  constructor(
    private readonly workers: Population<WorkerRef>,
    private readonly clock: Clock,
    private readonly config: Config,
  ) {}

  async invoke(handler: string, request: WorkRequest, signal?: AbortSignal): Promise<WorkResult> {
    const id = await this.acquire(handler, signal);
    try {
      const ref = this.workers.get(id);
      if (!ref) throw new Error(`worker ${id} vanished`);
      ref.send({ type: 'INVOKE', request, at: this.clock.now() });
      return await this.result(ref, request.requestId, signal);
    } finally {
      this.release(handler, id);
    }
  }

  private async result(ref: WorkerRef, requestId: string, signal?: AbortSignal): Promise<WorkResult> {
    try {
      const s = await waitFor(ref, (x) => x.context.lastResult?.requestId === requestId, signal ? { signal } : {});
      return s.context.lastResult!;
    } catch (e) {
      if (!signal?.aborted) throw e;
      // The caller gave up: the instance drops this invocation and stays warm.
      ref.send({ type: 'CANCEL', requestId, at: this.clock.now() });
      throw abortError();
    }
  }

  private live(handler: string): Set<string> {
    let set = this.instances.get(handler);
    if (!set) this.instances.set(handler, (set = new Set()));
    for (const id of set) if (!this.workers.get(id)) set.delete(id); // terminated instances leave
    return set;
  }

  private async acquire(handler: string, signal?: AbortSignal): Promise<string> {
    for (;;) {
      if (signal?.aborted) throw abortError();
      const set = this.live(handler);
      // Prefer warm over frozen instances: a thaw costs more than a warm call.
      const idle = [...set].filter((id) => !this.busy.has(id));
      const warm = idle.find((id) => this.workers.get(id)?.getSnapshot().matches('warm'));
      const pick = warm ?? idle[0];
      if (pick) {
        this.busy.add(pick);
        return pick;
      }
      if (set.size < this.config.workers.maxInstancesPerHandler) {
        const id = `worker:${handler}:${randomUUID().slice(0, 8)}`;
        this.workers.ensure(id, () => ({
          handler,
          instanceId: id,
          freezeAfterMs: this.config.worker.freezeAfterMs,
          terminateAfterMs: this.config.worker.terminateAfterMs,
          maxAttempts: this.config.retry.maxAttempts,
          baseDelayMs: this.config.retry.baseDelayMs,
          maxDelayMs: this.config.retry.maxDelayMs,
          now: this.clock.now(),
        }));
        set.add(id);
        this.busy.add(id);
        return id;
      }
      await new Promise<void>((resolve, reject) => {
        const q = this.queues.get(handler) ?? [];
        this.queues.set(handler, q);
        const wake = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const i = q.indexOf(wake);
          if (i >= 0) q.splice(i, 1);
          reject(abortError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        q.push(wake);
      });
    }
  }

  private release(handler: string, id: string): void {
    this.busy.delete(id);
    this.queues.get(handler)?.shift()?.();
  }

  status() {
    const out: Record<string, { instances: Record<string, number>; coldStarts: number; warmStarts: number; invocations: number }> = {};
    for (const [handler] of this.instances) {
      const row = { instances: {} as Record<string, number>, coldStarts: 0, warmStarts: 0, invocations: 0 };
      for (const id of this.live(handler)) {
        const s = this.workers.get(id)?.getSnapshot();
        if (!s) continue;
        const state = typeof s.value === 'string' ? s.value : Object.keys(s.value)[0]!;
        row.instances[state] = (row.instances[state] ?? 0) + 1;
        row.coldStarts += s.context.stats.coldStarts;
        row.warmStarts += s.context.stats.warmStarts;
        row.invocations += s.context.stats.invocations;
      }
      out[handler] = row;
    }
    return out;
  }
}
