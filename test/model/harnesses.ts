import { expect } from 'vitest';
import type { AnyActorRef, EventObject, StateValue } from 'xstate';
import type { MachineKey } from '../../machines/index.ts';
import { UpstreamError } from '../../src/errors.ts';
import { loadConfig, type ConfigInput } from '../../src/config.ts';
import { createSystem, type SystemOptions } from '../../src/system.ts';
import { bucketKey } from '../../src/rate-limit.ts';
import { LocalShared } from '../../src/store/shared.ts';
import { epTools } from '../../src/tools/index.ts';
import { sourceLoader } from '../../actors/pipeline.ts';
import { inlineRunner, setAnalyticsRunner, type AnalyticsRunner } from '../../src/analytics/index.ts';
import { epHandlers } from '../../src/handlers/index.ts';
import { httpUpstream } from '../../src/upstream-http.ts';
import { sharedFake } from './shared-fake.ts';
import { digest, testEnvironment } from '../support/env.ts';
import type { HandlerRegistry } from '../../src/tools.ts';
import type { Mode } from '../support/threads/scripted.ts';
import { echoSourceKey, echoTool, faultyHandlers, itemsHandler, testHandlers, testTools } from '../support/tools.ts';
import type { ClaimOutput, EntryData } from '../../machines/cache-entry-distributed.ts';
import { recordOf } from '../../src/l2/record.ts';
import { l2Input } from './models.ts';
import type { Path } from './paths.ts';
import { Replay } from './replay.ts';

const types = (path: Path) => path.steps.map((s) => s.event);
const has = (path: Path, type: string) => types(path).some((e) => e.type === type);
const outputs = (path: Path, id: string) =>
  types(path)
    .filter((e) => e.type === `xstate.done.actor.${id}` || e.type === `xstate.error.actor.${id}`)
    .map((e) => e as EventObject & { output?: unknown; error?: { transient?: boolean; status?: number } });

/**
 * One scripted reply per call the path makes to an invoke: each time the path
 * enters `state`, the next step is that invoke's outcome, or null when the
 * call was abandoned (cancelled) before it answered.
 */
function callsOf(path: Path, state: string, id: string, isReply: (type: string) => boolean = (t) => t === `xstate.done.actor.${id}` || t === `xstate.error.actor.${id}`) {
  const steps = path.steps;
  const out: Array<(EventObject & { output?: unknown; error?: { transient?: boolean } }) | null> = [];
  for (let i = 0; i < steps.length; i++) {
    const here = steps[i]!.state.matches(state as never);
    const before = i > 0 && steps[i - 1]!.state.matches(state as never) && !isReply(steps[i]!.event.type);
    if (!here || before) continue;
    const next = steps[i + 1]?.event;
    out.push(next && isReply(next.type) ? (next as never) : null);
  }
  return out;
}

const isThreadReply = (type: string) => type === 'THREAD_DONE' || type === 'THREAD_FAILED';

/** Scripted replies, consumed in order; the script comes from the path being replayed. */
class Script<T> {
  private i = 0;
  constructor(private readonly items: T[]) {}
  next(): T | undefined {
    return this.items[this.i++];
  }
}

function world(path: Path, match: (ref: AnyActorRef) => boolean, config: ConfigInput = {}, upstream?: Parameters<typeof testEnvironment>[0], code: Pick<SystemOptions, 'tools' | 'handlers'> = {}) {
  const replay = new Replay(path, match);
  const t = testEnvironment(upstream);
  const shared = new LocalShared(() => t.clock.now());
  const system = createSystem({
    env: { ...t.env, shared },
    config: loadConfig({ system: { shards: 2 }, ...config }),
    tools: code.tools ?? testTools,
    handlers: code.handlers ?? { ...testHandlers, ...faultyHandlers },
    inspect: replay.inspect,
  });
  return { replay, system, shared, ...t };
}

function breaker(path: Path) {
  const w = world(path, (r) => r.id === 'breaker:meps');
  const ref = w.system.breakers.ref('meps');
  w.replay.harness = {
    clock: w.clock,
    send: (e) => ref.send(e as never),
    // While open, a call fails fast and the upstream function is never reached.
    async check(value) {
      if (value !== 'open') return;
      let reached = false;
      await expect(w.system.breakers.call('meps', async () => (reached = true))).rejects.toMatchObject({ code: 'circuit_open' });
      expect(reached).toBe(false);
    },
    stop: () => w.system.stop(),
  };
  return w.replay;
}

