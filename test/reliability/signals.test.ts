import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyFrom } from '../../src/audit/key.ts';
import { verifyAudit } from '../../src/audit/verify.ts';
import { tempDir } from '../e2e/harness.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server.ts';
import { FIXTURE } from '../fake-upstream/fixtures.ts';
import { bootHttp, createKey, httpClient, initialize } from './http-server.ts';
import { RawServer } from './raw-server.ts';

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(async () => {
  await fake.close();
});

describe('SIGTERM', () => {
  it('lets in-flight requests complete before the process exits', async () => {
    const server = RawServer.start(fake);
    await server.initialize();
    fake.faults.set({ latencyMs: 1500 });
    try {
      await server.send({ jsonrpc: '2.0', id: 'slow', method: 'tools/call', params: { name: 'get_mep_details', arguments: { id: '124936' } } });
      await new Promise((r) => setTimeout(r, 300));
      const exit = server.kill('SIGTERM');
      const answer = await server.response('slow', 10_000);
      expect((answer.result as { isError?: boolean }).isError).toBeFalsy();
      expect(await exit).toBe(0);
      // The answer was written before the exit, not cut off.
      expect(server.lines.at(-1) === '' || server.messages().at(-1)?.id === 'slow').toBe(true);
    } finally {
      fake.faults.clear();
    }
  }, 20_000);
});

describe('SIGTERM over HTTP', () => {
  it('answers the calls in flight, then exits', async () => {
    const d = tempDir();
    const key = createKey(join(d.dir, 'keys.json'), 'ann', 'reader');
    try {
      const server = await bootHttp(fake, { dir: d.dir, store: 'memory' });
      const client = await httpClient(server.url, key);
      fake.faults.set({ latencyMs: 1500 });
      const calls = ['124936', '257118', '256810'].map((id) => client.callTool({ name: 'get_mep_details', arguments: { id } }));
      await new Promise((r) => setTimeout(r, 300));
      const exit = server.stop('SIGTERM');
      const answers = (await Promise.all(calls)) as Array<{ isError?: boolean; structuredContent?: { id?: string } }>;
      expect(answers.map((a) => a.structuredContent?.id)).toEqual(['124936', '257118', '256810']);
      expect((await exit).code).toBe(0);
    } finally {
      fake.faults.clear();
      d.cleanup();
    }
  }, 20_000);
});

describe('SIGKILL during heavy writes, then restart', () => {
  it('keeps the SQLite file intact, the audit chain verifiable and lockouts in force', async () => {
    const d = tempDir();
    const store = `sqlite://${join(d.dir, 'store.sqlite')}`;
    const keyFile = join(d.dir, 'keys.json');
    const root = createKey(keyFile, 'root', 'admin');
    const mallory = createKey(keyFile, 'mallory', 'reader');
    try {
      const a = await bootHttp(fake, { dir: d.dir, store });
      for (let i = 0; i < 5; i++) await initialize(a.url, mallory.slice(0, -4) + 'ZZZZ');
      expect((await initialize(a.url, mallory)).status).toBe(401);

      // 16 clients writing L2 entries and audit lines as fast as they can, then the kill.
      const ids = [...Object.values(FIXTURE.meps), FIXTURE.groupSwitcher, FIXTURE.outgoingMep, FIXTURE.incomingMep, ...FIXTURE.homonyms];
      let calls = 0;
      let stop = false;
      const workers = Array.from({ length: 16 }, async (_, w) => {
        const client = await httpClient(a.url, root, `writer-${w}`);
        for (let i = w; !stop; i += 16) {
          const args = i % 2 ? { id: ids[i % ids.length]! } : { limit: 5, offset: i % 200 };
          await client.callTool({ name: i % 2 ? 'get_mep_details' : 'get_meps', arguments: args }, undefined, { timeout: 5000 }).then(() => calls++, () => undefined);
        }
      });
      // Kill once the writes are well under way, however loaded the machine is.
      for (let waited = 0; calls < 40 && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      const killed = await a.stop('SIGKILL');
      stop = true;
      // Calls cut off by the kill fail or time out; none may hang the test.
      await Promise.race([Promise.allSettled(workers), new Promise((r) => setTimeout(r, 8000))]);
      expect(killed.signal).toBe('SIGKILL');
      expect(calls).toBeGreaterThan(20);

      // The SQLite file opens and checks clean.
      const db = new KeyvSqlite({ uri: store });
      const [check] = (await db.query('PRAGMA integrity_check')) as Array<{ integrity_check: string }>;
      await db.disconnect();
      expect(check?.integrity_check).toBe('ok');

      // Every complete audit line verifies; at most the line being written is torn.
      const key = keyFrom(readFileSync(join(d.dir, 'audit.key'), 'utf8'));
      const before = verifyAudit(readFileSync(join(d.dir, 'audit.jsonl'), 'utf8'), key);
      if (!before.ok) expect(before.problem).toBe('truncated');
      expect(before.entries).toBeGreaterThan(calls);

      // After a restart the lockout holds, the chain goes on, and the data is still there.
      const b = await bootHttp(fake, { dir: d.dir, store });
      const refused = await initialize(b.url, mallory);
      expect(refused.status).toBe(401);
      expect(await refused.text()).toMatch(/locked/);
      const upstreamBefore = fake.counts().total;
      const client = await httpClient(b.url, root);
      const again = (await client.callTool({ name: 'get_mep_details', arguments: { id: ids[1]! } })) as { _meta?: { cache?: { status?: string } } };
      expect(again._meta?.cache?.status).toBe('hit');
      expect(fake.counts().total).toBe(upstreamBefore);
      await client.close();
      expect((await b.stop('SIGTERM')).code).toBe(0);
      const after = verifyAudit(readFileSync(join(d.dir, 'audit.jsonl'), 'utf8'), key);
      expect(after).toMatchObject({ ok: true });
      expect(after.entries).toBeGreaterThan(before.entries);
    } finally {
      d.cleanup();
    }
  }, 90_000);
});
