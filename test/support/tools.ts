import { z } from 'zod';
import { sourceKey, type HandlerModule, type Source, type ToolDefinition } from '../../src/tools.ts';

/** A small tool and handler for exercising the system without the EP domain. */
export const echoTool: ToolDefinition<{ id: string; size?: number }, { item: unknown; padding: string }> = {
  name: 'echo_item',
  title: 'Echo an item',
  description: 'Test tool: fetches one item and echoes it.',
  family: 'meps',
  requiredRole: 'reader',
  ttl: 'mep',
  input: z.object({ id: z.string().regex(/^[0-9]{1,7}$/, 'expected a numeric id'), size: z.number().int().min(0).max(2_000_000).optional() }).strict(),
  output: z.object({ item: z.unknown(), padding: z.string() }),
  sources: (p) => [{ family: 'meps', path: `meps/${p.id}`, ttl: 'mep' }],
  resultKey: (p) => `${p.id}:${p.size ?? 0}`,
  transform: ([raw], p) => {
    if (typeof raw !== 'object' || raw === null) throw new Error(`expected an object from the EP API, got ${typeof raw}`);
    return { item: raw, padding: 'x'.repeat(p.size ?? 0) };
  },
  render: (r) => JSON.stringify(r.item),
};

export const adminTool = {
  ...echoTool,
  name: 'admin_item',
  requiredRole: 'admin',
  resultKey: (p: { id: string }) => `admin:${p.id}`,
} as ToolDefinition<any, any>;

/** Store key of the echo tool's one source, for tests that seed L2. */
export const echoSourceKey = (id: string) => `data:${sourceKey(echoTool.sources({ id })[0] as Source)}`;

export const itemsHandler: HandlerModule = {
  upstream: (params) => ({ family: 'meps', path: String(params.path ?? `meps/${String(params.id)}`) }),
};

export const testTools = new Map<string, ToolDefinition<any, any>>([[echoTool.name, echoTool], [adminTool.name, adminTool]]);
export const testHandlers = {
  meps: async () => itemsHandler,
  broken: async (): Promise<HandlerModule> => {
    throw new Error('handler module failed to load');
  },
};

/** Handlers whose cold start fails in each of its three phases. */
export const faultyHandlers = {
  malformed: async () => ({}) as HandlerModule,
  initFails: async (): Promise<HandlerModule> => ({
    upstream: itemsHandler.upstream,
    init: async () => {
      throw new Error('handler init failed');
    },
  }),
};
