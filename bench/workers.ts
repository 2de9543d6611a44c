import { existsSync, statSync } from 'node:fs';
import { assign, createActor, fromCallback, sendTo, setup } from 'xstate';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { Piscina } from 'piscina';
import { syntheticDay } from '../test/doceo/build.ts';
import { percentile, round } from './support/stats.ts';

/**
 * Our thread runtime against piscina, same handler, same run. The runtime is
 * taken from the build (dist/), as the server runs it: `npm run build` first.
 *
 * - cold start: a new worker instance (machine, thread spawned, module
 *   loaded) to its first answer; piscina: a new pool to its first answer;
 * - warm dispatch: sequential calls to a warm instance. `warmDispatchUs` is a
 *   whole invocation as a tool's call pays it (pool, the worker machine's
 *   steps, the thread), beside piscina.run; `threadDispatchUs` is the thread
 *   alone (HandlerThread.run, one MessagePort round trip); `floorMachine*` a
 *   minimal two-state machine in front of the same kind of thread, for scale.
 */
const DIST = new URL('../dist/', import.meta.url);
const echo = new URL('./support/echo-handler.mjs', import.meta.url).href;
const length = new URL('./support/length-handler.mjs', import.meta.url).href;

const COLD_RUNS = 15;
const WARM_CALLS = 5000;
const ROUNDS = 5;
const input = { id: 124936, name: 'Sophia IN \'T VELD', group: 'Renew' };

async function fromDist() {
  const mark = new URL('src/threads/thread.js', DIST);
  if (!existsSync(mark) || statSync(mark).mtimeMs < statSync(new URL('../src/threads/thread.ts', import.meta.url)).mtimeMs) {
    throw new Error('the workers bench runs the built runtime: run `npm run build` first');
  }
  const load = <T>(path: string) => import(new URL(path, DIST).href) as Promise<T>;
  return {
    system: await load<typeof import('../src/system.ts')>('src/system.js'),
    config: await load<typeof import('../src/config.ts')>('src/config.js'),
    clock: await load<typeof import('../src/clock.ts')>('src/clock.js'),
    stage: await load<typeof import('../src/threads/stage.ts')>('src/threads/stage.js'),
    thread: await load<typeof import('../src/threads/thread.ts')>('src/threads/thread.js'),
  };
}

type Dist = Awaited<ReturnType<typeof fromDist>>;

function system(d: Dist, handlers: Record<string, string>) {
  const data = new Map<string, unknown>();
  return d.system.createSystem({
    env: {
      clock: d.clock.systemClock,
      logger: pino({ level: 'silent' }),
      store: { get: async (k) => data.get(k), set: async (k, v) => (data.set(k, v), true), delete: async (k) => data.delete(k) },
      upstream: async () => {
        throw new Error('the bench fetches nothing');
      },
      keys: async () => [],
    },
    config: d.config.loadConfig({ workers: { maxInstancesPerHandler: 1 } }),
    handlers: Object.fromEntries(Object.entries(handlers).map(([name, url]) => [name, d.stage.computeHandler(url)])),
  });
}

const settle = () => new Promise((r) => setTimeout(r, 100));

/**
 * Time from nothing to the first answer: a new worker instance (its machine,
 * its thread spawned, the module loaded) and one call; a new piscina pool and
 * one call. Each run on a fresh system or pool, ended afterwards; the order
 * alternates, and ended threads get time to go, so neither side pays for the
 * other's teardown.
 */
async function coldStarts(d: Dist) {
  const ours: number[] = [];
  const piscina: number[] = [];
  let counted = 0;
  const runOurs = async () => {
    const s = system(d, { echo });
    const t = performance.now();
    await s.workers.run('echo', input);
    ours.push(performance.now() - t);
    counted += s.status().workers.echo!.coldStarts;
    s.stop();
  };
  const runPiscina = async () => {
    const t = performance.now();
    const p = new Piscina({ filename: echo, minThreads: 1, maxThreads: 1, execArgv: [...d.thread.THREAD_EXEC_ARGV] });
    await p.run(input);
    piscina.push(performance.now() - t);
    await p.destroy();
  };
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const step of i % 2 ? [runPiscina, runOurs] : [runOurs, runPiscina]) {
      await step();
      await settle();
    }
  }
  return { ours, piscina, coldStartCounted: counted };
}

/** Mean time per call over sequential calls, best-of-rounds median. */
async function perCall(call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 1000; i++) await call();
  const t = performance.now();
  for (let i = 0; i < WARM_CALLS; i++) await call();
  return ((performance.now() - t) * 1000) / WARM_CALLS;
}

/**
 * The least an actor in the call path can cost: a two-state machine holding one
 * link to the same kind of thread, with a timer in each state, as the worker
 * machine has. Bench-only, for scale.
 */
