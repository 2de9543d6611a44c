import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { EuroparlSystem } from '../system.ts';
import type { ToolRegistry } from '../tools.ts';
import { health, healthOutput } from './health.ts';
import { registerAdminTools } from './admin-tools.ts';
import { registerPrompts } from './prompts.ts';
import { registerReportResource } from '../report/resource.ts';
import { callTool, type Caller } from './tool-call.ts';

export const VERSION = '0.1.0';

/** Tools read public data: never destructive, repeatable, and they reach the EP API. */
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true } as const;

/** `ep://` resources, each answered by the tool that already knows how. */
const TEMPLATES = [
  { name: 'mep', uri: 'ep://meps/{id}', tool: 'get_mep_details', arg: 'id', description: 'One MEP: profile, group, country, committees.' },
  { name: 'committee', uri: 'ep://committees/{id}', tool: 'get_committee_info', arg: 'id', description: 'One committee or other parliamentary body.' },
  { name: 'plenary-session', uri: 'ep://plenary-sessions/{id}', tool: 'get_plenary_sessions', arg: 'eventId', description: 'One plenary sitting (MTG-PL-YYYY-MM-DD).' },
  { name: 'procedure', uri: 'ep://procedures/{id}', tool: 'track_legislation', arg: 'procedureId', description: 'One legislative procedure and its stage.' },
] as const;

export interface ServerOptions {
  system: EuroparlSystem;
  tools: ToolRegistry;
  caller: Caller;
  logger: Logger;
}

/** The MCP face of the system: tools, resources and prompts. */
export function createMcpServer({ system, tools, caller, logger }: ServerOptions) {
  const startedAt = Date.now();
  const server = new McpServer(
    { name: 'europarl-mcp', version: VERSION },
    {
      capabilities: { logging: {} },
      instructions:
        'European Parliament open data (MEPs, committees, plenary sittings, votes, documents, questions, procedures). ' +
        'Answers come from cache when possible; when the EP API is down, cached data is returned with a warning in _meta.degraded.',
    },
  );

  for (const tool of tools.values()) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.input as never, outputSchema: tool.output as never, annotations: { title: tool.title, ...READ_ONLY } },
      (async (args: unknown, extra: { signal: AbortSignal; _meta?: { progressToken?: string | number }; sendNotification(n: unknown): Promise<void> }) => {
        const token = extra._meta?.progressToken;
        return callTool(system, tool, args, caller, {
          signal: extra.signal,
          ...(token !== undefined ? { progressToken: token } : {}),
          sendProgress: (progress, total, message) =>
            extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, ...(total ? { total } : {}), message } }),
        });
      }) as never,
    );
  }

  server.registerTool(
    'get_server_health',
    {
      title: 'Server health',
      description: 'The live state of europarl-mcp: breakers per EP endpoint family (open means the EP API is failing there), cache size and hit counts, requests in flight. Makes no upstream call.',
      inputSchema: z.object({}).strict() as never,
      outputSchema: healthOutput as never,
      annotations: { title: 'Server health', readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (async () => {
      const h = health(system, startedAt);
      const text = h.status === 'ok' ? 'All EP endpoint families are reachable.' : `Degraded: the EP API is failing for ${h.openBreakers.join(', ')}.`;
      return { content: [{ type: 'text', text }], structuredContent: h };
    }) as never,
  );

  server.registerResource(
    'status',
    'system://status',
    { title: 'System status', description: 'Live state of every actor: connection, breakers, cache, workers, requests.', mimeType: 'application/json' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(system.status(), null, 2) }] }),
  );

  for (const t of TEMPLATES) {
    const tool = tools.get(t.tool);
    if (!tool) continue;
    server.registerResource(
      t.name,
      new ResourceTemplate(t.uri, { list: undefined }),
      { title: t.name, description: t.description, mimeType: 'application/json' },
      async (uri, vars) => {
        const id = String(Array.isArray(vars.id) ? vars.id[0] : vars.id);
        const answer = await system.requests.run({ tool: tool.name, args: { [t.arg]: decodeURIComponent(id) }, principal: caller.principal, roles: caller.roles });
        if (!answer.ok) throw new Error(`${uri.href}: ${answer.error?.message ?? 'not available'}`);
        return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(answer.result, null, 2) }] };
      },
    );
  }

  registerReportResource(server, system);
  registerAdminTools(server, system, caller);
  registerPrompts(server);

  let initialized = false;
  server.server.oninitialized = () => {
    initialized = true;
    logger.info({ client: server.server.getClientVersion() }, 'client initialized');
  };
  /** MCP log notifications, only once the client has said it is initialized. */
  const notify = (level: 'info' | 'warning' | 'error', data: unknown) => {
    if (!initialized || !server.isConnected()) return;
    server.sendLoggingMessage({ level, logger: 'europarl-mcp', data }).catch(() => undefined);
  };
  return { server, notify };
}
