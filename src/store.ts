import { mkdirSync } from 'node:fs';
import { homedir, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import type { Logger } from 'pino';
import type { KeyValueStore } from './environment.ts';

export interface OpenStore {
  store: KeyValueStore;
  description: string;
  /** SQLite's journal mode as it answered (`wal` for a file). */
  journalMode?: string;
  /** Deletes expired rows; @keyv/sqlite never does. Returns how many went. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

/** The per-user cache directory, as each platform names it. */
export function defaultStorePath(): string {
  const home = homedir();
  const base =
    process.env.XDG_CACHE_HOME ??
    (platform() === 'darwin' ? join(home, 'Library', 'Caches') : platform() === 'win32' ? (process.env.LOCALAPPDATA ?? join(home, 'AppData', 'Local')) : join(home, '.cache'));
  return join(base, 'europarl-mcp', 'store.sqlite');
}

/** Opens the L2 store: `sqlite://<file>` (default), `sqlite://:memory:`, or `memory`. */
export async function openStore(uri: string | undefined, logger: Logger): Promise<OpenStore> {
  const target = uri ?? `sqlite://${defaultStorePath()}`;
  if (target === 'memory') {
    const keyv = new Keyv();
    return { store: keyv, description: 'memory', sweep: async () => 0, close: async () => keyv.disconnect() };
  }
  if (!target.startsWith('sqlite://')) {
    throw new Error(`unsupported store '${target}': use sqlite://<file>, sqlite://:memory: or memory`);
  }
  const file = target.slice('sqlite://'.length);
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const adapter = new KeyvSqlite({ uri: target, busyTimeout: 5000 });
  // Without WAL, each write waits for a full sync: about 400 writes/s instead of tens of thousands.
  const [mode] = (await adapter.query('PRAGMA journal_mode=WAL')) as Array<{ journal_mode: string }>;
  await adapter.query('PRAGMA synchronous=NORMAL');
  const keyv = new Keyv({ store: adapter, namespace: 'europarl' });
  keyv.on('error', (err: unknown) => logger.warn({ err }, 'store error'));
  return {
    store: keyv,
    description: `sqlite ${file}`,
    ...(mode ? { journalMode: mode.journal_mode } : {}),
    async sweep() {
      const rows = await adapter.query(
        `DELETE FROM ${adapter.opts.table} WHERE json_valid(value) AND json_extract(value, '$.expires') IS NOT NULL AND json_extract(value, '$.expires') < ? RETURNING key`,
        Date.now(),
      );
      return Array.isArray(rows) ? rows.length : 0;
    },
    close: async () => adapter.disconnect(),
  };
}
