import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server.ts';

export const ENTRY = 'bin/europarl-mcp.js';

/** Short timings so breaker, retry and stale paths play out in a test's time. */
export const FAST = { breaker: { openMs: 600 }, retry: { baseDelayMs: 10, maxDelayMs: 1500 }, upstream: { timeoutMs: 3000 } };

export interface Running {
  client: Client;
  stderr(): string;
  close(): Promise<void>;
}

/** The built server over stdio, pointed at the fake upstream. */
export async function startServer(fake: FakeUpstream, opts: { store?: string; config?: object } = {}): Promise<Running> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [ENTRY, '--store', opts.store ?? 'memory'],
    env: {
      ...(process.env as Record<string, string>),
      EP_API_URL: fake.baseUrl,
      EP_DOCEO_URL: fake.doceoUrl,
      EUROPARL_MCP_CONFIG: JSON.stringify(opts.config ?? FAST),
      EUROPARL_MCP_LOG_LEVEL: 'debug',
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d) => (stderr += d));
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

export async function call(client: Client, name: string, args: Record<string, unknown> = {}, options?: Parameters<Client['callTool']>[2]) {
  return (await client.callTool({ name, arguments: args }, undefined, options)) as CallToolResult & { _meta?: Record<string, any> };
}

export const text = (r: CallToolResult) => (r.content[0] as { text: string }).text;

export async function withFake<T>(fn: (fake: FakeUpstream) => Promise<T>): Promise<T> {
  const fake = await startFakeUpstream();
  try {
    return await fn(fake);
  } finally {
    await fake.close();
  }
}

export function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'europarl-e2e-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The JSON inside a text resource. */
export async function readJson(client: Client, uri: string) {
  const r = await client.readResource({ uri });
  return JSON.parse((r.contents[0] as { text: string }).text);
}
