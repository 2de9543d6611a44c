// The code a handler thread runs: load the handler module named in workerData,
// run its init, say hello, then answer one job per message. A job that throws
// answers with the error; anything worse (an uncaught exception, running out
// of heap) ends the thread, and the main thread sees it end.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { jsonLength } from '../sizes.ts';
import { serializeError, type Hello, type Reply } from './messages.ts';

type Run = (input: unknown) => unknown;

/** `run` as a named export, the default export, or the default export's `run`. */
function entryOf(m: Record<string, unknown>): Run {
  const d = m.default as { run?: unknown } | undefined;
  const run = m.run ?? (typeof d === 'function' ? d : d?.run);
  if (typeof run !== 'function') throw new Error('the handler module exports no run() function');
  return run as Run;
}

async function load(module: string): Promise<Run> {
  const m = (await import(module)) as Record<string, unknown>;
  const run = entryOf(m);
  if (typeof m.init === 'function') await (m.init as () => unknown)();
  return run;
}

function serve(port: MessagePort, run: Run) {
  const fail = (e: unknown) => port.postMessage({ ok: false, error: serializeError(e) } satisfies Reply);
  const answer = (value: unknown) => {
    try {
      // Only for results that may be large: a small one costs the main thread nothing to measure.
      const bytes = value !== null && typeof value === 'object' ? jsonLength(value, 0) : undefined;
      port.postMessage({ ok: true, value, ...(bytes !== undefined ? { bytes } : {}) } satisfies Reply);
    } catch (e) {
      // A result that cannot cross threads (a function, a socket) is the handler's fault, not the thread's.
      fail(new Error(`the handler's result cannot be sent between threads: ${e instanceof Error ? e.message : String(e)}`));
    }
  };
  port.on('message', (input: unknown) => {
    let out: unknown;
    try {
      out = run(input);
    } catch (e) {
      return fail(e);
    }
    // Synchronous handlers (the usual case) answer without a microtask hop.
    if (out instanceof Promise) out.then(answer, fail);
    else answer(out);
  });
}

const port = parentPort;
if (!port) throw new Error('src/threads/host is meant to run in a worker thread');
try {
  const run = await load((workerData as { module: string }).module);
  serve(port, run);
  port.postMessage({ ready: true } satisfies Hello);
} catch (e) {
  port.postMessage({ ready: false, error: serializeError(e) } satisfies Hello);
  port.close();
}
