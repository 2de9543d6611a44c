import { fromCallback, fromPromise } from 'xstate';
import type { HandlerRef, Loaded, ThreadJob, ThreadReply } from '../machines/worker.ts';
import { ThreadError } from '../src/threads/errors.ts';
import type { ThreadInput } from '../src/threads/stage.ts';
import { HandlerThread } from '../src/threads/thread.ts';
import type { HandlerModule, HandlerRegistry } from '../src/tools.ts';

export interface RuntimeOptions {
  /** The heap limit (MB) of a handler's threads. */
  memoryMb(handler: string): number;
  /** Told when a thread ends other than by its instance's release (a crash, its heap limit). */
  onThreadLost?(handler: string, instanceId: string, error: ThreadError): void;
}

/**
 * What a worker instance runs on. Cold start: import the handler module
 * lazily (shared by the handler's instances), check it, spawn the instance's
 * thread if the handler has one, and wait until the thread has loaded its
 * module. The thread is the instance's for its whole life.
 */
export class HandlerRuntime {
  private readonly modules = new Map<string, HandlerModule>();
  private readonly threads = new Map<string, HandlerThread>();
  private closed = false;

  constructor(
    private readonly registry: HandlerRegistry,
    private readonly options: RuntimeOptions,
  ) {}

  module(handler: string): HandlerModule {
    const m = this.modules.get(handler);
    if (!m) throw new Error(`handler '${handler}' is not loaded`);
    return m;
  }

  /** Threads held now. */
  get threadCount(): number {
    return this.threads.size;
  }

  /** The thread an instance owns, if any. */
  thread(instanceId: string): HandlerThread | undefined {
    return this.threads.get(instanceId);
  }

  loadHandler() {
    return fromPromise<Loaded, HandlerRef>(async ({ input }) => {
      const load = this.registry[input.handler];
      if (!load) throw new Error(`unknown handler '${input.handler}'`);
      const m = await load();
      this.modules.set(input.handler, m);
      return { threaded: m?.thread !== undefined };
    });
  }

  /** Checks the module is a handler at all, then spawns the instance's thread. */
  prepareRuntime() {
    return fromPromise<void, HandlerRef>(async ({ input }) => {
      const m = this.module(input.handler) as Partial<HandlerModule>;
      const name = input.handler;
      if (m.upstream !== undefined && typeof m.upstream !== 'function') throw new Error(`handler '${name}' exports an upstream that is not a function`);
      if (m.init !== undefined && typeof m.init !== 'function') throw new Error(`handler '${name}' exports an init that is not a function`);
      if (m.thread === undefined) {
        if (m.upstream === undefined) throw new Error(`handler '${name}' exports neither an upstream() function nor a thread`);
        return;
      }
      if (typeof m.thread?.module !== 'string' || !m.thread.module.startsWith('file:')) throw new Error(`handler '${name}' names no thread module (a file: URL)`);
      if (m.thread.input !== undefined && typeof m.thread.input !== 'function') throw new Error(`handler '${name}' has a thread input that is not a function`);
      const id = input.instanceId;
      const thread = await HandlerThread.start({
        handler: name,
        module: m.thread.module,
        memoryMb: this.options.memoryMb(name),
        onLost: (e) => this.options.onThreadLost?.(name, id, e),
      });
      if (this.closed) {
        void thread.terminate();
        throw new Error('the system is stopping');
      }
      this.release(id);
      this.threads.set(id, thread);
      await thread.online;
    });
  }

  /** The module's own init, and for a threaded handler the thread loading its module. */
  initHandler() {
    return fromPromise<void, HandlerRef>(async ({ input }) => {
      await this.module(input.handler).init?.();
      const thread = this.threads.get(input.instanceId);
      if (thread) await thread.ready;
    });
  }

  /**
   * The instance's line to its thread: each RUN job runs there and is answered
   * by its request id. Answers after the instance has stopped go nowhere.
   */
  threadLink() {
    return fromCallback<ThreadJob, HandlerRef, ThreadReply>(({ input, receive, sendBack }) => {
      let live = true;
      receive((job) => {
        this.runJob(input, job).then(
          (output) => live && sendBack({ type: 'THREAD_DONE', requestId: job.requestId, output }),
          (error: unknown) => live && sendBack({ type: 'THREAD_FAILED', requestId: job.requestId, error }),
        );
      });
      return () => {
        live = false;
      };
    });
  }

  private runJob(ref: HandlerRef, job: ThreadJob): Promise<unknown> {
    const thread = this.threads.get(ref.instanceId);
    if (!thread) return Promise.reject(new ThreadError(`instance ${ref.instanceId} of handler '${ref.handler}' has no thread`, 'thread_ended'));
    const stage = this.module(ref.handler).thread!;
    let prepared: ThreadInput;
    try {
      prepared = stage.input ? stage.input(job.params, job.data) : { value: job.data !== undefined ? job.data : job.params.input };
    } catch (e) {
      return Promise.reject(new ThreadError(`handler '${ref.handler}' could not prepare its input: ${e instanceof Error ? e.message : String(e)}`, 'handler_error'));
    }
    return thread.run(prepared.value, prepared.transfer);
  }

  /** A frozen instance's idle thread must not keep the process alive. */
  freeze(instanceId: string): void {
    this.threads.get(instanceId)?.unref();
  }

  thaw(instanceId: string): void {
    this.threads.get(instanceId)?.ref();
  }

  /** The instance ended: terminate its thread, so V8 frees its heap. */
  release(instanceId: string): void {
    const thread = this.threads.get(instanceId);
    if (!thread) return;
    this.threads.delete(instanceId);
    void thread.terminate();
  }

  /** Ends every thread (the system is stopping). */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.threads.values()];
    this.threads.clear();
    await Promise.all(all.map((t) => t.terminate()));
  }
}
