import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeUpstream } from '../fake-upstream/server.ts';
import { startFakeUpstream } from '../fake-upstream/server.ts';
import { call, FAST, readJson, text } from './harness.ts';

/** Sittings whose roll calls only DOCEO has yet: the tool parses DOCEO files in the doceo thread. */
const LATE = { mepId: '1294', dateFrom: '2025-07-07', dateTo: '2025-07-10' };

async function serverWith(fake: FakeUpstream, module: string | null, doceo: object = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', 'test/support/thread-server.ts'],
    env: {
      ...(process.env as Record<string, string>),
      EP_API_URL: fake.baseUrl,
      EP_DOCEO_URL: fake.doceoUrl,
      ...(module ? { DOCEO_THREAD_MODULE: module } : {}),
      EUROPARL_MCP_CONFIG: JSON.stringify({ ...FAST, workers: { handlers: { doceo } } }),
      EUROPARL_MCP_LOG_LEVEL: 'warn',
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d) => (stderr += d));
  const client = new Client({ name: 'e2e-threads', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

describe('thread failures end to end over stdio', () => {
  let fake: FakeUpstream;
  beforeAll(async () => {
    fake = await startFakeUpstream();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('DOCEO files are parsed, and report analyses computed, in handler threads', async () => {
    const s = await serverWith(fake, null);
    try {
      const late = await call(s.client, 'analyze_voting_patterns', LATE);
      expect(late.isError, text(late)).toBeFalsy();
      const result = late.structuredContent as { rollCallVotes: number; warnings: string[] };
      expect(result.rollCallVotes).toBeGreaterThan(0);
      expect(result.warnings.join(' ')).toMatch(/read from DOCEO roll-call files/);
      const report = await call(s.client, 'generate_report', { reportType: 'VOTING_STATISTICS', subjectId: 'MTG-PL-2024-04-24' });
      expect(report.isError, text(report)).toBeFalsy();
      const { workers } = await readJson(s.client, 'system://status');
      expect(workers.doceo.coldStarts).toBeGreaterThan(0);
      expect(workers.analytics.invocations).toBeGreaterThan(0);
      expect(workers.analytics.threadsLost).toBe(0);
    } finally {
      await s.client.close();
    }
  });

  it('a runaway handler: the call fails with a clear timeout, its thread is terminated, the server keeps serving', async () => {
    const s = await serverWith(fake, 'runaway', { timeoutMs: 400 });
    try {
      const started = Date.now();
      const r = await call(s.client, 'analyze_voting_patterns', LATE);
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/handler 'doceo' ran past its 400 ms limit; its thread was terminated/);
      expect(Date.now() - started).toBeLessThan(10_000);
      // The server still answers, on other handlers and on this one.
      const meps = await call(s.client, 'get_meps', { limit: 3 });
      expect(meps.isError, text(meps)).toBeFalsy();
      const again = await call(s.client, 'analyze_voting_patterns', LATE);
      expect(text(again)).toMatch(/ran past its 400 ms limit/);
      // Each late sitting's file ran on its own instance; every one that timed out was terminated.
      const status = await readJson(s.client, 'system://status');
      const doceo = status.workers.doceo;
      expect(doceo.limits.timeoutMs).toBe(400);
      expect(doceo.timeouts).toBeGreaterThanOrEqual(2);
      expect(doceo.instances.terminated).toBeGreaterThanOrEqual(2);
      expect(doceo.coldStarts).toBeGreaterThanOrEqual(doceo.timeouts);
      expect(status.workers.meps.latencyMs.cold.count).toBeGreaterThan(0);
    } finally {
      await s.client.close();
    }
  });

  it('a handler past its heap limit: the call fails clearly, the server keeps serving', async () => {
    const s = await serverWith(fake, 'hog', { memoryMb: 32 });
    try {
      const r = await call(s.client, 'analyze_voting_patterns', LATE);
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/handler 'doceo' ran out of memory \(limit 32 MB\); its thread was ended/);
      const meps = await call(s.client, 'get_meps', { limit: 3 });
      expect(meps.isError, text(meps)).toBeFalsy();
      const status = await readJson(s.client, 'system://status');
      expect(status.workers.doceo.threadsLost).toBeGreaterThanOrEqual(1);
      expect(status.workers.doceo.instances.terminated).toBe(status.workers.doceo.threadsLost);
      expect(s.stderr()).toMatch(/a handler thread ended unexpectedly/);
    } finally {
      await s.client.close();
    }
  });
});
