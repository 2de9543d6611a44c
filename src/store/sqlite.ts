import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { CODEC_MARK, storeCodec } from './codec.ts';
import type { Logger } from 'pino';
import type { KeyValueStore } from '../environment.ts';

/** SQLite says the file is no database, or a damaged one. */
const isCorrupt = (err: unknown) => /SQLITE_(NOTADB|CORRUPT)/.test(String((err as { code?: string })?.code ?? err));

/**
 * A SQLite file behind keyv, reopened after a fault. @keyv/sqlite keeps its
 * first connection for good (a failed open stays failed), so recovery means a
 * new adapter. A file that is no database at open is moved aside, once, and a
 * new one started: it holds a cache and session state, nothing that cannot be
 * rebuilt, and the moved file is kept for inspection.
 */
export class SqliteBackend {
  private adapter: KeyvSqlite | undefined;
  private keyv: Keyv | undefined;
  journalMode: string | undefined;
  quarantined: string | undefined;

  constructor(readonly file: string, private readonly logger: Logger, private readonly busyTimeoutMs: number) {}

  get description() {
    return `sqlite ${this.file}`;
  }

  get table() {
    return this.adapter?.opts.table ?? 'keyv';
  }

  current(): KeyValueStore {
    if (!this.keyv) throw new Error(`the SQLite store ${this.file} is not open`);
    return this.keyv;
  }

  private opening: Promise<void> | undefined;

  /** One open at a time: a probe may come while a slow open (a locked file) still waits. */
  open(): Promise<void> {
    return (this.opening ??= this.openOnce().finally(() => (this.opening = undefined)));
  }

  private async openOnce(): Promise<void> {
    try {
      await this.connect();
    } catch (err) {
      if (!isCorrupt(err) || this.file === ':memory:' || this.quarantined) throw err;
      const aside = `${this.file}.corrupt-${Date.now()}`;
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(this.file + suffix)) renameSync(this.file + suffix, aside + suffix);
      }
      this.quarantined = aside;
      this.logger.error({ file: this.file, movedTo: aside, err: String(err) }, 'the SQLite store is not a readable database: moved it aside and started a new one');
      await this.connect();
    }
  }

  private async connect(): Promise<void> {
    await this.drop();
    if (this.file !== ':memory:') mkdirSync(dirname(resolve(this.file)), { recursive: true });
    const adapter = new KeyvSqlite({ uri: `sqlite://${this.file}`, busyTimeout: this.busyTimeoutMs });
    const keyv = new Keyv({ store: adapter, namespace: 'europarl', throwOnErrors: true, ...storeCodec });
    keyv.on('error', (err: unknown) => this.logger.debug({ err }, 'sqlite store error'));
    this.adapter = adapter;
    try {
      // Without WAL, each write waits for a full sync: about 400 writes/s instead of tens of thousands.
      const [mode] = (await adapter.query('PRAGMA journal_mode=WAL')) as Array<{ journal_mode: string }>;
      await adapter.query('PRAGMA synchronous=NORMAL');
      // Reads a page of the schema: a file that is no database fails here, not on first use.
      await adapter.query('SELECT count(*) FROM sqlite_master');
      this.journalMode = mode?.journal_mode;
      this.keyv = keyv;
    } catch (err) {
      await this.drop();
      throw err;
    }
  }

  /** Opens again if the last open failed, then writes and reads a row. */
  async probe(): Promise<void> {
    if (!this.keyv) await this.open();
    const at = Date.now();
    await this.keyv!.set('store:probe', at, 60_000);
    await this.keyv!.get('store:probe');
  }

  async sweep(): Promise<number> {
    if (!this.adapter || !this.keyv) return 0;
    // Rows are JSON behind the codec's mark (src/store/codec.ts), or plain JSON from before it.
    const json = `(CASE WHEN substr(value, 1, ${CODEC_MARK.length}) = '${CODEC_MARK}' THEN substr(value, ${CODEC_MARK.length + 1}) ELSE value END)`;
    const rows = await this.adapter.query(
      `DELETE FROM ${this.adapter.opts.table} WHERE json_valid(${json}) AND json_extract(${json}, '$.expires') IS NOT NULL AND json_extract(${json}, '$.expires') < ? RETURNING key`,
      Date.now(),
    );
    return Array.isArray(rows) ? rows.length : 0;
  }

  private async drop(): Promise<void> {
    const a = this.adapter;
    this.adapter = undefined;
    this.keyv = undefined;
    if (a) await a.disconnect().catch(() => undefined);
  }

  close(): Promise<void> {
    return this.drop();
  }
}
