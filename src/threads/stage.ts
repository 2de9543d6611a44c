import type { Transferable } from 'node:worker_threads';

/** What a CPU-heavy handler runs in its instance's thread. */
export interface ThreadStage {
  /** File URL of the module the thread loads; it exports `run(input)` and maybe `init()`. See `siblingModule`. */
  module: string;
  /**
   * What one invocation sends the thread, from the request's params and the
   * data fetched for it (none for a pure computation). Default: the data if
   * any was fetched, else `params.input`.
   */
  input?(params: Record<string, unknown>, data: unknown): ThreadInput;
}

/** One job for a thread; `transfer` lists buffers to move rather than copy. */
export interface ThreadInput {
  value: unknown;
  transfer?: Transferable[];
}

/** A handler that only computes: any module exporting `run(input)` with serialisable input and output. */
export const computeHandler = (module: string) => async () => ({ thread: { module } });