function floorMachine(thread: { run(v: unknown): Promise<unknown> }) {
  type Reply = { type: 'DONE'; id: number; output: unknown };
  const machine = setup({
    types: {} as { context: { last: { id: number; value: unknown } | null; calls: number }; events: { type: 'INVOKE'; id: number; value: unknown } | Reply },
    actors: {
      link: fromCallback<{ type: 'RUN'; id: number; value: unknown }, void, Reply>(({ sendBack, receive }) => {
        receive((job) => void thread.run(job.value).then((output) => sendBack({ type: 'DONE', id: job.id, output })));
      }),
    },
    delays: { callTimeout: 60_000, idleTimeout: 300_000 },
  }).createMachine({
    id: 'floor',
    context: { last: null, calls: 0 },
    invoke: { src: 'link', id: 'link' },
    initial: 'idle',
    states: {
      idle: {
        after: { idleTimeout: 'idle' },
        on: { INVOKE: { target: 'busy', actions: sendTo('link', ({ event }) => ({ type: 'RUN' as const, id: (event as { id: number }).id, value: (event as { value: unknown }).value })) } },
      },
      busy: {
        after: { callTimeout: 'idle' },
        on: { DONE: { target: 'idle', actions: assign(({ context, event }) => ({ last: { id: event.id, value: event.output }, calls: context.calls + 1 })) } },
      },
    },
  });
  const actor = createActor(machine).start();
  let waiting: { id: number; resolve(v: unknown): void } | null = null;
  actor.subscribe((s) => {
    if (waiting && s.context.last?.id === waiting.id) {
      const w = waiting;
      waiting = null;
      w.resolve(s.context.last.value);
    }
  });
  let n = 0;
  return {
    run: (value: unknown) => new Promise<unknown>((resolve) => {
      waiting = { id: ++n, resolve };
      actor.send({ type: 'INVOKE', id: n, value });
    }),
    stop: () => actor.stop(),
  };
}

async function warmDispatch(d: Dist) {
  const s = system(d, { echo });
  const thread = await d.thread.HandlerThread.start({ handler: 'echo', module: echo, memoryMb: 64 });
  await thread.ready;
  const p = new Piscina({ filename: echo, minThreads: 1, maxThreads: 1, execArgv: [...d.thread.THREAD_EXEC_ARGV] });
  const floorThread = await d.thread.HandlerThread.start({ handler: 'echo', module: echo, memoryMb: 64 });
  await floorThread.ready;
  const floor = floorMachine(floorThread);
  const ours: number[] = [];
  const bare: number[] = [];
  const pisc: number[] = [];
  const least: number[] = [];
  // Interleaved rounds, so drift on a shared machine hits all alike.
  for (let r = 0; r < ROUNDS; r++) {
    ours.push(await perCall(() => s.workers.run('echo', input)));
    bare.push(await perCall(() => thread.run(input)));
    pisc.push(await perCall(() => p.run(input)));
    least.push(await perCall(() => floor.run(input)));
  }
  floor.stop();
  await floorThread.terminate();
  const warm = s.status().workers.echo!;
  s.stop();
  await thread.terminate();
  await p.destroy();
  return { ours: percentile(ours, 50), bare: percentile(bare, 50), piscina: percentile(pisc, 50), least: percentile(least, 50), statusWarmP50Ms: warm.latencyMs.warm.p50, statusWarmP95Ms: warm.latencyMs.warm.p95 };
}

/** A heavy DOCEO day sent to a thread as a string (copied) or as UTF-8 bytes (moved). */
async function bigDocument(d: Dist) {
  const xml = syntheticDay(100, 700);
  const thread = await d.thread.HandlerThread.start({ handler: 'length', module: length, memoryMb: 256 });
  await thread.ready;
  const copy: number[] = [];
  const move: number[] = [];
  for (let i = 0; i < 10; i++) {
    let t = performance.now();
    await thread.run(xml);
    copy.push(performance.now() - t);
    t = performance.now();
    const bytes = new TextEncoder().encode(xml);
    await thread.run(bytes, [bytes.buffer]);
    move.push(performance.now() - t);
  }
  await thread.terminate();
  return { megabytes: round(xml.length / 2 ** 20, 1), copyP50Ms: round(percentile(copy, 50), 2), transferP50Ms: round(percentile(move, 50), 2) };
}

export async function run() {
  const d = await fromDist();
  const cold = await coldStarts(d);
  const warm = await warmDispatch(d);
  const doc = await bigDocument(d);
  const coldStartP50Ms = percentile(cold.ours, 50);
  // A whole warm invocation, worker machine included, against piscina's dispatch.
  const warmOverheadRatio = warm.ours / warm.piscina;
  return {
    coldStartP50Ms: round(coldStartP50Ms, 1),
    coldStartP95Ms: round(percentile(cold.ours, 95), 1),
    piscinaColdStartP50Ms: round(percentile(cold.piscina, 50), 1),
    warmDispatchUs: round(warm.ours, 1),
    piscinaWarmDispatchUs: round(warm.piscina, 1),
    warmOverheadRatio: round(warmOverheadRatio, 2),
    threadDispatchUs: round(warm.bare, 1),
    threadOverheadRatio: round(warm.bare / warm.piscina, 2),
    floorMachineDispatchUs: round(warm.least, 1),
    floorMachineRatio: round(warm.least / warm.piscina, 2),
    statusWarmP50Ms: warm.statusWarmP50Ms,
    statusWarmP95Ms: warm.statusWarmP95Ms,
    bigDocumentMegabytes: doc.megabytes,
    bigDocumentCopyP50Ms: doc.copyP50Ms,
    bigDocumentTransferP50Ms: doc.transferP50Ms,
    coldRuns: COLD_RUNS,
    coldStartsCounted: cold.coldStartCounted,
    warmCallsEach: WARM_CALLS * ROUNDS,
    goal: 'coldStartP50Ms <= 50, warmOverheadRatio <= 1.2',
    met: coldStartP50Ms <= 50 && warmOverheadRatio <= 1.2,
  };
}
