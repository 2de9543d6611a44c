import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { call, ENTRY, FAST, readJson, startServer, tempDir, text, withFake } from './harness.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hits = (fake: { counts(): { byPath: Record<string, number> } }, path: string) => fake.counts().byPath[path] ?? 0;

describe('resilience over stdio', () => {
  it('sends progress notifications while a slow upstream answers', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake);
      fake.faults.set({ latencyMs: 1500 }, { path: '/api/v2/meps/1294' });
      const progress: string[] = [];
      const r = await call(s.client, 'get_mep_details', { id: '1294' }, { onprogress: (p) => progress.push(p.message ?? '') });
      expect(r.isError).toBeFalsy();
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress.some((m) => /still working/.test(m))).toBe(true);
      await s.close();
    });
  }, 30_000);

  it('cancels a hanging call, and keeps serving', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake);
      fake.faults.set({ hang: true }, { path: '/api/v2/meps/1294' });
      const abort = new AbortController();
      const t0 = Date.now();
      setTimeout(() => abort.abort(), 300);
      await expect(call(s.client, 'get_mep_details', { id: '1294' }, { signal: abort.signal })).rejects.toThrow();
      expect(Date.now() - t0).toBeLessThan(2000);
      const ok = await call(s.client, 'get_mep_details', { id: '197435' });
      expect(ok.isError).toBeFalsy();
      await sleep(100);
      const status = await readJson(s.client, 'system://status');
      expect(status.requests.inFlight).toBe(0);
      await s.close();
    });
  }, 30_000);

  it('opens the breaker after repeated failures, fails fast, probes once, and closes', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake);
      const logs: Array<{ level: string; data: any }> = [];
      s.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => void logs.push(n.params as never));
      fake.faults.set({ outage: '503' }, { path: /^\/api\/v2\/meps\// });
      // Each call makes up to 3 attempts: two calls pass the threshold of 5 failures.
      for (const id of ['1294', '197435']) expect((await call(s.client, 'get_mep_details', { id })).isError).toBe(true);
      let health = (await call(s.client, 'get_server_health')).structuredContent as any;
      expect(health.breakers.meps.state).toBe('open');
      expect(health.status).toBe('degraded');
      // The client is told through MCP logging, once it is initialized.
      expect(logs.some((l) => l.level === 'warning' && l.data.family === 'meps' && l.data.state === 'open')).toBe(true);

      const before = fake.counts().total;
      const t0 = performance.now();
      const fast = await call(s.client, 'get_mep_details', { id: '257118' });
      expect(fast.isError).toBe(true);
      expect(text(fast)).toMatch(/circuit open/);
      expect(text(fast)).toMatch(/next probe/);
      expect(fake.counts().total).toBe(before); // failed fast: nothing reached the upstream
      expect(performance.now() - t0).toBeLessThan(500);

      // Half-open with the outage still on: exactly one probe goes through, fails, and reopens.
      await sleep(FAST.breaker.openMs + 100);
      const probeCount = fake.counts().total;
      expect((await call(s.client, 'get_mep_details', { id: '257118' })).isError).toBe(true);
      expect(fake.counts().total - probeCount).toBe(1);
      health = (await call(s.client, 'get_server_health')).structuredContent as any;
      expect(health.breakers.meps.state).toBe('open');

      // The upstream recovers: the next probe succeeds and closes the breaker.
      fake.faults.clear();
      await sleep(FAST.breaker.openMs + 100);
      expect((await call(s.client, 'get_mep_details', { id: '257118' })).isError).toBeFalsy();
      health = (await call(s.client, 'get_server_health')).structuredContent as any;
      expect(health.breakers.meps.state).toBe('closed');
      await s.close();
    });
  }, 30_000);

  it('serves stale data with a warning when the upstream is down', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake, { config: { ...FAST, cache: { ttlMs: { mep: 300 } } } });
      const fresh = await call(s.client, 'get_mep_details', { id: '1294' });
      expect(fresh.isError).toBeFalsy();
      // The EP API goes down before the row's background refresh (due at 270 ms), so the data goes stale.
      fake.faults.set({ outage: '503' }, { path: /^\/api\/v2\/meps\// });
      await sleep(400);
      const stale = await call(s.client, 'get_mep_details', { id: '1294' });
      expect(stale.isError, text(stale)).toBeFalsy();
      expect(stale._meta?.degraded).toBe(true);
      expect(stale._meta?.cache.status).toBe('stale');
      expect(text(stale)).toMatch(/Warning: the EP API is unavailable/);
      expect((stale.structuredContent as any).name).toBe('Elio DI RUPO');
      await s.close();
    });
  }, 30_000);

  it('coalesces 100 concurrent identical misses into one upstream call', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake);
      fake.faults.set({ latencyMs: 300 }, { path: '/api/v2/meps/257118' });
      const all = await Promise.all(Array.from({ length: 100 }, () => call(s.client, 'get_mep_details', { id: '257118' })));
      expect(all.every((r) => !r.isError)).toBe(true);
      expect(hits(fake, '/api/v2/meps/257118')).toBe(1);
      await s.close();
    });
  }, 30_000);

  it('keeps L2 across a restart: the first call after it is a hit', async () => {
    const { dir, cleanup } = tempDir();
    try {
      await withFake(async (fake) => {
        const store = `sqlite://${dir}/l2.sqlite`;
        const a = await startServer(fake, { store });
        expect((await call(a.client, 'get_mep_details', { id: '1294' }))._meta?.cache.status).toBe('miss');
        await a.close();
        const calls = hits(fake, '/api/v2/meps/1294');
        const b = await startServer(fake, { store });
        const again = await call(b.client, 'get_mep_details', { id: '1294' });
        expect(again._meta?.cache.status).toBe('hit');
        expect(hits(fake, '/api/v2/meps/1294')).toBe(calls);
        await b.close();
      });
    } finally {
      cleanup();
    }
  }, 30_000);

  it('retries transient faults (truncated JSON, error-in-body, 429 with Retry-After)', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake);
      fake.faults.set({ truncated: true, times: 1 }, { path: '/api/v2/meps/1294' });
      fake.faults.set({ errorInBody: true, times: 1 }, { path: '/api/v2/meps/197435' });
      fake.faults.set({ status: 429, retryAfterSeconds: 1, times: 1 }, { path: '/api/v2/meps/257118' });
      for (const id of ['1294', '197435', '257118']) {
        const r = await call(s.client, 'get_mep_details', { id });
        expect(r.isError, text(r)).toBeFalsy();
        expect(hits(fake, `/api/v2/meps/${id}`)).toBe(2);
      }
      // A permanent failure is not retried.
      const missing = await call(s.client, 'get_mep_details', { id: '7654321' });
      expect(missing.isError).toBe(true);
      expect(hits(fake, '/api/v2/meps/7654321')).toBe(1);
      await s.close();
    });
  }, 30_000);
});

