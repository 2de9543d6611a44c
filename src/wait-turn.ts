import { abortError } from './errors.ts';

/**
 * Waits in `queue` until someone calls the first waker in it (`queue.shift()?.()`),
 * or until `signal` aborts, which takes the waiter out of the queue and rejects.
 */
export function waitTurn(queue: Array<() => void>, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const wake = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = () => {
      const i = queue.indexOf(wake);
      if (i >= 0) queue.splice(i, 1);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    queue.push(wake);
  });
}
