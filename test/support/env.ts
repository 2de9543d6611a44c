import { createHash } from 'node:crypto';
import pino from 'pino';
import type { Environment, KeyRecord, KeyValueStore, UpstreamFetch, UpstreamRequest } from '../../src/environment.ts';
import { TestClock } from './clock.ts';

/** An in-memory keyv-like store that can be told to fail. */
export class MemoryStore implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  failGets = false;
  failSets = false;
  gets = 0;
  async get(key: string) {
    this.gets++;
    if (this.failGets) throw new Error('store unavailable');
    return this.data.get(key);
  }
  async set(key: string, value: unknown) {
    if (this.failSets) throw new Error('store unavailable');
    this.data.set(key, value);
    return true;
  }
  async delete(key: string) {
    return this.data.delete(key);
  }
}

/** The stored form of a generated key (see src/keys/hash.ts). */
export const digest = (key: string) => `sha256:${createHash('sha256').update(key).digest('hex')}`;

/** A replaceable outside world: simulated clock, scripted upstream, memory store, key ring. */
export function testEnvironment(upstream: UpstreamFetch = async () => ({})) {
  const clock = new TestClock();
  const store = new MemoryStore();
  const keyState = { records: [] as KeyRecord[], fail: false, calls: 0 };
  const calls: UpstreamRequest[] = [];
  const env: Environment = {
    clock,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }, pino.destination(2)),
    store,
    upstream: (req, signal) => {
      calls.push(req);
      return upstream(req, signal);
    },
    keys: async () => {
      keyState.calls++;
      if (keyState.fail) throw new Error('key store unavailable');
      return keyState.records;
    },
  };
  return { env, clock, store, keyState, calls };
}
