import { z } from 'zod';
import type { HandlerModule, ToolDefinition } from '../../src/tools.ts';

/** A small tool and handler for exercising the system without the EP domain. */
export const echoTool: ToolDefinition<{ id: string; size?: number }> = {
  name: 'echo_item',
  family: 'meps',
  handler: 'items',
  requiredRole: 'reader',
  ttl: 'mep',
  input: z.object({ id: z.string().regex(/^[0-9]{1,7}$/, 'expected a numeric id'), size: z.number().int().min(0).max(2_000_000).optional() }).strict(),
  dataKey: (p) => `item:${p.id}`,
  resultKey: (p) => `${p.id}:${p.size ?? 0}`,
  transform: (raw, p) => {
    if (typeof raw !== 'object' || raw === null) throw new Error(`expected an object from the EP API, got ${typeof raw}`);
    return { item: raw, padding: 'x'.repeat(p.size ?? 0) };
  },
};

export const adminTool: ToolDefinition<{ id: string }> = {
  ...echoTool,
  name: 'admin_item',
  requiredRole: 'admin',
  input: z.object({ id: z.string() }).strict(),
  resultKey: (p) => `admin:${p.id}`,
  transform: (raw) => raw,
} as ToolDefinition<{ id: string }>;

export const itemsHandler: HandlerModule = {
  upstream: (params) => ({ family: 'meps', path: `meps/${String(params.id)}` }),
};

export const testTools = new Map<string, ToolDefinition<any>>([[echoTool.name, echoTool], [adminTool.name, adminTool]]);
export const testHandlers = {
  items: async () => itemsHandler,
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
