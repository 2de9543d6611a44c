import { fromPromise } from 'xstate';
import type { CacheLookup, Admission, Fetched, Transformed, Validated } from '../machines/request-pipeline.ts';
import type { Clock } from '../src/clock.ts';
import type { Config } from '../src/config.ts';
import { UpstreamError, UserError } from '../src/errors.ts';
import type { L1Cache } from '../src/l1-cache.ts';
import type { TokenBuckets } from '../src/rate-limit.ts';
import type { Semaphore } from '../src/semaphore.ts';
import type { ToolDefinition, ToolRegistry } from '../src/tools.ts';
import type { WorkerPool } from '../src/worker-pool.ts';
import { randomUUID } from 'node:crypto';
import type { Loader } from './populate.ts';

export type Progress = (done: number, total: number, message: string) => void;

/** Per-request hooks the pipeline's steps reach by request id. */
export interface RequestHooks {
  progress?: Progress;
  release?: () => void;
}

export interface PipelineDeps {
  tools: ToolRegistry;
  l1: L1Cache;
  buckets: TokenBuckets;
  slots: Semaphore;
  workers: WorkerPool;
  clock: Clock;
  config: Config;
  hooks: Map<string, RequestHooks>;
}

const bytesOf = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? '');

function toolOf(tools: ToolRegistry, name: string): ToolDefinition {
  const tool = tools.get(name);
  if (!tool) throw new UserError(`unknown tool '${name}'`, 'unknown_tool');
  return tool;
}

/** A zod failure as one line per bad field, e.g. `limit: Too big: expected number to be <=100`. */
function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || 'arguments'}: ${i.message}`).join('; ');
}

/** Loads a tool's data through a worker instance (L2, then the upstream). */
export function dataLoader(d: PipelineDeps, tool: ToolDefinition, params: Record<string, unknown>): Loader {
  const key = tool.dataKey(params);
  const ttlMs = d.config.cache.ttlMs[tool.ttl];
  return async (signal) => {
    const r = await d.workers.invoke(tool.handler, { requestId: `load:${randomUUID()}`, key, params, ttlMs }, signal);
    if (!r.ok) {
      throw new UpstreamError(r.error?.message ?? 'fetch failed', {
        code: r.error?.code ?? 'upstream_error',
        transient: false,
        ...(r.error?.status ? { status: r.error.status } : {}),
      });
    }
    return { value: r.value, bytes: bytesOf(r.value), fetchedAt: r.fetchedAt ?? d.clock.now() };
  };
}

/** The request pipeline's steps, each an actor the machine invokes by name. */
export function pipelineActors(d: PipelineDeps) {
  return {
    validateRequest: fromPromise<Validated, { tool: string; args: unknown }>(async ({ input }) => {
      const tool = toolOf(d.tools, input.tool);
      const parsed = tool.input.safeParse(input.args ?? {});
      if (!parsed.success) throw new UserError(`invalid arguments for ${tool.name}: ${describeIssues(parsed.error.issues)}`);
      const params = parsed.data as Record<string, unknown>;
      return { params, requiredRole: tool.requiredRole, cacheKey: `${tool.name}:${tool.resultKey(params)}`, family: tool.family };
    }),

    admitRequest: fromPromise<Admission, { principal: string; tool: string }>(async ({ input }) =>
      d.buckets.take(input.principal, d.clock.now()),
    ),

    acquireSlot: fromPromise<void, { requestId: string; family: string }>(async ({ input, signal }) => {
      const release = await d.slots.acquire(signal);
      const hooks = d.hooks.get(input.requestId);
      if (hooks) hooks.release = release;
      else release();
    }),

    lookupCache: fromPromise<CacheLookup, { cacheKey: string }>(async ({ input }) => {
      const key = `result:${input.cacheKey}`;
      const s = d.l1.get(key)?.getSnapshot();
      if (!s?.matches('fresh')) return { hit: false };
      d.l1.send(key, { type: 'READ' });
      d.l1.touch(key);
      return { hit: true, value: s.context.value, ageMs: Math.max(0, d.clock.now() - (s.context.fetchedAt ?? d.clock.now())) };
    }),

    fetchData: fromPromise<Fetched, { requestId: string; tool: string; validated: Validated }>(async ({ input, signal }) => {
      const tool = toolOf(d.tools, input.tool);
      const dataKey = tool.dataKey(input.validated.params);
      const key = `data:${dataKey}`;
      const ttlMs = d.config.cache.ttlMs[tool.ttl];
      const ref = d.l1.ensure(key, tool.ttl, dataLoader(d, tool, input.validated.params));
      const state = ref.getSnapshot();
      // Fresh data is read; stale data is refreshed; otherwise join or start the population.
      d.l1.send(key, { type: state.matches('stale') ? 'REFRESH' : 'READ' });
      const settled = await d.l1.settle(key, signal);
      if (settled.state === 'error') {
        d.l1.send(key, { type: 'RESET' });
        const cause = ref.getSnapshot().context.error ?? settled.error ?? 'fetch failed';
        throw new UpstreamError(cause, { code: 'upstream_unavailable', transient: false });
      }
      const fetchedAt = settled.fetchedAt ?? d.clock.now();
      const stale = settled.state === 'stale' || fetchedAt + ttlMs <= d.clock.now();
      return { value: settled.value, source: stale ? 'stale' : 'upstream', fetchedAt };
    }),

    transformData: fromPromise<Transformed, { tool: string; validated: Validated; fetched: Fetched }>(async ({ input }) => {
      const value = toolOf(d.tools, input.tool).transform(input.fetched.value, input.validated.params);
      return { value, bytes: bytesOf(value) };
    }),

    cacheResult: fromPromise<void, { tool: string; cacheKey: string; value: unknown; bytes: number; fetchedAt?: number }>(async ({ input }) => {
      d.l1.fill(`result:${input.cacheKey}`, toolOf(d.tools, input.tool).ttl, input.value, input.bytes, input.fetchedAt);
    }),

    streamResult: fromPromise<void, { requestId: string; value: unknown; bytes: number }>(async ({ input }) => {
      // Large answers report progress per chunk as they are serialised for the transport.
      const progress = d.hooks.get(input.requestId)?.progress;
      const chunk = d.config.requests.streamThresholdBytes;
      const total = Math.ceil(input.bytes / chunk);
      for (let i = 1; i <= total; i++) {
        progress?.(i, total, `sending part ${i} of ${total}`);
        await new Promise((r) => setImmediate(r));
      }
    }),
  };
}