function session(path: Path) {
  const w = world(path, (r) => r.id === 'session:alice');
  w.keyState.records = [{ principal: 'alice', hash: digest('good-key'), roles: ['reader'] }];
  const ev = types(path);
  const ref = w.system.sessions.ensure('alice');
  w.replay.harness = {
    clock: w.clock,
    send(e, i) {
      if (e.type === 'CREDENTIALS') {
        // The next step says how the verifier answers: pick the key or the fault that gives it.
        const next = ev.slice(i + 1).find((x) => x.type.endsWith('actor.verify'));
        w.keyState.fail = next?.type === 'xstate.error.actor.verify';
        const valid = (next as { output?: { valid?: boolean } } | undefined)?.output?.valid === true;
        ref.send({ ...(e as never as object), type: 'CREDENTIALS', credential: valid ? 'good-key' : 'wrong-key' } as never);
        return;
      }
      ref.send(e as never);
    },
    async check(value, step) {
      const next = ev[step];
      if (next?.type === 'xstate.after.tokenRefreshDue.session.sessionActive') {
        // A refresh fails only when the principal has lost its key meanwhile.
        const outcome = ev.slice(step + 1).find((x) => x.type.endsWith('actor.refresh'));
        w.keyState.records = outcome?.type === 'xstate.error.actor.refresh' ? [] : [{ principal: 'alice', hash: digest('good-key'), roles: ['reader'] }];
      }
      if (value !== 'locked') return;
      // Locked: even the correct key is refused, and never reaches the verifier.
      const before = w.keyState.calls;
      w.keyState.fail = false;
      const answer = await w.system.sessions.authenticate('alice', 'good-key');
      expect(answer).toMatchObject({ ok: false, reason: 'locked' });
      expect(w.keyState.calls).toBe(before);
    },
    stop: () => w.system.stop(),
  };
  return w.replay;
}

function connection(path: Path) {
  const w = world(path, (r) => r.id === 'connection:c1');
  const ref = w.system.populations.connections.ensure('connection:c1', () => ({
    connectionId: 'c1',
    transport: 'stdio',
    ...w.system.config.connection,
    now: w.clock.now(),
  }));
  w.replay.harness = { clock: w.clock, send: (e) => ref.send(e as never), stop: () => w.system.stop() };
  return w.replay;
}

/** Upstream replies for a script of outcomes: data, or a permanent (404) or transient (503) failure. */
function scriptedUpstream(script: Script<'ok' | 'garbage' | 404 | 503>) {
  return async () => {
    const next = script.next() ?? 'ok';
    if (next === 'ok') return { id: 1, label: 'item' };
    if (next === 'garbage') return 'garbage';
    throw new UpstreamError(`${next} from the EP API`, { code: `http_${next}`, transient: next === 503, status: next });
  };
}

function cacheEntry(path: Path) {
  // Each population or refresh either succeeds, or fails with nothing stored to fall back on.
  const steps = types(path).filter((e) => /actor\.(populate|refresh)$/.test(e.type));
  const upstream = new Script(steps.map((e) => (e.type.startsWith('xstate.done') ? ('ok' as const) : (404 as const))));
  const key = echoSourceKey('1');
  const w = world(path, (r) => r.id === `cache:${key}`, {}, scriptedUpstream(upstream));
  const failures = new Script(steps.map((e) => e.type.startsWith('xstate.error')));
  const realGet = w.store.get.bind(w.store);
  w.store.get = async (key: string) => (key.startsWith('data:') && failures.next() ? undefined : realGet(key));
  const ref = w.system.l1.ensure(key, 'mep', sourceLoader(w.system.deps, echoTool.sources({ id: '1' })[0]!));
  w.replay.harness = { clock: w.clock, send: (e) => ref.send(e as never), stop: () => w.system.stop() };
  return w.replay;
}

/**
 * A handler that also runs work in a thread (test/support/threads/scripted.ts):
 * each thread call does what the path's next outcome of the `thread` invoke
 * needs: answer, throw, end its thread, or loop until cancelled or timed out.
 */
