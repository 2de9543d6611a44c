import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import Keyv from 'keyv';
import { storeCodec } from './store/codec.ts';
import type { Logger } from 'pino';
import type { KeyValueStore } from './environment.ts';
import { FailoverShared, GuardedStore } from './store/failover.ts';
import { StoreHealth, withTimeout, type StoreStatus } from './store/health.ts';
import { LocalShared, type SharedState } from './store/shared.ts';
import { SqliteBackend } from './store/sqlite.ts';

export interface OpenStore {
  store: KeyValueStore;
  /** Counters, buckets, windows and notices: in this process, or in Redis for many instances. */
  shared: SharedState;
  health: StoreHealth;
  description: string;
  /** SQLite's journal mode as it answered (`wal` for a file). */
  journalMode?: string;
  /** Deletes expired rows; @keyv/sqlite never does. Returns how many went. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Longest wait for one store operation before it counts as a fault. */
  timeoutMs?: number;
  /** How often a store that is down is tried again. */
  retryMs?: number;
}

export type { StoreStatus };

/** The per-user cache directory, as each platform names it. */
export function defaultStorePath(): string {
  const home = homedir();
  const base =
    process.env.XDG_CACHE_HOME ??
    (platform() === 'darwin' ? join(home, 'Library', 'Caches') : platform() === 'win32' ? (process.env.LOCALAPPDATA ?? join(home, 'AppData', 'Local')) : join(home, '.cache'));
  return join(base, 'europarl-mcp', 'store.sqlite');
}

/**
 * Opens the store: `sqlite://<file>` (default), `sqlite://:memory:`, `memory`,
 * or `redis://[:password@]host:port[/db]` (also `rediss://`) for many instances
 * sharing one. A store that cannot be reached at start does not stop the
 * server: it runs without it and reconnects (see StoreHealth).
 */
export async function openStore(uri: string | undefined, logger: Logger, options: StoreOptions = {}): Promise<OpenStore> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const retryMs = options.retryMs ?? 2000;
  const target = uri ?? `sqlite://${defaultStorePath()}`;
  if (target === 'memory') {
    const keyv = new Keyv({ ...storeCodec });
    const health = new StoreHealth('memory', 'memory', logger, async () => {}, retryMs);
    return { store: keyv, shared: new LocalShared(), health, description: 'memory', sweep: async () => 0, close: async () => keyv.disconnect() };
  }
  if (target.startsWith('redis://') || target.startsWith('rediss://')) {
    // Loaded only here: a single instance on SQLite never pays for the Redis client at start.
    const { RedisBackend } = await import('./store/redis.ts');
    const backend = new RedisBackend(target, logger, { timeoutMs, retryMs });
    const health = new StoreHealth('redis', backend.description, logger, () => backend.probe(), retryMs);
    backend.watch(health);
    try {
      await backend.connect();
    } catch (err) {
      health.fail(err);
    }
    return {
      store: new GuardedStore(() => backend.store, health, timeoutMs),
      shared: new FailoverShared(backend.shared, health, timeoutMs),
      health,
      description: backend.description,
      // Redis expires keys by itself.
      sweep: async () => 0,
      close: async () => {
        health.close();
        await backend.close();
      },
    };
  }
  if (!target.startsWith('sqlite://')) {
    throw new Error(`unsupported store '${target}': use sqlite://<file>, sqlite://:memory:, memory, or redis://host:port`);
  }
  const backend = new SqliteBackend(target.slice('sqlite://'.length), logger, timeoutMs);
  const health = new StoreHealth('sqlite', backend.description, logger, () => backend.probe(), retryMs);
  try {
    await withTimeout(backend.open(), timeoutMs + 500, 'the open');
  } catch (err) {
    health.fail(err);
  }
  if (backend.quarantined) health.noteQuarantined(backend.quarantined);
  return {
    store: new GuardedStore(() => backend.current(), health, timeoutMs),
    shared: new LocalShared(),
    health,
    description: backend.description,
    get journalMode() {
      return backend.journalMode;
    },
    sweep: () => (health.up ? backend.sweep() : Promise.resolve(0)),
    close: async () => {
      health.close();
      await backend.close();
    },
  };
}
