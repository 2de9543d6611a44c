import { Worker, type Transferable } from 'node:worker_threads';
import { LOST, ThreadError } from './errors.ts';
import { loadable } from './from-source.ts';
import type { Hello, Reply, SerializedError } from './messages.ts';
import { siblingModule } from './module-url.ts';
import { noteSize } from '../sizes.ts';

const HOST = siblingModule(import.meta.url, './host.ts');

/**
 * Threads start with no Node flags: they run plain JS (the build, or a bundle
 * of the sources), so tsx's loader would only add ~45 ms to every cold start,
 * and workers refuse V8 flags such as --expose-gc.
 */
export const THREAD_EXEC_ARGV: readonly string[] = [];

export interface ThreadOptions {
  /** The handler's name, for messages. */
  handler: string;
  /** File URL of the module the thread runs (it exports `run`, maybe `init`). */
  module: string;
  /** The thread's V8 heap (old generation), MB. */
  memoryMb: number;
  /** Called once if the thread ends other than by `terminate` (a crash, its heap limit). */
  onLost?(error: ThreadError): void;
}

interface Job { resolve(value: unknown): void; reject(error: ThreadError): void }

const settle = <T>(p: Promise<T>) => (p.catch(() => undefined), p);

/**
 * One worker thread running one handler module, one job at a time. The thread
 * is spawned at once; `online` and `ready` say when it runs and when its
 * module is loaded. Whatever ends it (a crash, its heap limit, `terminate`)
 * fails the job in flight with a ThreadError.
 */
export class HandlerThread {
  private readonly worker: Worker;
  private job: Job | null = null;
  private greeted = false;
  private ended: ThreadError | null = null;
  private terminating = false;
  private parked = false;
  private hello!: { resolve(): void; reject(e: ThreadError): void };
  readonly online: Promise<void>;
  readonly ready: Promise<void>;

  /** Spawns a thread for the handler module. */
  static async start(options: ThreadOptions): Promise<HandlerThread> {
    const [host, module] = await Promise.all([loadable(HOST), loadable(options.module)]);
    return new HandlerThread(options, host, module);
  }

  private constructor(private readonly options: ThreadOptions, host: string, module: string) {
    this.worker = new Worker(new URL(host), {
      workerData: { module },
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
      execArgv: [...THREAD_EXEC_ARGV],
      // stdout is the MCP channel: a handler's stray output goes to stderr.
      stdout: true,
    });
    this.worker.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    this.ready = settle(new Promise<void>((resolve, reject) => (this.hello = { resolve, reject })));
    this.online = settle(
      new Promise<void>((resolve, reject) => {
        this.worker.once('online', resolve);
        this.ready.catch(reject);
      }),
    );
    this.worker.on('message', (m: Hello | Reply) => this.onMessage(m));
    this.worker.on('error', (e: Error & { code?: string }) => this.end(this.describe(e)));
    this.worker.on('exit', (code) =>
      this.end(this.terminating ? new ThreadError(`the thread of handler '${options.handler}' was terminated`, 'thread_ended') : new ThreadError(`the thread of handler '${options.handler}' exited (code ${code})`, 'thread_crashed')),
    );
  }

  get alive(): boolean {
    return this.ended === null;
  }

  /** Runs one job; `transfer` moves buffers to the thread instead of copying them. */
  run(input: unknown, transfer?: readonly Transferable[]): Promise<unknown> {
    if (this.ended) return Promise.reject(this.ended);
    if (this.job) return Promise.reject(new ThreadError(`the thread of handler '${this.options.handler}' is busy`, 'handler_error'));
    return new Promise((resolve, reject) => {
      this.job = { resolve, reject };
      try {
        this.worker.postMessage(input, transfer);
      } catch (e) {
        this.job = null;
        reject(new ThreadError(`the input of handler '${this.options.handler}' cannot be sent to its thread: ${e instanceof Error ? e.message : String(e)}`, 'handler_error'));
      }
    });
  }

  /** An idle thread that must not keep the process alive (frozen). */
  unref(): void {
    this.worker.unref();
    this.parked = true;
  }

  ref(): void {
    this.worker.ref();
    this.parked = false;
  }

  /** Unref'd: the thread does not keep the process alive. */
  get unrefd(): boolean {
    return this.parked;
  }

  /** Ends the thread; V8 frees its heap. */
  async terminate(): Promise<void> {
    if (this.terminating) return;
    this.terminating = true;
    this.end(new ThreadError(`the thread of handler '${this.options.handler}' was terminated`, 'thread_ended'));
    await this.worker.terminate().catch(() => undefined);
  }

  private onMessage(m: Hello | Reply) {
    if (!this.greeted) {
      this.greeted = true;
      const h = m as Hello;
      if (h.ready) this.hello.resolve();
      else this.hello.reject(new ThreadError(`handler '${this.options.handler}' could not start: ${h.error.message}`, 'thread_start_failed'));
      return;
    }
    const job = this.job;
    if (!job) return;
    this.job = null;
    const r = m as Reply;
    if (r.ok) {
      if (r.bytes !== undefined) noteSize(r.value, r.bytes);
      job.resolve(r.value);
    }
    else job.reject(this.handlerError(r.error));
  }

  private handlerError(e: SerializedError): ThreadError {
    // A handler's own code (e.g. a parse error's) is kept, unless it would read as a lost thread.
    const code = e.code && !LOST.has(e.code) ? e.code : 'handler_error';
    return new ThreadError(`handler '${this.options.handler}' failed: ${e.message}`, code);
  }

  private describe(e: Error & { code?: string }): ThreadError {
    if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new ThreadError(`handler '${this.options.handler}' ran out of memory (limit ${this.options.memoryMb} MB); its thread was ended`, 'out_of_memory');
    }
    return new ThreadError(`the thread of handler '${this.options.handler}' crashed: ${e.message}`, 'thread_crashed');
  }

  private end(error: ThreadError) {
    if (this.ended) return;
    this.ended = error;
    if (!this.terminating) this.options.onLost?.(error);
    this.hello.reject(error);
    const job = this.job;
    this.job = null;
    job?.reject(error);
  }
}