function threadedHandlers(path: Path): HandlerRegistry {
  const modes = new Script(
    callsOf(path, 'executing.threadCall', 'threadLink', isThreadReply).map((e): Mode =>
      e === null ? 'loop' : e.type === 'THREAD_DONE' ? 'ok' : (e.error as { code?: string }).code === 'thread_crashed' ? 'exit' : 'throw',
    ),
  );
  const module = new URL('../support/threads/scripted.ts', import.meta.url).href;
  return {
    threaded: async () => ({ upstream: itemsHandler.upstream, thread: { module, input: () => ({ value: { mode: modes.next() ?? 'ok' } }) } }),
    // Cold starts of a threaded handler failing in their second and third phase.
    threadMalformed: async () => ({ thread: { module: 'not a module URL' } }),
    threadInitFails: async () => ({ thread: { module: new URL('../support/threads/bad-init.ts', import.meta.url).href } }),
  };
}

function worker(path: Path) {
  const threaded = types(path).some((e) => e.type === 'xstate.done.actor.load' && (e as { output?: { threaded?: boolean } }).output?.threaded);
  const handler = has(path, 'xstate.error.actor.load')
    ? 'broken'
    : has(path, 'xstate.error.actor.runtime')
      ? threaded ? 'threadMalformed' : 'malformed'
      : has(path, 'xstate.error.actor.init')
        ? threaded ? 'threadInitFails' : 'initFails'
        : threaded ? 'threaded' : 'meps';
  const upstream = new Script(
    callsOf(path, 'executing.apiCall', 'upstream').map((e) =>
      e?.type.startsWith('xstate.error') ? (e.error?.transient ? (503 as const) : (404 as const)) : ('ok' as const),
    ),
  );
  // The breaker must not open mid-path: its own paths are replayed separately.
  const w = world(path, (r) => r.id === 'worker:w1', { breaker: { failureThreshold: 10_000 } }, scriptedUpstream(upstream), {
    handlers: { ...testHandlers, ...faultyHandlers, ...threadedHandlers(path) },
  });
  const lookups = new Script(callsOf(path, 'executing.dynamoDBCall', 'lookup'));
  const stores = new Script(callsOf(path, 'executing.updateCache', 'store'));
  // Only the data rows are scripted; the L2 tier's own rows (schedule, markers) use the store as it is.
  const realGet = w.store.get.bind(w.store);
  const realSet = w.store.set.bind(w.store);
  w.store.get = async (key: string) => {
    if (!key.startsWith('data:')) return realGet(key);
    const e = lookups.next();
    if (e === null) return undefined;
    if (!e || e.type.startsWith('xstate.error')) throw new Error('store unavailable');
    const copy = e.output as { value: unknown; fresh: boolean } | null;
    if (!copy) return undefined;
    const ttlMs = w.system.config.cache.ttlMs.mep;
    return { value: copy.value, fetchedAt: copy.fresh ? w.clock.now() : w.clock.now() - ttlMs - 1, ttlMs };
  };
  w.store.set = async (key: string, value: unknown) => {
    if (!key.startsWith('data:')) return realSet(key, value);
    const e = stores.next();
    if (e === null) return true;
    if (!e || e.type.startsWith('xstate.error')) throw new Error('store unavailable');
    return true;
  };
  const c = w.system.config;
  const ref = w.system.populations.workers.ensure('worker:w1', () => ({
    handler,
    instanceId: 'w1',
    ...c.worker,
    threadTimeoutMs: c.workers.timeoutMs,
    maxAttempts: c.retry.maxAttempts,
    baseDelayMs: c.retry.baseDelayMs,
    maxDelayMs: c.retry.maxDelayMs,
    now: w.clock.now(),
  }));
  // The instance's thread link answers its thread calls: those steps come from the scripted thread.
  w.replay.harness = { clock: w.clock, send: (e) => ref.send(e as never), outcome: isThreadReply, stop: () => w.system.stop() };
  return w.replay;
}

