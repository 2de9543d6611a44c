import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { fromPromise } from 'xstate';
import type { Admission, CacheLookup, Fetched, Transformed, Validated } from '../machines/request-pipeline.ts';
import type { Breakers } from '../src/breakers.ts';
import type { Clock } from '../src/clock.ts';
import type { Config } from '../src/config.ts';
import { UpstreamError, UserError } from '../src/errors.ts';
import type { L1Cache } from '../src/l1-cache.ts';
import type { TokenBuckets } from '../src/rate-limit.ts';
import type { Semaphore } from '../src/semaphore.ts';
import { sourceKey, type Source, type ToolDefinition, type ToolRegistry } from '../src/tools.ts';
import type { WorkerPool } from '../src/worker-pool.ts';
import type { Loader } from './populate.ts';
import { fromStep } from './step.ts';
import { sizeOf } from '../src/sizes.ts';
import { mainThread } from '../src/time-slice.ts';

export type Progress = (done: number, total: number, message: string) => void;

/** Runs a tool's workflow actor to the data its answer is made of (see ToolDefinition.workflow). */
export type WorkflowRunner = (call: { requestId: string; params: Record<string, unknown>; signal: AbortSignal; progress?: Progress }) => Promise<Fetched>;

/** Per-request hooks the pipeline's steps reach by request id. */
export interface RequestHooks {
  progress?: Progress;
  release?: () => void;
}

export interface PipelineDeps {
  tools: ToolRegistry;
  breakers: Breakers;
  l1: L1Cache;
  buckets: TokenBuckets;
  slots: Semaphore;
  workers: WorkerPool;
  clock: Clock;
  config: Config;
  hooks: Map<string, RequestHooks>;
  workflows: ReadonlyMap<string, WorkflowRunner>;
}

/** Abort listeners one call may hold on its signal (Node warns past 10). */
const MAX_SOURCE_LISTENERS = 1000;

function toolOf(tools: ToolRegistry, name: string): ToolDefinition {
  const tool = tools.get(name);
  if (!tool) throw new UserError(`unknown tool '${name}'`, 'unknown_tool');
  return tool;
}

