import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
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

  it('refuses a store it does not know, naming the forms it accepts', async () => {
    await expect(openStore('postgres://x', pino({ level: 'silent' }))).rejects.toThrow(/sqlite:\/\/<file>/);
  });
});