function pipeline(path: Path) {
  const validate = outputs(path, 'validate')[0];
  const fetch = outputs(path, 'fetch')[0];
  const transform = outputs(path, 'transform')[0];
  const stream = outputs(path, 'stream')[0];
  const role = (validate?.output as { requiredRole?: string } | undefined)?.requiredRole;
  const large = ((transform?.output as { bytes?: number } | undefined)?.bytes ?? 0) > 64;
  const tool = role === 'admin' ? 'admin_item' : 'echo_item';
  const args = validate?.type.startsWith('xstate.error') ? { id: 'x' } : { id: '1', ...(large ? { size: 100 } : {}) };
  const fetchStale = (fetch?.output as { source?: string } | undefined)?.source === 'stale';
  const fetchFails = fetch?.type.startsWith('xstate.error') === true;
  const garbage = transform?.type.startsWith('xstate.error') === true;
  const upstream = new Script([fetchStale || fetchFails ? (404 as const) : garbage ? ('garbage' as const) : ('ok' as const)]);
  const w = world(path, (r) => r.id.startsWith('request:'), { requests: { streamThresholdBytes: 64 } }, scriptedUpstream(upstream));
  const staleGarbage = outputs(path, 'transformStale').some((e) => e.type.startsWith('xstate.error'));
  if (fetchStale) {
    w.store.data.set(echoSourceKey('1'), { value: staleGarbage ? 'garbage' : { id: 0, label: 'old' }, fetchedAt: -1 - w.system.config.cache.ttlMs.mep, ttlMs: w.system.config.cache.ttlMs.mep });
  }
  if (outputs(path, 'admit').some((e) => (e.output as { admitted?: boolean }).admitted === false)) {
    const { capacity, refillPerSecond } = w.system.config.rateLimit;
    while (w.shared.takeTokenNow(bucketKey('local'), capacity, refillPerSecond, w.clock.now()).admitted);
  }
  if (outputs(path, 'l1').some((e) => (e.output as { hit?: boolean }).hit)) {
    w.system.l1.fill(`result:${tool}:${echoTool.resultKey(args as never)}`, 'mep', { cached: true }, 16);
  }
  // A request can wait for a slot only while every slot is taken.
  if (path.steps.some((st, i) => st.state.matches('queued') && path.steps[i + 1]?.event.type === 'CANCEL')) {
    while (w.system.limits.slots.tryAcquire());
  }
  const cancel = new AbortController();
  w.replay.harness = {
    clock: w.clock,
    send: (e) => {
      if (e.type === 'CANCEL') cancel.abort();
    },
    stop: () => w.system.stop(),
  };
  const answer = w.system.requests.run({
    tool,
    args,
    principal: 'local',
    roles: ['reader'],
    signal: cancel.signal,
    onProgress: (_done, _total, message) => {
      if (stream?.type.startsWith('xstate.error') && message.startsWith('preparing part')) throw new Error('client went away');
    },
  });
  return Object.assign(w.replay, { answer });
}

/**
 * What each call of an invoke did in the path, in order: its outcome, or
 * 'none' when the state was left first (cancelled, timed out).
 */
function attemptsOf(path: Path, state: object, id: string): Array<'done' | 'transient' | 'permanent' | 'none'> {
  const steps = path.steps;
  const out: Array<'done' | 'transient' | 'permanent' | 'none'> = [];
  for (let i = 0; i < steps.length; i++) {
    const entered = steps[i]!.state.matches(state as never) && !(i > 0 && steps[i - 1]!.state.matches(state as never) && !steps[i]!.event.type.includes(`actor.${id}`));
    if (!entered) continue;
    let outcome: (typeof out)[number] = 'none';
    for (let j = i + 1; j < steps.length; j++) {
      const e = steps[j]!.event as EventObject & { error?: { transient?: boolean } };
      if (e.type === `xstate.done.actor.${id}`) outcome = 'done';
      else if (e.type === `xstate.error.actor.${id}`) outcome = e.error?.transient ? 'transient' : 'permanent';
      else if (steps[j]!.state.matches(state as never)) continue;
      break;
    }
    out.push(outcome);
  }
  return out;
}

/** A promise that settles only when the caller gives up. */
const hang = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));

const ANALYTIC_OF: Record<string, string> = { votingPatterns: 'votingPatterns', coalitionDynamics: 'coalitions', politicalNetwork: 'network' };

/**
 * The analytics runtime, scripted: each analysis answers (or fails, as a
 * crashed worker thread would) in the order the path gives.
 */
