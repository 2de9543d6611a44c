import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysCommand } from '../../src/keys/cli.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server.ts';
import { ENTRY, FAST, tempDir, text } from './harness.ts';

let fake: FakeUpstream;
let child: ChildProcess;
let url: string;
let stderr = '';
const keys: Record<string, string> = {};
const dir = tempDir();

function createKey(principal: string, role: string) {
  let out = '';
  keysCommand(['create', '--principal', principal, '--role', role, '--key-file', join(dir.dir, 'keys.json')], { stdout: (s) => (out += s), stderr: () => {} });
  return out.trim();
}

beforeAll(async () => {
  fake = await startFakeUpstream();
  keys.alice = createKey('alice', 'reader');
  keys.ann = createKey('ann', 'analyst');
  keys.root = createKey('root', 'admin');
  keys.busy = createKey('busy', 'reader');
  child = spawn(process.execPath, [ENTRY, '--http', '--port', '0', '--store', 'memory', '--audit', join(dir.dir, 'audit.jsonl')], {
    env: { ...process.env, EP_API_URL: fake.baseUrl, EUROPARL_MCP_KEYS: join(dir.dir, 'keys.json'), EUROPARL_MCP_CONFIG: JSON.stringify(FAST) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (d) => (stderr += d));
  url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 15_000);
    child.stderr!.on('data', () => {
      const m = /"url":"([^"]+)"/.exec(stderr);
      if (m) (clearTimeout(t), resolve(m[1]!));
    });
  });
}, 30_000);

afterAll(async () => {
  child?.kill('SIGTERM');
  await fake?.close();
  dir.cleanup();
});

