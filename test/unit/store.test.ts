import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import { openStore } from '../../src/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'europarl-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('L2 store', () => {
  it('runs SQLite in WAL mode, keeps data across reopen, and sweeps expired rows', async () => {
    const uri = `sqlite://${join(dir, 'l2.sqlite')}`;
    const a = await openStore(uri, pino({ level: 'silent' }));
    expect(a.journalMode).toBe('wal');
    await a.store.set('keep', { v: 1 }, 60_000);
    await a.store.set('gone', { v: 2 }, 1);
    await new Promise((r) => setTimeout(r, 10));
    expect(await a.sweep()).toBe(1);
    await a.close();
    const b = await openStore(uri, pino({ level: 'silent' }));
    expect(await b.store.get('keep')).toEqual({ v: 1 });
    expect(await b.store.get('gone')).toBeUndefined();
    await b.close();
  });

  it('reads and sweeps rows written before the native codec, in Keyv\'s own format', async () => {
    const uri = `sqlite://${join(dir, 'old.sqlite')}`;
    const older = new Keyv({ store: new KeyvSqlite({ uri }), namespace: 'europarl' });
    await older.set('old-keep', { label: ':colon', v: 1 }, 60_000);
    await older.set('old-gone', { v: 2 }, 1);
    await older.disconnect();
    await new Promise((r) => setTimeout(r, 10));
    const s = await openStore(uri, pino({ level: 'silent' }));
    await s.store.set('new-gone', { v: 3 }, 1);
    await new Promise((r) => setTimeout(r, 10));
    expect(await s.sweep()).toBe(2);
    expect(await s.store.get('old-keep')).toEqual({ label: ':colon', v: 1 });
    await s.close();
  });

  it('refuses a store it does not know, naming the forms it accepts', async () => {
    await expect(openStore('postgres://x', pino({ level: 'silent' }))).rejects.toThrow(/sqlite:\/\/<file>/);
  });
});