function scriptedAnalytics(path: Path): { runner: AnalyticsRunner; restore: () => void } {
  const order = types(path)
    .map((e) => /^xstate\.(done|error)\.actor\.(votingPatterns|coalitions|network)$/.exec(e.type))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ id: m[2]!, ok: m[1] === 'done' }));
  const pending = new Map<string, () => void>();
  let pumping = false;
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    while (order[0] && pending.has(order[0].id)) {
      const next = order.shift()!;
      pending.get(next.id)!();
      pending.delete(next.id);
      // Let the workflow take this outcome before the next one settles.
      await new Promise((r) => setImmediate(r));
    }
    pumping = false;
  };
  const runner: AnalyticsRunner = (name, input) =>
    new Promise((resolve, reject) => {
      const id = ANALYTIC_OF[name]!;
      const ok = order.find((o) => o.id === id)?.ok ?? true;
      pending.set(id, () => (ok ? inlineRunner(name, input).then(resolve, reject) : reject(new Error('the analytics worker crashed'))));
      void pump();
    });
  const previous = setAnalyticsRunner(runner);
  return { runner, restore: () => void setAnalyticsRunner(previous) };
}

/**
 * A report for MEP 1294 in 2024 against the fake EP upstream over HTTP (real
 * data, so the analyses have roll calls to work on). Each fetch step's main
 * source answers as the path says, attempt by attempt; a step left by a
 * timeout or a cancel waits on an upstream that never answers.
 */
function report(path: Path) {
  const invalid = outputs(path, 'validate').some((e) => e.type.startsWith('xstate.error'));
  const main: Array<[RegExp, string, object]> = [
    [/^meps\/1294$/, 'mep', { running: { steps: 'fetchMEPData' } }],
    [/^meetings$/, 'voting', { running: { steps: 'fetchVotingData' } }],
    [/^parliamentary-questions$/, 'documents', { running: { steps: 'fetchDocuments' } }],
  ];
  const scripts = new Map(main.map(([, id, state]) => [id, new Script(attemptsOf(path, state, id))]));
  const upstream: Parameters<typeof testEnvironment>[0] = async (req, signal) => {
    const http = httpUpstream((await sharedFake()).baseUrl, (await sharedFake()).doceoUrl);
    const step = main.find(([re]) => re.test(req.path));
    const outcome = step ? scripts.get(step[1])!.next() ?? 'done' : 'done';
    if (outcome === 'transient') throw new UpstreamError('the EP API answered 503', { code: 'http_503', transient: true, status: 503 });
    if (outcome === 'permanent') throw new UpstreamError('the EP API answered 400', { code: 'http_400', transient: false, status: 400 });
    if (outcome === 'none') return hang(signal);
    return http(req, signal);
  };
  // One attempt per worker call and no upstream timeout or freeze before the report's own deadline:
  // the workflow's retries and deadline are what is replayed here.
  const w = world(path, (r) => r.id === 'report:r1', {
    retry: { maxAttempts: 1 },
    breaker: { failureThreshold: 10_000 },
    upstream: { timeoutMs: 3_600_000 },
    worker: { freezeAfterMs: 3_600_000 },
  }, upstream, { tools: epTools, handlers: epHandlers });
  const stores = new Script(attemptsOf(path, { running: { steps: 'uploadToS3' } }, 'store'));
  const realSet = w.store.set.bind(w.store);
  w.store.set = async (key: string, value: unknown) => {
    if (!key.startsWith('report:')) return realSet(key, value);
    const outcome = stores.next();
    if (outcome === 'none') return new Promise<never>(() => {});
    if (outcome !== 'done') throw new Error('store unavailable');
    return realSet(key, value);
  };
  const analytics = scriptedAnalytics(path);
  const cancel = new AbortController();
  const progress: string[] = [];
  w.replay.harness = {
    clock: w.clock,
    send: (e) => {
      if (e.type === 'CANCEL') cancel.abort();
      else w.system.populations.reports.get('report:r1')?.send(e as never);
    },
    stop: () => {
      analytics.restore();
      w.system.stop();
    },
  };
  const answer = w.system.reports.run({
    requestId: 'r1',
    args: invalid ? { reportType: 'MEP_ACTIVITY', subjectId: 'nobody', year: 2024 } : { reportType: 'MEP_ACTIVITY', subjectId: '1294', year: 2024 },
    signal: cancel.signal,
    progress: (_done, _total, message) => progress.push(message),
  });
  return Object.assign(w.replay, { answer, progress, store: w.store });
}

type Step = (EventObject & { output?: unknown; error?: { transient?: boolean } }) | null;

