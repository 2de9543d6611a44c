import { expect } from 'vitest';
import type { AnyActorRef, EventObject, StateValue } from 'xstate';
import type { MachineKey } from '../../machines/index.ts';
import { UpstreamError } from '../../src/errors.ts';
import { loadConfig, type ConfigInput } from '../../src/config.ts';
import { createSystem } from '../../src/system.ts';
import { bucketKey } from '../../src/rate-limit.ts';
import { LocalShared } from '../../src/store/shared.ts';
import { sourceLoader } from '../../actors/pipeline.ts';
import { digest, testEnvironment } from '../support/env.ts';
import { echoSourceKey, echoTool, faultyHandlers, testHandlers, testTools } from '../support/tools.ts';
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
function callsOf(path: Path, state: string, id: string) {
  const steps = path.steps;
  const out: Array<(EventObject & { output?: unknown; error?: { transient?: boolean } }) | null> = [];
  for (let i = 0; i < steps.length; i++) {
    const here = steps[i]!.state.matches(state as never);
    const before = i > 0 && steps[i - 1]!.state.matches(state as never) && !steps[i]!.event.type.includes(`actor.${id}`);
    if (!here || before) continue;
    const next = steps[i + 1]?.event;
    out.push(next && (next.type === `xstate.done.actor.${id}` || next.type === `xstate.error.actor.${id}`) ? (next as never) : null);
  }
  return out;
}

/** Scripted replies, consumed in order; the script comes from the path being replayed. */
class Script<T> {
  private i = 0;
  constructor(private readonly items: T[]) {}
  next(): T | undefined {
    return this.items[this.i++];
  }
}

function world(path: Path, match: (ref: AnyActorRef) => boolean, config: ConfigInput = {}, upstream?: Parameters<typeof testEnvironment>[0]) {
  const replay = new Replay(path, match);
  const t = testEnvironment(upstream);
  const shared = new LocalShared(() => t.clock.now());
  const system = createSystem({
    env: { ...t.env, shared },
    config: loadConfig({ system: { shards: 2 }, ...config }),
    tools: testTools,
    handlers: { ...testHandlers, ...faultyHandlers },
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

function worker(path: Path) {
  const handler = has(path, 'xstate.error.actor.load') ? 'broken' : has(path, 'xstate.error.actor.runtime') ? 'malformed' : has(path, 'xstate.error.actor.init') ? 'initFails' : 'meps';
  const upstream = new Script(
    callsOf(path, 'executing.apiCall', 'upstream').map((e) =>
      e?.type.startsWith('xstate.error') ? (e.error?.transient ? (503 as const) : (404 as const)) : ('ok' as const),
    ),
  );
  // The breaker must not open mid-path: its own paths are replayed separately.
  const w = world(path, (r) => r.id === 'worker:w1', { breaker: { failureThreshold: 10_000 } }, scriptedUpstream(upstream));
  const lookups = new Script(callsOf(path, 'executing.dynamoDBCall', 'lookup'));
  const stores = new Script(callsOf(path, 'executing.updateCache', 'store'));
  w.store.get = async () => {
    const e = lookups.next();
    if (e === null) return undefined;
    if (!e || e.type.startsWith('xstate.error')) throw new Error('store unavailable');
    const copy = e.output as { value: unknown; fresh: boolean } | null;
    if (!copy) return undefined;
    const ttlMs = w.system.config.cache.ttlMs.mep;
    return { value: copy.value, fetchedAt: copy.fresh ? w.clock.now() : w.clock.now() - ttlMs - 1, ttlMs };
  };
  w.store.set = async () => {
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
    maxAttempts: c.retry.maxAttempts,
    baseDelayMs: c.retry.baseDelayMs,
    maxDelayMs: c.retry.maxDelayMs,
    now: w.clock.now(),
  }));
  w.replay.harness = { clock: w.clock, send: (e) => ref.send(e as never), stop: () => w.system.stop() };
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

export const harnesses: Record<MachineKey, (path: Path) => Replay> = {
  'circuit-breaker': breaker,
  session,
  connection,
  'cache-entry': cacheEntry,
  worker,
  'request-pipeline': pipeline,
};

export type { StateValue };
