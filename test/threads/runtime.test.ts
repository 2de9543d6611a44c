import { afterEach, describe, expect, it } from 'vitest';
import { threadWorld } from './support.ts';

let stop: Array<() => void> = [];
afterEach(() => {
  stop.forEach((f) => f());
  stop = [];
});

function world(...args: Parameters<typeof threadWorld>) {
  const w = threadWorld(...args);
  stop.push(() => w.system.stop());
  return w;
}

describe('thread handlers on worker instances', () => {
  it('a cold start spawns the thread; warm calls reuse it', async () => {
    const w = world();
    expect(await w.system.workers.run('scripted', { mode: 'ok', value: 1 })).toEqual({ computed: 1 });
    const [id] = w.instances('scripted');
    const thread = w.system.runtime.thread(id!);
    expect(thread?.alive).toBe(true);
    expect(await w.system.workers.run('scripted', { mode: 'ok', value: 2 })).toEqual({ computed: 2 });
    expect(await w.system.workers.run('scripted', { mode: 'ok', value: 3 })).toEqual({ computed: 3 });
    expect(w.instances('scripted')).toEqual([id]);
    expect(w.system.runtime.thread(id!)).toBe(thread);
    const row = w.system.status().workers.scripted!;
    expect(row).toMatchObject({ instances: { warm: 1 }, coldStarts: 1, warmInvocations: 2, invocations: 3 });
    expect(row.latencyMs.cold).toMatchObject({ count: 1 });
    expect(row.latencyMs.warm).toMatchObject({ count: 2 });
    expect(row.latencyMs.cold.p50).toBeGreaterThan(0);
    expect(row.latencyMs.warm.p95).toBeGreaterThanOrEqual(row.latencyMs.warm.p50!);
  });

  it('frozen: the idle thread is kept but unref\'d; thawed on the next call; terminated: the thread ends', async () => {
    const w = world({ worker: { freezeAfterMs: 1000, terminateAfterMs: 5000 } });
    await w.system.workers.run('echo', 'a');
    const [id] = w.instances('echo');
    const thread = w.system.runtime.thread(id!)!;
    expect(thread.unrefd).toBe(false);
    w.clock.increment(1000);
    expect(w.system.populations.workers.get(id!)?.getSnapshot().value).toBe('frozen');
    expect(thread.unrefd).toBe(true);
    expect(thread.alive).toBe(true);
    expect(await w.system.workers.run('echo', 'b')).toBe('b');
    expect(thread.unrefd).toBe(false);
    expect(w.system.status().workers.echo).toMatchObject({ coldStarts: 1, warmInvocations: 1 });
    w.clock.increment(1000);
    w.clock.increment(5000);
    expect(w.system.populations.workers.get(id!)).toBeUndefined();
    await w.until(() => !thread.alive);
    expect(w.system.runtime.threadCount).toBe(0);
    expect(w.system.status().workers.echo?.instances).toEqual({ terminated: 1 });
    // The next call starts cold, on a new thread.
    expect(await w.system.workers.run('echo', 'c')).toBe('c');
    expect(w.system.status().workers.echo).toMatchObject({ coldStarts: 2 });
  });

  it('a runaway handler past its timeout: its thread is terminated, the call fails clearly, the next call works', async () => {
    const w = world({ workers: { handlers: { runaway: { timeoutMs: 2000 } } } });
    const call = w.system.workers.run('runaway', null);
    const outcome = expect(call).rejects.toMatchObject({ code: 'timeout', message: "handler 'runaway' ran past its 2000 ms limit; its thread was terminated" });
    const { id } = await w.reaches('runaway', { executing: 'threadCall' } as never);
    const thread = w.system.runtime.thread(id)!;
    w.clock.increment(1999);
    expect(thread.alive).toBe(true);
    w.clock.increment(1);
    await outcome;
    await w.until(() => !thread.alive);
    expect(w.system.runtime.threadCount).toBe(0);
    expect(w.system.status().workers.runaway).toMatchObject({ timeouts: 1, instances: { terminated: 1 } });
    // Other handlers, and the system, carry on.
    expect(await w.system.workers.run('echo', 42)).toBe(42);
  });

  it('a crash or a heap overrun in the thread fails the call clearly and ends only that instance', async () => {
    const w = world({ workers: { handlers: { scripted: { memoryMb: 32 } } } });
    await expect(w.system.workers.run('scripted', { mode: 'crash' })).rejects.toMatchObject({
      code: 'thread_crashed',
      message: "the thread of handler 'scripted' crashed: unexpected state in the handler",
    });
    await expect(w.system.workers.run('scripted', { mode: 'oom' })).rejects.toMatchObject({
      code: 'out_of_memory',
      message: "handler 'scripted' ran out of memory (limit 32 MB); its thread was ended",
    });
    expect(w.system.status().workers.scripted).toMatchObject({ threadsLost: 2, coldStarts: 2, instances: { terminated: 2 } });
    expect(await w.system.workers.run('scripted', { mode: 'ok', value: 'after' })).toEqual({ computed: 'after' });
  });

  it('a handler that throws fails the call; its instance stays warm on the same thread', async () => {
    const w = world();
    await expect(w.system.workers.run('scripted', { mode: 'throw' })).rejects.toMatchObject({ code: 'bad_input', message: "handler 'scripted' failed: the handler refused its input" });
    expect(await w.system.workers.run('scripted', { mode: 'ok' })).toEqual({ computed: null });
    expect(w.system.status().workers.scripted).toMatchObject({ coldStarts: 1, warmInvocations: 1, instances: { warm: 1 }, threadsLost: 0 });
  });

  it('concurrency is capped at the handler\'s max instances, one thread each', async () => {
    const w = world({ workers: { maxInstancesPerHandler: 4, handlers: { scripted: { maxInstances: 2 } } } });
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, w.system.runtime.threadCount)), 2);
    const answers = await Promise.all(Array.from({ length: 6 }, () => w.system.workers.run('scripted', { mode: 'slow' })));
    clearInterval(watch);
    expect(answers).toEqual(Array(6).fill({ computed: 'slowly' }));
    expect(w.instances('scripted')).toHaveLength(2);
    expect(most).toBe(2);
    expect(w.system.status().workers.scripted).toMatchObject({ limits: { maxInstances: 2 }, coldStarts: 2, warmInvocations: 4 });
  });

  it('a cancelled thread call ends its thread: a CPU-bound job cannot be interrupted otherwise', async () => {
    const w = world();
    const abort = new AbortController();
    const call = expect(w.system.workers.run('runaway', null, abort.signal)).rejects.toMatchObject({ name: 'AbortError' });
    const { id } = await w.reaches('runaway', { executing: 'threadCall' } as never);
    const thread = w.system.runtime.thread(id)!;
    abort.abort();
    await call;
    await w.until(() => !thread.alive);
    expect(w.system.runtime.threadCount).toBe(0);
  });

  it('stopping the system ends every thread', async () => {
    const w = threadWorld();
    await Promise.all([w.system.workers.run('echo', 1), w.system.workers.run('scripted', { mode: 'ok' })]);
    const threads = [...w.instances('echo'), ...w.instances('scripted')].map((id) => w.system.runtime.thread(id)!);
    expect(threads.every((t) => t.alive)).toBe(true);
    w.system.stop();
    await w.until(() => threads.every((t) => !t.alive));
  });

  it('a thread handler whose module cannot start fails its cold start with the reason', async () => {
    const w = world({}, { broken: async () => ({ thread: { module: new URL('../support/threads/bad-init.ts', import.meta.url).href } }) });
    await expect(w.system.workers.run('broken', 1)).rejects.toMatchObject({ code: 'thread_start_failed', message: "handler 'broken' could not start: the handler could not open its tables" });
    expect(w.system.runtime.threadCount).toBe(0);
  });
});