/**
 * One L2 entry's lifecycle, with its row in a store scripted from the path.
 * Each run of an invoked actor makes its first store call at once, in the
 * state that invoked it: that call takes the run's scripted outcome (null when
 * the run was abandoned). The upstream answers each refresh as scripted.
 */
function cacheEntryDistributed(path: Path) {
  const key = l2Input.key;
  const fetches = outputs(path, 'fetch').map((e) => (e.type.startsWith('xstate.done') ? ('ok' as const) : e.error?.transient ? (503 as const) : (404 as const)));
  const w = world(
    path,
    (r) => r.id === `l2:${key}`,
    {
      // The breaker must not open mid-path; entries stay live for the whole path (passivation has its own tests).
      breaker: { failureThreshold: 10_000 },
      cache: { staleWindowMs: l2Input.staleWindowMs },
      l2: { idleMs: 24 * 60 * 60 * 1000, refresh: { leadFraction: l2Input.refreshLeadFraction, maxAttempts: l2Input.maxAttempts } },
    },
    scriptedUpstream(new Script(fetches)),
  );
  const runs = {
    write: new Script<Step>(callsOf(path, 'writing', 'write')),
    claim: new Script<Step>(callsOf(path, 'backgroundRefresh.claiming', 'claim')),
    save: new Script<Step>(callsOf(path, 'backgroundRefresh.refreshSuccess', 'save')),
    saveFailure: new Script<Step>(callsOf(path, 'backgroundRefresh.refreshFailed', 'saveFailure')),
    delete: new Script<Step>(callsOf(path, 'deleting', 'delete')),
  };
  let failureRun: Step | undefined;
  let checking = false;
  const real = { get: w.store.get.bind(w.store), set: w.store.set.bind(w.store), delete: w.store.delete.bind(w.store) };
  const state = () => w.system.l2.live(key)?.getSnapshot();
  const failed = (run: Step | undefined) => run?.type.startsWith('xstate.error') === true;
  w.store.get = async (k: string) => {
    const s = state();
    if (k !== key || checking || !s) return real.get(k);
    if (s.matches({ backgroundRefresh: 'refreshFailed' })) failureRun = runs.saveFailure.next();
    if (!s.matches({ backgroundRefresh: 'claiming' })) return real.get(k);
    const run = runs.claim.next();
    if (failed(run)) throw new Error('store unavailable');
    const out = run?.output as ClaimOutput | undefined;
    if (out?.outcome === 'gone') return undefined;
    if (out?.outcome === 'newer') return recordOf(out.entry as EntryData, 'fresh', null);
    if (out?.outcome === 'busy') return { ...((await real.get(k)) as object), lease: { owner: 'another process', until: out.retryAt } };
    return real.get(k);
  };
  w.store.set = async (k: string, value: unknown, ttlMs?: number) => {
    const s = state();
    if (k !== key || !s) return real.set(k, value);
    const run = s.matches('writing') ? runs.write.next() : s.matches({ backgroundRefresh: 'refreshSuccess' }) ? runs.save.next() : s.matches({ backgroundRefresh: 'refreshFailed' }) ? failureRun : null;
    if (failed(run)) throw new Error('store unavailable');
    void ttlMs;
    return real.set(k, value);
  };
  w.store.delete = async (k: string) => {
    const s = state();
    if (k === key && s?.matches('deleting') && failed(runs.delete.next())) throw new Error('store unavailable');
    return real.delete(k);
  };
  void w.system.l2.activate(key, null);
  w.replay.harness = {
    clock: w.clock,
    send: (e) => w.system.l2.live(key)?.send(e as never),
    // At rest, a reader is told the truth about the data's age, and the actor stays as it was.
    async check(value) {
      if (value !== 'fresh' && value !== 'stale') return;
      const ref = w.system.l2.live(key);
      checking = true;
      try {
        const copy = await w.system.l2.read(key);
        expect(copy?.fresh).toBe(value === 'fresh');
      } finally {
        checking = false;
      }
      expect(w.system.l2.live(key)).toBe(ref);
    },
    stop: () => w.system.stop(),
  };
  return w.replay;
}

export const harnesses: Record<MachineKey, (path: Path) => Replay> = {
  'circuit-breaker': breaker,
  session,
  connection,
  'cache-entry': cacheEntry,
  worker,
  'request-pipeline': pipeline,
  'report-workflow': report,
  'cache-entry-distributed': cacheEntryDistributed,
};

export type { StateValue };
