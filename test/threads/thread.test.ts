import { afterEach, describe, expect, it } from 'vitest';
import { HandlerThread, type ThreadOptions } from '../../src/threads/thread.ts';
import { ThreadError } from '../../src/threads/errors.ts';

const mod = (name: string) => new URL(`../support/threads/${name}.ts`, import.meta.url).href;
const live: HandlerThread[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((t) => t.terminate()));
});

async function spawn(name: string, extra: Partial<ThreadOptions> = {}) {
  const lost: ThreadError[] = [];
  const t = await HandlerThread.start({ handler: name, module: mod(name), memoryMb: 64, onLost: (e) => lost.push(e), ...extra });
  live.push(t);
  return Object.assign(t, { lost });
}

describe('a handler thread', () => {
  it('loads its module, then answers job after job', async () => {
    const t = await spawn('echo');
    await t.online;
    await t.ready;
    expect(await t.run({ a: 1 })).toEqual({ a: 1 });
    expect(await t.run('two')).toBe('two');
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await t.run(bytes, [bytes.buffer])).toEqual(new Uint8Array([1, 2, 3]));
    // Moved, not copied: the sender's buffer is detached.
    expect(bytes.byteLength).toBe(0);
  });

  it('a handler that throws fails the job; the thread lives on', async () => {
    const t = await spawn('scripted');
    await t.ready;
    const err = await t.run({ mode: 'throw' }).catch((e) => e);
    expect(err).toBeInstanceOf(ThreadError);
    expect(err).toMatchObject({ code: 'bad_input', message: "handler 'scripted' failed: the handler refused its input" });
    expect(t.alive).toBe(true);
    expect(await t.run({ mode: 'ok', value: 3 })).toEqual({ computed: 3 });
    expect(t.lost).toEqual([]);
  });

  it('an uncaught exception in the thread ends it with a clear error', async () => {
    const t = await spawn('scripted');
    await t.ready;
    const err = await t.run({ mode: 'crash' }).catch((e) => e);
    expect(err).toMatchObject({ code: 'thread_crashed', message: "the thread of handler 'scripted' crashed: unexpected state in the handler" });
    expect(t.alive).toBe(false);
    expect(t.lost).toHaveLength(1);
    await expect(t.run({ mode: 'ok' })).rejects.toMatchObject({ code: 'thread_crashed' });
  });

  it('a thread that exits fails its job', async () => {
    const t = await spawn('scripted');
    await t.ready;
    await expect(t.run({ mode: 'exit' })).rejects.toMatchObject({ code: 'thread_crashed', message: "the thread of handler 'scripted' exited (code 7)" });
  });

  it('a thread past its heap limit is ended, and says so', async () => {
    const t = await spawn('scripted', { memoryMb: 32 });
    await t.ready;
    const before = process.memoryUsage().heapUsed;
    await expect(t.run({ mode: 'oom' })).rejects.toMatchObject({
      code: 'out_of_memory',
      message: "handler 'scripted' ran out of memory (limit 32 MB); its thread was ended",
    });
    // The hoard lived in the thread's heap, not ours.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('terminate ends a runaway job at once', async () => {
    const t = await spawn('runaway');
    await t.ready;
    const job = expect(t.run(null)).rejects.toMatchObject({ code: 'thread_ended' });
    await new Promise((r) => setTimeout(r, 20));
    await t.terminate();
    await job;
    expect(t.lost).toEqual([]);
  });

  it('a module whose init fails, or that has no run(), never becomes ready', async () => {
    await expect((await spawn('bad-init')).ready).rejects.toMatchObject({
      code: 'thread_start_failed',
      message: "handler 'bad-init' could not start: the handler could not open its tables",
    });
    await expect((await spawn('no-run')).ready).rejects.toMatchObject({ code: 'thread_start_failed', message: /exports no run\(\) function/ });
    await expect(spawn('missing')).rejects.toThrow(/Could not resolve|not found/i);
  });

  it('an input that cannot cross threads is refused before it is sent', async () => {
    const t = await spawn('echo');
    await t.ready;
    await expect(t.run({ f: () => 1 })).rejects.toMatchObject({ code: 'handler_error', message: /cannot be sent to its thread/ });
    expect(await t.run(1)).toBe(1);
  });
});
