import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { EuroparlSystem } from '../system.ts';
import type { ToolDefinition } from '../tools.ts';
import { digestArgs, type AuditTrail } from '../audit/trail.ts';

/** What the server passes in from the SDK's request context. */
export interface CallContext {
  signal: AbortSignal;
  progressToken?: string | number;
  sendProgress(progress: number, total: number | undefined, message: string): Promise<void>;
}

export interface Caller {
  principal: string;
  roles: string[];
  connectionId: string;
  /** Where tool calls are recorded (principal, tool, argument digest, outcome, duration). */
  audit?: AuditTrail;
}

/** Results above this are refused with advice to page: 10 MiB kills a stdio connection. */
export const MAX_RESULT_BYTES = 4 * 1024 * 1024;
const HEARTBEAT_MS = 1000;

/**
 * One tool call through the system: a request-pipeline actor does the work;
 * this turns its answer into an MCP result with the cache status in `_meta`.
 */
export async function callTool(system: EuroparlSystem, tool: ToolDefinition, args: unknown, caller: Caller, ctx: CallContext): Promise<CallToolResult> {
  system.connections.send(caller.connectionId, 'REQUEST_STARTED');
  let step = 0;
  const progress = (message: string, total?: number) => {
    if (ctx.progressToken === undefined) return;
    ctx.sendProgress(++step, total, message).catch(() => undefined);
  };
  // Slow upstreams take seconds: a heartbeat keeps a waiting client informed.
  const started = Date.now();
  const heartbeat = ctx.progressToken === undefined ? undefined : setInterval(() => progress(`still working on ${tool.name} (${Math.round((Date.now() - started) / 1000)} s)`), HEARTBEAT_MS);
  try {
    progress(`started ${tool.name}`);
    const answer = await system.requests.run({
      tool: tool.name,
      args,
      principal: caller.principal,
      roles: caller.roles,
      signal: ctx.signal,
      onProgress: (_done, _total, message) => progress(message),
    });
    caller.audit?.append('tool_call', {
      principal: caller.principal,
      connection: caller.connectionId,
      tool: tool.name,
      args: digestArgs(args),
      outcome: answer.state,
      ...(answer.error ? { error: answer.error.code } : {}),
      cache: answer.cacheStatus,
      durationMs: answer.durationMs,
    });
    const meta = {
      cache: { status: answer.cacheStatus, ageMs: answer.ageMs },
      degraded: answer.degraded,
      state: answer.state,
      durationMs: answer.durationMs,
    };
    if (!answer.ok || answer.error) {
      const e = answer.error ?? { code: 'internal', message: 'the request failed' };
      if (answer.state === 'throttled') system.connections.throttled(caller.connectionId, e.retryAfterMs ?? 1000);
      const when = e.nextProbeAt ? ` The next probe of the EP API is at ${new Date(e.nextProbeAt).toISOString()}.` : '';
      const retry = e.retryAfterMs ? ` Retry after ${Math.ceil(e.retryAfterMs / 1000)} s.` : '';
      return {
        isError: true,
        content: [{ type: 'text', text: `${tool.name} failed (${e.code}): ${e.message}.${when}${retry}` }],
        _meta: { ...meta, error: e, ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}) },
      };
    }
    const text = JSON.stringify(answer.result);
    if (text.length > MAX_RESULT_BYTES) {
      return {
        isError: true,
        content: [{ type: 'text', text: `${tool.name}: the result is ${text.length} bytes, over the ${MAX_RESULT_BYTES}-byte limit; ask for a smaller page (limit) or a narrower filter.` }],
        _meta: meta,
      };
    }
    const warning = answer.degraded
      ? `\n\nWarning: the EP API is unavailable, so this is cached data ${answer.ageMs !== null ? `from ${Math.round(answer.ageMs / 60000)} min ago` : 'of unknown age'} (${answer.warning?.message ?? 'upstream failure'}).`
      : '';
    return {
      content: [{ type: 'text', text: tool.render(answer.result) + warning }],
      structuredContent: answer.result as Record<string, unknown>,
      _meta: { ...meta, ...(answer.warning ? { warning: answer.warning } : {}) },
    };
  } finally {
    if (heartbeat) clearInterval(heartbeat);
    system.connections.send(caller.connectionId, 'RESPONSE_SENT');
  }
}