/** A zod failure as one line per bad field, e.g. `limit: Too big: expected number to be <=100`. */
export function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || 'arguments'}: ${i.message}`).join('; ');
}

/** Loads one source through a worker instance (L2, then the upstream through its breaker). */
export function sourceLoader(d: PipelineDeps, source: Source): Loader {
  const key = sourceKey(source);
  const ttlMs = d.config.cache.ttlMs[source.ttl];
  return async (signal) => {
    const params = { path: source.path, query: source.query ?? {}, ...(source.accept ? { accept: source.accept } : {}) };
    const r = await d.workers.invoke(source.family, { requestId: `load:${randomUUID()}`, key, params, ttlMs }, signal);
    if (!r.ok) {
      // An optional source that does not exist is an answer: nothing.
      if (source.optional && r.error?.status === 404) return { value: null, bytes: 4, fetchedAt: d.clock.now() };
      throw new UpstreamError(r.error?.message ?? 'fetch failed', {
        code: r.error?.status === 404 ? 'not_found' : r.error?.code ?? 'upstream_error',
        transient: false,
        ...(r.error?.status ? { status: r.error.status } : {}),
      });
    }
    return { value: r.value, bytes: sizeOf(r.value), fetchedAt: r.fetchedAt ?? d.clock.now(), origin: r.source === 'upstream' ? 'upstream' : 'store' };
  };
}

/** `cached`: no upstream call was needed (fresh in L1, or found in L2). */
interface Got { value: unknown; stale: boolean; fetchedAt: number; cached: boolean }

/** One source through its L1 data entry: read if fresh, refresh if stale, else join or start the population. */
export async function fetchSource(d: PipelineDeps, source: Source, signal: AbortSignal): Promise<Got> {
  const key = `data:${sourceKey(source)}`;
  const ttlMs = d.config.cache.ttlMs[source.ttl];
  const ref = d.l1.ensure(key, source.ttl, sourceLoader(d, source));
  const before = ref.getSnapshot();
  // While the family's breaker is open no refresh can succeed: answer from what L1 holds at once.
  const breaker = d.breakers.ref(source.family).getSnapshot();
  const open = breaker.matches('open');
  if (before.matches('error') && before.context.errorCode === 'circuit_open') {
    if (open) throw openError(before.context.error, breaker.context.nextProbeAt);
    d.l1.send(key, { type: 'RESET' });
  }
  const wasFresh = ref.getSnapshot().matches('fresh');
  d.l1.send(key, { type: ref.getSnapshot().matches('stale') && !open ? 'REFRESH' : 'READ' });
  const settled = await d.l1.settle(key, signal);
  if (settled.state === 'error') {
    const { error, errorCode } = ref.getSnapshot().context;
    // A failure because the breaker is open is kept until the breaker lets a probe through.
    if (errorCode !== 'circuit_open') d.l1.send(key, { type: 'RESET' });
    throw new UpstreamError(error ?? settled.error ?? 'fetch failed', { code: errorCode ?? 'upstream_unavailable', transient: false });
  }
  const fetchedAt = settled.fetchedAt ?? d.clock.now();
  const cached = wasFresh || ref.getSnapshot().context.origin === 'store';
  return { value: settled.value, stale: settled.state === 'stale' || fetchedAt + ttlMs <= d.clock.now(), fetchedAt, cached };
}

function openError(message: string | null, nextProbeAt: number | null) {
  return new UpstreamError(message ?? 'the EP API is unavailable (circuit open)', { code: 'circuit_open', transient: false, ...(nextProbeAt !== null ? { nextProbeAt } : {}) });
}

/** The request pipeline's steps, each an actor the machine invokes by name. */
export function pipelineActors(d: PipelineDeps) {
  return {
    validateRequest: fromStep<Validated, { tool: string; args: unknown }>(({ input }) => {
      const tool = toolOf(d.tools, input.tool);
      const parsed = tool.input.safeParse(input.args ?? {});
      if (!parsed.success) throw new UserError(`invalid arguments for ${tool.name}: ${describeIssues(parsed.error.issues)}`);
      const params = parsed.data as Record<string, unknown>;
      return { params, requiredRole: tool.requiredRole, cacheKey: `${tool.name}:${tool.resultKey(params)}`, family: tool.family };
    }),

    admitRequest: fromStep<Admission, { principal: string; tool: string }>(({ input }) => d.buckets.take(input.principal, d.clock.now())),

    acquireSlot: fromStep<void, { requestId: string; family: string }>(({ input, signal }) => {
      const keep = (release: () => void) => {
        const hooks = d.hooks.get(input.requestId);
        if (hooks) hooks.release = release;
        else release();
      };
      const free = d.slots.tryAcquire();
      if (free) return keep(free);
      return d.slots.acquire(signal()).then(keep);
    }),

    lookupCache: fromStep<CacheLookup, { cacheKey: string }>(({ input }) => {
      const key = `result:${input.cacheKey}`;
      const s = d.l1.get(key)?.getSnapshot();
      if (!s?.matches('fresh')) return { hit: false };
      d.l1.send(key, { type: 'READ' });
      d.l1.touch(key);
      return { hit: true, value: s.context.value, ageMs: Math.max(0, d.clock.now() - (s.context.fetchedAt ?? d.clock.now())) };
    }),

    fetchData: fromPromise<Fetched, { requestId: string; tool: string; validated: Validated }>(async ({ input, signal }) => {
      // Each source read in flight listens for the call's cancellation; a roll-call tool reads ~80 at once.
      setMaxListeners(MAX_SOURCE_LISTENERS, signal);
      const tool = toolOf(d.tools, input.tool);
      const params = input.validated.params;
      const progress = d.hooks.get(input.requestId)?.progress;
      if (tool.workflow) {
        const run = d.workflows.get(tool.workflow);
        if (!run) throw new Error(`the ${tool.workflow} workflow is not running in this system`);
        return run({ requestId: input.requestId, params, signal, ...(progress ? { progress } : {}) });
      }
      const got: Got[] = [];
      let done = 0;
      const stage = async (sources: Source[], total: number) => {
        const results = await Promise.all(
          sources.map(async (s) => {
            // Eighty cached sources are read in one go: in slices, so the event loop keeps turning.
            await mainThread.pause();
            const g = await fetchSource(d, s, signal);
            done++;
            try {
              progress?.(done, total, `fetched ${s.path}`);
            } catch {
              // Progress is best effort while fetching; the data still counts.
            }
            return g;
          }),
        );
        got.push(...results);
      };
      const first = tool.sources(params);
      await stage(first, first.length);
      const second = tool.expand?.(params, got.map((g) => g.value)) ?? [];
      if (second.length) await stage(second, first.length + second.length);
      const third = tool.fallback?.(params, got.map((g) => g.value)) ?? [];
      if (third.length) await stage(third, first.length + second.length + third.length);
      const fetchedAt = Math.min(...got.map((g) => g.fetchedAt), d.clock.now());
      const source = got.some((g) => g.stale) ? 'stale' : got.every((g) => g.cached) ? 'store' : 'upstream';
      return { value: got.map((g) => g.value), source, fetchedAt };
    }),

    transformData: fromPromise<Transformed, { tool: string; validated: Validated; fetched: Fetched }>(async ({ input }) => {
      const value = await toolOf(d.tools, input.tool).transform(input.fetched.value as unknown[], input.validated.params);
      return { value, bytes: sizeOf(value) };
    }),

    cacheResult: fromPromise<void, { tool: string; cacheKey: string; value: unknown; bytes: number; fetchedAt?: number }>(async ({ input }) => {
      d.l1.fill(`result:${input.cacheKey}`, toolOf(d.tools, input.tool).ttl, input.value, input.bytes, input.fetchedAt);
    }),

    streamResult: fromPromise<void, { requestId: string; value: unknown; bytes: number }>(async ({ input }) => {
      // Large answers report progress per part as they are prepared for the transport.
      const progress = d.hooks.get(input.requestId)?.progress;
      const chunk = d.config.requests.streamThresholdBytes;
      const total = Math.ceil(input.bytes / chunk);
      for (let i = 1; i <= total; i++) {
        progress?.(i, total, `preparing part ${i} of ${total}`);
        await new Promise((r) => setImmediate(r));
      }
    }),
  };
}