async function connect(key: string) {
  const client = new Client({ name: 'http-e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${key}` } } });
  await client.connect(transport);
  return { client, transport };
}

const post = (headers: Record<string, string>, body: unknown = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('MCP over Streamable HTTP', () => {
  it('rate-limits each principal: a throttled call carries retryAfterMs and the connection cools down', async () => {
    const { client } = await connect(keys.busy!);
    // The default bucket holds 120 calls and refills 20 a second: 250 at once overflow it.
    const calls = await Promise.all(Array.from({ length: 250 }, () => client.callTool({ name: 'get_mep_details', arguments: { id: '1294' } })));
    const throttled = calls.filter((r) => r.isError);
    expect(throttled.length).toBeGreaterThan(0);
    expect(text(throttled[0] as never)).toMatch(/throttled/);
    expect((throttled[0] as { _meta?: { retryAfterMs?: number } })._meta?.retryAfterMs).toBeGreaterThan(0);
    await client.close();
  }, 30_000);

  it('refuses a missing or wrong key with 401 and WWW-Authenticate', async () => {
    const none = await post({});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const wrong = await post({ authorization: 'Bearer not-a-key' });
    expect(wrong.status).toBe(401);
  });

  it('serves a reader the data tools, and refuses an analyst tool naming the role', async () => {
    const { client, transport } = await connect(keys.alice!);
    const r = await client.callTool({ name: 'get_mep_details', arguments: { id: '1294' } });
    expect(r.isError).toBeFalsy();
    expect((r.structuredContent as { name: string }).name).toBe('Elio DI RUPO');
    const forbidden = await client.callTool({ name: 'analyze_voting_patterns', arguments: { mepId: '1294' } });
    expect(forbidden.isError).toBe(true);
    expect(text(forbidden as never)).toMatch(/'analyst'/);
    const admin = await client.callTool({ name: 'reset_breaker', arguments: { family: 'meps' } });
    expect(text(admin as never)).toMatch(/needs the role 'admin'/);
    await transport.terminateSession(); // DELETE ends the MCP session
    await client.close();
  });

  it('ends the MCP session on DELETE', async () => {
    const { client, transport } = await connect(keys.ann!);
    const sid = transport.sessionId!;
    await transport.terminateSession();
    // ann's last MCP session ended: that was a logout.
    const root = await connect(keys.root!);
    const listed = (await root.client.callTool({ name: 'list_sessions', arguments: {} })).structuredContent as { sessions: Array<{ principal: string; state: string }> };
    expect(listed.sessions.find((x) => x.principal === 'ann')?.state).toBe('anonymous');
    await root.client.close();
    const after = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${keys.ann}`, 'mcp-session-id': sid, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
    expect(after.status).toBe(404);
    await client.close();
  });

  it('refuses a foreign Host header (DNS rebinding) and an oversized body', async () => {
    // fetch will not send a Host of our choosing; a DNS-rebinding page's request would carry its own domain.
    const rebinding = await new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
      const req = request(url, { method: 'POST', headers: { host: 'evil.example', authorization: `Bearer ${keys.alice}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(rebinding).toBe(403);
    const big = await post({ authorization: `Bearer ${keys.alice}` }, JSON.stringify({ pad: 'x'.repeat(1_100_000) }));
    expect(big.status).toBe(413);
  });

  it('locks a principal after repeated failures, even against 50 parallel attempts; refuses the right key until an admin unlocks', async () => {
    const wrong = keys.ann!.slice(0, -4) + 'AAAA';
    const results = await Promise.all(Array.from({ length: 50 }, () => post({ authorization: `Bearer ${wrong}` })));
    expect(results.every((r) => r.status === 401)).toBe(true);
    const locked = await post({ authorization: `Bearer ${keys.ann}` });
    expect(locked.status).toBe(401);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.text()).toMatch(/locked/);

    const { client } = await connect(keys.root!);
    const sessions = (await client.callTool({ name: 'list_sessions', arguments: {} })).structuredContent as { sessions: Array<{ principal: string; state: string }> };
    expect(sessions.sessions.find((s) => s.principal === 'ann')?.state).toBe('locked');
    const unlocked = await client.callTool({ name: 'unlock_principal', arguments: { principal: 'ann' } });
    expect(unlocked.structuredContent).toEqual({ principal: 'ann', unlocked: true });
    await client.close();

    const again = await connect(keys.ann!);
    expect((await again.client.callTool({ name: 'get_server_health', arguments: {} })).isError).toBeFalsy();
    await again.client.close();
  });

  it('keeps a tamper-evident audit trail that verifies and never holds a key', async () => {
    const file = join(dir.dir, 'audit.jsonl');
    const raw = readFileSync(file, 'utf8');
    const entries = raw.trim().split('\n').map((l) => JSON.parse(l));
    const types = new Set(entries.map((e) => e.type));
    expect(types).toEqual(new Set(['authentication', 'tool_call', 'transition']));
    expect(entries.some((e) => e.type === 'authentication' && e.outcome === 'locked' && e.principal === 'ann')).toBe(true);
    expect(entries.some((e) => e.type === 'tool_call' && e.tool === 'get_mep_details' && e.principal === 'alice' && /^[0-9a-f]{64}$/.test(e.args))).toBe(true);
    expect(entries.some((e) => e.type === 'transition' && e.actor === 'session:ann' && e.to === 'locked')).toBe(true);
    for (const key of Object.values(keys)) expect(raw).not.toContain(key);
    const ok = spawnSync(process.execPath, [ENTRY, 'audit', 'verify', file], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/entries verified/);
    // One changed byte is found, at its line.
    const lines = raw.split('\n');
    const i = lines.findIndex((l) => l.includes('"tool_call"') && l.includes('"alice"'));
    lines[i] = lines[i]!.replace('alice', 'alicf');
    writeFileSync(join(dir.dir, 'tampered.jsonl'), lines.join('\n'));
    const bad = spawnSync(process.execPath, [ENTRY, 'audit', 'verify', join(dir.dir, 'tampered.jsonl'), '--key-file', join(dir.dir, 'audit.key')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`line ${i + 1}\\b.*edited`));
  });
});

describe('a lockout survives a restart', () => {
  it('a principal locked before a restart is still refused after it, with the time left', async () => {
    const d = tempDir();
    const store = `sqlite://${join(d.dir, 'l2.sqlite')}`;
    const keyFile = join(d.dir, 'keys.json');
    let out = '';
    keysCommand(['create', '--principal', 'eve', '--role', 'reader', '--key-file', keyFile], { stdout: (s) => (out += s), stderr: () => {} });
    const key = out.trim();
    const boot = async () => {
      const p = spawn(process.execPath, [ENTRY, '--http', '--port', '0', '--store', store, '--audit', join(d.dir, 'audit.jsonl')], {
        env: { ...process.env, EP_API_URL: fake.baseUrl, EUROPARL_MCP_KEYS: keyFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      const u = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no start: ${err}`)), 15_000);
        p.stderr!.on('data', (c) => {
          err += c;
          const m = /"url":"([^"]+)"/.exec(err);
          if (m) (clearTimeout(t), resolve(m[1]!));
        });
      });
      return { p, u, stop: () => new Promise((r) => (p.once('exit', r), p.kill('SIGTERM'))) };
    };
    const init = (u: string, k: string) =>
      fetch(u, { method: 'POST', headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }) });
    try {
      const a = await boot();
      for (let i = 0; i < 5; i++) expect((await init(a.u, key.slice(0, -4) + 'ZZZZ')).status).toBe(401);
      expect((await init(a.u, key)).status).toBe(401);
      await a.stop();

      const b = await boot();
      const refused = await init(b.u, key);
      expect(refused.status).toBe(401);
      expect(await refused.text()).toMatch(/locked/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
      await b.stop();
      // The trail of both runs is one chain.
      const verify = spawnSync(process.execPath, [ENTRY, 'audit', 'verify', join(d.dir, 'audit.jsonl')], { encoding: 'utf8' });
      expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    } finally {
      d.cleanup();
    }
  }, 60_000);
});
