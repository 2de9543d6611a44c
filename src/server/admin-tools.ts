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
      description:
        'Drops cached data (all, or keys starting with prefix, e.g. "data:meps:"), so the next call fetches it again: L1 entries in this server, and L2 rows in the store for every server sharing it. Finished results are dropped with any data. Admin only.',
      inputSchema: z.object({ prefix: z.string().max(200).default('') }).strict() as never,
      outputSchema: z.object({ invalidated: z.number().int(), l1: z.number().int(), l2: z.number().int() }) as never,
      annotations: { title: 'Invalidate cached data', ...OPERATOR },
    },
    guarded<{ prefix: string }>(caller, 'invalidate_cache', async ({ prefix }) => {
      let l2: number;
      try {
        l2 = await system.l2.invalidate(prefix);
      } catch (err) {
        return { isError: true, content: [{ type: 'text', text: `the L2 store could not record the invalidation: ${(err as Error).message}; nothing was invalidated` }] };
      }
      // Which results were built from which data is not tracked: results go whenever data goes.
      const results = prefix.startsWith('result:') || prefix === '' ? 0 : system.l1.invalidate('result:');
      const l1 = system.l1.invalidate(prefix) + results;
      return ok(
        `${l1} L1 entries and ${l2} L2 rows invalidated; other L2 rows under '${prefix}' (written by other processes) are hidden from every reader`,
        { invalidated: l1 + l2, l1, l2 },
      );
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
