import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { hasRole } from '../../machines/request-pipeline.ts';
import { FAMILIES } from '../breakers.ts';
import type { EuroparlSystem } from '../system.ts';
import type { Caller } from './tool-call.ts';

/** Operator tools change the system's own state, so they are neither read-only nor open-world. */
const OPERATOR = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

function guarded<A>(caller: Caller, name: string, run: (args: A) => CallToolResult | Promise<CallToolResult>) {
  return ((args: A) => {
    if (!hasRole(caller.roles, 'admin')) {
      return { isError: true, content: [{ type: 'text', text: `${name} needs the role 'admin'` }] } satisfies CallToolResult;
    }
    return run(args);
  }) as never;
}

const ok = (text: string, structuredContent: Record<string, unknown>): CallToolResult => ({ content: [{ type: 'text', text }], structuredContent });

/** Admin-only tools: unlock a principal, drop cached data, reset a breaker, list sessions. */
export function registerAdminTools(server: McpServer, system: EuroparlSystem, caller: Caller): void {
  server.registerTool(
    'invalidate_cache',
    {
      title: 'Invalidate cached data',
      description: 'Drops L1 cache entries (all, or those whose key starts with prefix, e.g. "data:meps:"), so the next call fetches again. Admin only.',
      inputSchema: z.object({ prefix: z.string().max(200).default('') }).strict() as never,
      outputSchema: z.object({ invalidated: z.number().int() }) as never,
      annotations: { title: 'Invalidate cached data', ...OPERATOR },
    },
    guarded<{ prefix: string }>(caller, 'invalidate_cache', ({ prefix }) => {
      const n = system.l1.invalidate(prefix);
      return ok(`${n} cache entries invalidated`, { invalidated: n });
    }),
  );
  server.registerTool(
    'reset_breaker',
    {
      title: 'Reset a circuit breaker',
      description: 'Closes the circuit breaker of one EP endpoint family at once, without waiting for its probe. Admin only.',
      inputSchema: z.object({ family: z.enum(FAMILIES) }).strict() as never,
      outputSchema: z.object({ family: z.string(), state: z.string() }) as never,
      annotations: { title: 'Reset a circuit breaker', ...OPERATOR },
    },
    guarded<{ family: (typeof FAMILIES)[number] }>(caller, 'reset_breaker', ({ family }) => {
      const ref = system.breakers.ref(family);
      ref.send({ type: 'RESET', at: system.env.clock.now() });
      const state = String(ref.getSnapshot().value);
      return ok(`breaker ${family} is ${state}`, { family, state });
    }),
  );
  server.registerTool(
    'unlock_principal',
    {
      title: 'Unlock a principal',
      description: 'Ends the lockout of a principal locked after repeated failed authentications. Admin only.',
      inputSchema: z.object({ principal: z.string().min(1).max(100) }).strict() as never,
      outputSchema: z.object({ principal: z.string(), unlocked: z.boolean() }) as never,
      annotations: { title: 'Unlock a principal', ...OPERATOR },
    },
    guarded<{ principal: string }>(caller, 'unlock_principal', async ({ principal }) => {
      const unlocked = await system.sessions.unlock(principal);
      return ok(unlocked ? `${principal} unlocked` : `${principal} was not locked`, { principal, unlocked });
    }),
  );
  server.registerTool(
    'list_sessions',
    {
      title: 'List sessions',
      description: 'The live session actors: principal, state, roles, lockout deadline. Admin only.',
      inputSchema: z.object({}).strict() as never,
      outputSchema: z.object({ sessions: z.array(z.object({ principal: z.string(), state: z.string(), roles: z.array(z.string()), lockedUntil: z.number().nullable() })) }) as never,
      annotations: { title: 'List sessions', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    guarded<Record<string, never>>(caller, 'list_sessions', () => {
      const sessions = system.sessions.list();
      return ok(`${sessions.length} sessions`, { sessions });
    }),
  );
}