describe('waits it will not make a caller sit through', () => {
  it('a Retry-After longer than the retry cap is not waited for: the caller gets a clear error at once', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake);
      fake.faults.set({ status: 429, retryAfterSeconds: 30 }, { path: '/api/v2/meps/1294' });
      const t0 = performance.now();
      const r = await call(s.client, 'get_mep_details', { id: '1294' });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/429/);
      expect(performance.now() - t0).toBeLessThan(2000);
      expect(hits(fake, '/api/v2/meps/1294')).toBe(1);
      await s.close();
    });
  }, 30_000);
});

describe('an outside client', () => {
  const run = promisify(execFile);
  it('the MCP inspector CLI lists the tools and calls one', async () => {
    await withFake(async (fake) => {
      const env = { ...process.env, EP_API_URL: fake.baseUrl };
      const inspector = 'node_modules/@modelcontextprotocol/inspector/cli/build/cli.js';
      const list = await run(process.execPath, [inspector, '--cli', process.execPath, ENTRY, '--store', 'memory', '--method', 'tools/list'], { env, timeout: 60_000 });
      expect(JSON.parse(list.stdout).tools.map((t: { name: string }) => t.name)).toContain('get_mep_details');
      const called = await run(process.execPath, [inspector, '--cli', process.execPath, ENTRY, '--store', 'memory', '--method', 'tools/call', '--tool-name', 'get_mep_details', '--tool-arg', 'id=1294'], { env, timeout: 60_000 });
      expect(JSON.parse(called.stdout).structuredContent.name).toBe('Elio DI RUPO');
    });
  }, 90_000);
});
