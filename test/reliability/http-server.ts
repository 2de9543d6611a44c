import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { keysCommand } from '../../src/keys/cli.ts';
import { ENTRY } from '../e2e/harness.ts';
import type { FakeUpstream } from '../fake-upstream/server.ts';

/** Creates a key in `keyFile` and returns it (printed once, as the CLI does). */
export function createKey(keyFile: string, principal: string, role: string): string {
  let out = '';
  keysCommand(['create', '--principal', principal, '--role', role, '--key-file', keyFile], { stdout: (s) => (out += s), stderr: () => {} });
  return out.trim();
}

export interface HttpServer {
  child: ChildProcess;
  url: string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The built server in HTTP mode on a free loopback port. */
export async function bootHttp(fake: FakeUpstream, o: { dir: string; store: string; config?: object; env?: Record<string, string> }): Promise<HttpServer> {
  const child = spawn(process.execPath, [ENTRY, '--http', '--port', '0', '--store', o.store, '--audit', join(o.dir, 'audit.jsonl')], {
    env: {
      ...process.env,
      EP_API_URL: fake.baseUrl,
      EP_DOCEO_URL: fake.doceoUrl,
      EUROPARL_MCP_KEYS: join(o.dir, 'keys.json'),
      EUROPARL_MCP_CONFIG: JSON.stringify(o.config ?? {}),
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 20_000);
    child.stderr!.on('data', () => {
      const m = /"url":"([^"]+)"/.exec(err);
      if (m) (clearTimeout(t), resolve(m[1]!));
    });
    void exited.then(() => reject(new Error(`server exited: ${err}`)));
  });
  return {
    child,
    url,
    stderr: () => err,
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function httpClient(url: string, key: string, name = 'reliability') {
  const client = new Client({ name, version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${key}` } } });
  await client.connect(transport);
  return client;
}

/** A bare initialize with this key: the HTTP status and body say whether it got in. */
export function initialize(url: string, key: string) {
  return fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
  });
}
