import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server.ts';
import { redisMissing, startRedis } from '../support/redis.ts';
import { lockSqlite } from '../support/sqlite-locker.ts';
import { ENTRY, tempDir } from './harness.ts';
import { connect, createKey, eventually, startInstance } from './http-instance.ts';

/** Short store timings so outages and reconnects play out in a test's time. */
const config = { store: { timeoutMs: 300, retryMs: 200 } };

async function status(client: Client) {
  const r = await client.readResource({ uri: 'system://status' });
  return JSON.parse((r.contents[0] as { text: string }).text) as { store: { kind: string; state: string; outages: number; degradedOps: number; quarantined?: string } };
}

const mep = (client: Client, id: string) => client.callTool({ name: 'get_mep_details', arguments: { id } });

function auditOf(file: string) {
  const entries = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; state?: string; tool?: string });
  const verify = spawnSync(process.execPath, [ENTRY, 'audit', 'verify', file], { encoding: 'utf8' });
  return { entries, verified: verify.status === 0, output: verify.stdout + verify.stderr };
}

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(async () => {
  await fake?.close();
});

describe.skipIf(redisMissing)('Redis killed and restarted mid-run', () => {
  it('keeps answering from L1 and the upstream, says so, reconnects, and loses no audit entry', async () => {
    const dir = tempDir();
    const redis = await startRedis();
    const key = createKey(dir.dir, 'ops', 'reader');
    const server = await startInstance({ store: redis.url, dir: dir.dir, fake, config, audit: 'audit.jsonl' });
    try {
      const c = await connect(server.url, key);
      expect((await mep(c, '1294')).isError).toBeFalsy();
      expect((await status(c)).store).toMatchObject({ kind: 'redis', state: 'up', outages: 0 });

      await redis.kill();
      // Fresh from L1, and new data from the upstream, while the store is gone.
      expect((await mep(c, '1294')).isError).toBeFalsy();
      const calls = fake.counts().total;
      const fresh = await mep(c, '840');
      expect(fresh.isError).toBeFalsy();
      expect(fake.counts().total).toBeGreaterThan(calls);
      const down = await eventually(() => status(c), (s) => s.store.state === 'down');
      expect(down.store.state).toBe('down');
      // A loaded machine can see a slow answer as a short extra outage; at least this one counts.
      expect(down.store.outages).toBeGreaterThanOrEqual(1);
      expect(down.store.degradedOps).toBeGreaterThan(0);
      expect(server.stderr()).toMatch(/store unavailable/);

      await redis.restart();
      const back = await eventually(() => status(c), (s) => s.store.state === 'up', 15_000);
      expect(back.store.state).toBe('up');
      expect(server.stderr()).toMatch(/store reconnected/);
      // Writes reach Redis again: a new fill is stored there.
      expect((await mep(c, '257118')).isError).toBeFalsy();
      await c.close();
      expect(server.child.exitCode).toBeNull();
    } finally {
      await server.stop();
      await redis.stop();
    }
    const audit = auditOf(join(dir.dir, 'audit.jsonl'));
    expect(audit.verified, audit.output).toBe(true);
    // Down first, up last, alternating: each outage and each recovery recorded once.
    const moves = audit.entries.filter((e) => e.type === 'store').map((e) => e.state);
    expect(moves[0]).toBe('down');
    expect(moves.at(-1)).toBe('up');
    moves.forEach((m, i) => expect(m).toBe(i % 2 ? 'up' : 'down'));
    expect(audit.entries.filter((e) => e.type === 'tool_call').length).toBe(4);
    dir.cleanup();
  }, 60_000);

  it('starts while Redis is down and picks it up when it comes', async () => {
    const dir = tempDir();
    const redis = await startRedis();
    await redis.kill();
    const key = createKey(dir.dir, 'ops', 'reader');
    const server = await startInstance({ store: redis.url, dir: dir.dir, fake, config });
    try {
      const c = await connect(server.url, key);
      expect((await mep(c, '1294')).isError).toBeFalsy();
      expect((await status(c)).store.state).toBe('down');
      await redis.restart();
      expect((await eventually(() => status(c), (s) => s.store.state === 'up', 15_000)).store.state).toBe('up');
      await c.close();
    } finally {
      await server.stop();
      await redis.stop();
      dir.cleanup();
    }
  }, 60_000);
});

describe('SQLite store faults', () => {
  it('a store file locked by another process: answers on, reports it, recovers when the lock goes', async () => {
    const dir = tempDir();
    const file = join(dir.dir, 'store.sqlite');
    const key = createKey(dir.dir, 'ops', 'reader');
    const server = await startInstance({ store: `sqlite://${file}`, dir: dir.dir, fake, config, audit: 'audit.jsonl' });
    try {
      const c = await connect(server.url, key);
      expect((await mep(c, '1294')).isError).toBeFalsy();
      const lock = await lockSqlite(file);
      // A new fill cannot be written to L2: the answer comes all the same.
      expect((await mep(c, '840')).isError).toBeFalsy();
      const down = await eventually(() => status(c), (s) => s.store.state === 'down');
      expect(down.store).toMatchObject({ kind: 'sqlite', state: 'down' });
      expect((await mep(c, '257118')).isError).toBeFalsy();
      await lock.release();
      expect((await eventually(() => status(c), (s) => s.store.state === 'up', 15_000)).store.state).toBe('up');
      await c.close();
      expect(server.child.exitCode).toBeNull();
    } finally {
      await server.stop();
    }
    const audit = auditOf(join(dir.dir, 'audit.jsonl'));
    expect(audit.verified, audit.output).toBe(true);
    // Down first, up last, alternating: each outage and each recovery recorded once.
    const moves = audit.entries.filter((e) => e.type === 'store').map((e) => e.state);
    expect(moves[0]).toBe('down');
    expect(moves.at(-1)).toBe('up');
    moves.forEach((m, i) => expect(m).toBe(i % 2 ? 'up' : 'down'));
    expect(audit.entries.filter((e) => e.type === 'tool_call').length).toBe(3);
    dir.cleanup();
  }, 60_000);

  it('a corrupt store file at start is moved aside, a new one started, and the server answers', async () => {
    const dir = tempDir();
    const file = join(dir.dir, 'store.sqlite');
    writeFileSync(file, 'this is not a SQLite database '.repeat(200));
    const key = createKey(dir.dir, 'ops', 'reader');
    const server = await startInstance({ store: `sqlite://${file}`, dir: dir.dir, fake, config });
    try {
      const c = await connect(server.url, key);
      expect((await mep(c, '1294')).isError).toBeFalsy();
      const s = (await status(c)).store;
      expect(s).toMatchObject({ kind: 'sqlite', state: 'up' });
      expect(s.quarantined).toMatch(/store\.sqlite\.corrupt-\d+$/);
      expect(readFileSync(s.quarantined!, 'utf8')).toMatch(/^this is not a SQLite database/);
      expect(readdirSync(dir.dir).filter((f) => f.startsWith('store.sqlite.corrupt-'))).toHaveLength(1);
      expect(server.stderr()).toMatch(/moved it aside/);
      await c.close();
    } finally {
      await server.stop();
    }
    expect(existsSync(file)).toBe(true);
    dir.cleanup();
  }, 60_000);
});
