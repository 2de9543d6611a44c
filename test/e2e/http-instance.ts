import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { keysCommand } from '../../src/keys/cli.ts';
import type { FakeUpstream } from '../fake-upstream/server.ts';
import { ENTRY } from './harness.ts';

/** One `europarl-mcp --http` process, as an operator would run it. */
export interface Instance {
  url: string;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

export interface InstanceOptions {
  store: string;
  dir: string;
  fake: FakeUpstream;
  config?: object;
  /** Audit file name inside dir; one per instance (a trail has one writer). */
  audit?: string;
}

export async function startInstance(o: InstanceOptions): Promise<Instance> {
  const child = spawn(process.execPath, [ENTRY, '--http', '--port', '0', '--store', o.store, ...(o.audit ? ['--audit', join(o.dir, o.audit)] : [])], {
    env: {
      ...process.env,
      EP_API_URL: o.fake.baseUrl,
      EP_DOCEO_URL: o.fake.doceoUrl,
      EUROPARL_MCP_KEYS: join(o.dir, 'keys.json'),
      EUROPARL_MCP_CONFIG: JSON.stringify(o.config ?? {}),
      EUROPARL_MCP_LOG_LEVEL: 'debug',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
    child.once('exit', (code) => (clearTimeout(t), reject(new Error(`server exited with ${code}: ${stderr}`))));
    child.stderr!.on('data', () => {
      const m = /"url":"([^"]+)"/.exec(stderr);
      if (m) (clearTimeout(t), resolve(m[1]!));
    });
  });
  return {
    url,
    child,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function createKey(dir: string, principal: string, role: string): string {
  let out = '';
  keysCommand(['create', '--principal', principal, '--role', role, '--key-file', join(dir, 'keys.json')], { stdout: (s) => (out += s), stderr: () => {} });
  return out.trim();
}

/** A key of the same principal (same key id) with a wrong secret. */
export const wrongSecret = (key: string) => key.slice(0, -4) + (key.endsWith('ZZZZ') ? 'YYYY' : 'ZZZZ');

export async function connect(url: string, key: string) {
  const client = new Client({ name: 'instances-e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${key}` } } });
  await client.connect(transport);
  return client;
}

/** A raw MCP initialize: the status says whether the key was let in. */
export const initialize = (url: string, key: string) =>
  fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
  });

export async function tool(client: Client, name: string, args: Record<string, unknown> = {}) {
  return (await client.callTool({ name, arguments: args })) as CallToolResult & { _meta?: { retryAfterMs?: number } };
}

/** Polls until the check holds or the time is up; resolves to the last answer. */
export async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}
