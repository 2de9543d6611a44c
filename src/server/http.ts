import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { start } from '../main.ts';
import type { ToolRegistry } from '../tools.ts';
import { HttpAuth } from './http-auth.ts';
import { createMcpServer } from './mcp.ts';

type App = Awaited<ReturnType<typeof start>>;

/** Request bodies over this are refused (413): MCP requests are small. */
export const MAX_BODY_BYTES = 1024 * 1024;

interface McpSession { transport: StreamableHTTPServerTransport; principal: string; close(): Promise<void> }

function send(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

async function readJson(req: IncomingMessage): Promise<{ ok: true; body: unknown } | { ok: false; status: number; message: string }> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return { ok: false, status: 413, message: `request body over ${MAX_BODY_BYTES} bytes` };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { ok: false, status: 413, message: `request body over ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, status: 400, message: 'request body is not JSON' };
  }
}

/** MCP over Streamable HTTP for many users: one MCP session and one connection actor per session id. */
export async function serveHttp(app: App, tools: ToolRegistry, opts: { host: string; port: number; signals?: boolean }) {
  const { system, logger } = app;
  const auth = new HttpAuth(system.sessions, system.env.keys, app.trail);
  const sessions = new Map<string, McpSession>();
  let allowedHosts: string[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/mcp') return send(res, 404, 'not found: the MCP endpoint is /mcp');
    const who = await auth.check(req);
    if (!who.ok) {
      return send(res, who.status, who.message, {
        'www-authenticate': `Bearer realm="europarl-mcp", error="invalid_token", error_description="${who.message.replace(/"/g, "'")}"`,
        ...(who.retryAfterSeconds !== undefined ? { 'retry-after': String(who.retryAfterSeconds) } : {}),
      });
    }
    let body: unknown;
    if (req.method === 'POST') {
      const read = await readJson(req);
      if (!read.ok) return send(res, read.status, read.message);
      body = read.body;
    }
    const sid = req.headers['mcp-session-id'];
    if (typeof sid === 'string') {
      const s = sessions.get(sid);
      if (!s) return send(res, 404, 'unknown or ended MCP session: initialize again');
      // A session belongs to the principal that opened it.
      if (s.principal !== who.principal) return send(res, 403, 'this MCP session belongs to another principal');
      return s.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) return send(res, 400, 'no MCP session: send an initialize request first');

    const id = randomUUID();
    const caller = { principal: who.principal, roles: who.roles, connectionId: id, ...(app.trail ? { audit: app.trail } : {}) };
    system.connections.open(id, 'http');
    const { server } = createMcpServer({ system, tools, caller, logger });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => id,
      enableDnsRebindingProtection: true,
      allowedHosts,
      onsessioninitialized: () => {
        sessions.set(id, { transport, principal: who.principal, close: () => server.close() });
        system.connections.establish(id, who.principal, who.roles);
        logger.info({ session: id, principal: who.principal }, 'MCP session opened');
      },
    });
    transport.onclose = () => {
      if (!sessions.delete(id)) return;
      system.connections.send(id, 'CLIENT_DISCONNECTED');
      // Ending a principal's last MCP session is an explicit logout.
      if (![...sessions.values()].some((s) => s.principal === who.principal)) system.sessions.logout(who.principal);
      logger.info({ session: id }, 'MCP session closed');
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((err) => {
      logger.error({ err }, 'HTTP request failed');
      if (!res.headersSent) send(res, 500, 'internal error');
      else res.end();
    });
  });
  await new Promise<void>((resolve) => http.listen(opts.port, opts.host, resolve));
  const { port } = http.address() as AddressInfo;
  // Only our own address is a valid Host: a rebinding page's Host names the attacker's domain.
  allowedHosts = [`${opts.host}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`];
  const url = `http://${opts.host}:${port}/mcp`;
  logger.info({ url }, 'serving MCP over Streamable HTTP');

  let closing: Promise<void> | undefined;
  const shutdown = (why: string) =>
    (closing ??= (async () => {
      logger.info({ why }, 'shutting down');
      http.close();
      await Promise.all([...sessions.entries()].map(async ([id, s]) => {
        await Promise.race([system.connections.shutdown(id), new Promise((r) => setTimeout(r, 10_000).unref())]);
        // The SDK writes a handler's answer a few ticks after the handler returns.
        await new Promise((r) => setTimeout(r, 20));
        await s.close().catch(() => undefined);
      }));
      await app.stop();
    })());
  if (opts.signals !== false) {
    process.once('SIGINT', () => void shutdown('SIGINT').then(() => process.exit(0)));
    process.once('SIGTERM', () => void shutdown('SIGTERM').then(() => process.exit(0)));
  }
  return { url, port, shutdown };
}
