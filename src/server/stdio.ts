import { once } from 'node:events';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { start } from '../main.ts';
import type { ToolRegistry } from '../tools.ts';
import { idOf, LineGuard, MAX_REQUEST_BYTES } from './line-guard.ts';
import { createMcpServer } from './mcp.ts';

type App = Awaited<ReturnType<typeof start>>;

/** The local user, who owns a stdio server: every role. */
const LOCAL = { principal: 'local', roles: ['reader', 'analyst', 'admin'] };

/** Serves MCP over stdin/stdout until stdin ends or a signal arrives, then shuts down gracefully. */
export async function serveStdio(app: App, tools: ToolRegistry): Promise<void> {
  const { system, logger } = app;
  const connectionId = 'stdio';
  system.connections.open(connectionId, 'stdio');
  system.limits.buckets.exempt(LOCAL.principal);
  const { server, notify } = createMcpServer({ system, tools, caller: { ...LOCAL, connectionId, ...(app.trail ? { audit: app.trail } : {}) }, logger });

  // Breaker changes are worth a log line, and a notification once the client is initialized.
  for (const [family] of Object.entries(system.breakers.status())) {
    let last = 'closed';
    system.breakers.ref(family).subscribe((s) => {
      const state = String(s.value);
      if (state === last) return;
      last = state;
      const level = state === 'open' ? 'warning' : 'info';
      logger[level === 'warning' ? 'warn' : 'info']({ family, state, nextProbeAt: s.context.nextProbeAt }, 'circuit breaker changed');
      notify(level, { event: 'breaker', family, state, nextProbeAt: s.context.nextProbeAt });
    });
  }

  // An oversized line is answered with an error and dropped; the session goes on.
  const guard = new LineGuard(MAX_REQUEST_BYTES, (head, bytes) => {
    logger.warn({ bytes, limit: MAX_REQUEST_BYTES }, 'dropped an oversized message from stdin');
    const id = idOf(head);
    if (id !== null) {
      void transport.send({ jsonrpc: '2.0', id, error: { code: -32600, message: `the message is ${bytes} bytes, over the ${MAX_REQUEST_BYTES}-byte limit` } }).catch(() => undefined);
    }
  });
  process.stdin.pipe(guard);
  const transport = new StdioServerTransport(guard);
  // Unparseable lines are skipped by the transport; they are worth a log line, not an exit.
  transport.onerror = (err) => logger.warn({ err: err.message }, 'unreadable message on stdin');
  let closing: Promise<void> | undefined;
  const shutdown = (why: string) =>
    (closing ??= (async () => {
      logger.info({ why }, 'shutting down');
      // In-flight requests finish before the process goes.
      await Promise.race([system.connections.shutdown(connectionId), new Promise((r) => setTimeout(r, 10_000).unref())]);
      // The SDK writes a handler's answer a few ticks after the handler returns.
      await new Promise((r) => setTimeout(r, 20));
      if (process.stdout.writableNeedDrain) await once(process.stdout, 'drain');
      await server.close().catch(() => undefined);
      await app.stop();
    })());
  // The SDK's stdio transport ignores end of input; a client closing stdin means it is gone.
  process.stdin.on('end', () => void shutdown('stdin closed').then(() => process.exit(0)));
  process.once('SIGINT', () => void shutdown('SIGINT').then(() => process.exit(0)));
  process.once('SIGTERM', () => void shutdown('SIGTERM').then(() => process.exit(0)));
  transport.onclose = () => void shutdown('transport closed').then(() => process.exit(0));

  await server.connect(transport);
  system.connections.establish(connectionId, LOCAL.principal, LOCAL.roles);
  logger.info({ tools: tools.size + 1 }, 'serving MCP over stdio');
}
