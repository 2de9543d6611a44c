/**
 * Why a thread call failed. `handler_error`: the handler threw and the thread
 * lives on. The others end the thread, and with it the instance that owned it.
 */
export type ThreadErrorCode = 'handler_error' | 'thread_start_failed' | 'thread_crashed' | 'out_of_memory' | 'thread_ended';

/** Codes after which the thread is gone: the worker machine ends the instance on them. */
export { THREAD_LOST as LOST } from '../../machines/worker.ts';

export class ThreadError extends Error {
  readonly transient = false;
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'ThreadError';
  }
}
