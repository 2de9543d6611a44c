import pino from 'pino';
import { loadConfig, type ConfigInput } from '../../src/config.ts';
import type { UpstreamFetch } from '../../src/environment.ts';
import { createSystem } from '../../src/system.ts';
import type { TestClock } from './clock.ts';
import { testEnvironment, type MemoryStore } from './env.ts';
import { echoSourceKey, testHandlers, testTools } from './tools.ts';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** Short lifetimes: a 10 min TTL (refresh due at 9 min), a 1 h stale window, 1 s of idle before an entry actor stops. */
export const L2_CONFIG = {
  system: { shards: 2 },
  cache: { ttlMs: { mep: 10 * MINUTE }, staleWindowMs: HOUR },
  l2: { idleMs: SECOND, refresh: { jitterMs: 0 } },
} satisfies ConfigInput;

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const x = out[k];
    out[k] = x && v && typeof x === 'object' && typeof v === 'object' && !Array.isArray(v) ? merge(x as never, v as never) : v;
  }
  return out;
}

export interface Shared { clock: TestClock; store: MemoryStore }

/** A full system over a memory store and a simulated clock; `shared` puts a second process on the same store and clock. */
export function l2World(opts: { config?: ConfigInput; upstream?: UpstreamFetch; shared?: Shared } = {}) {
  let n = 0;
  const t = testEnvironment(opts.upstream ?? (async (req) => ({ path: req.path, version: ++n })));
  const clock = opts.shared?.clock ?? t.clock;
  const store = opts.shared?.store ?? t.store;
  const system = createSystem({
    env: { ...t.env, clock, store, logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }) },
    config: loadConfig(merge(L2_CONFIG, (opts.config ?? {}) as Record<string, unknown>)),
    tools: testTools,
    handlers: testHandlers,
  });
  const call = (id: string) => system.requests.run({ tool: 'echo_item', args: { id }, principal: 'p', roles: ['reader'] });
  return { system, clock, store, calls: t.calls, call, key: echoSourceKey, shared: { clock, store } satisfies Shared };
}

export const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

/** Runs the simulated clock to `t`, firing each timer due on the way at its own time and letting the work it starts finish. */
export async function runUntil(clock: TestClock, t: number): Promise<void> {
  for (let i = 0; ; i++) {
    if (i > 100_000) throw new Error(`timers keep firing at ${clock.now()}`);
    await settle();
    const due = clock.nextDue();
    if (due === null || due > t) break;
    clock.set(Math.max(due, clock.now()));
  }
  if (clock.now() < t) clock.set(t);
  await settle();
}
