import { assign, setup } from 'xstate';
import { timeOf, type Timed } from './deadline.ts';
import { notProvided } from './not-provided.ts';

/** One tool call from arrival to answer. Started per request, stopped when done. */
export interface PipelineInput {
  requestId: string;
  tool: string;
  args: unknown;
  principal: string;
  roles: string[];
  /** Results above this many bytes are sent in pages. */
  streamThresholdBytes: number;
  now?: number;
}

export interface PipelineError { code: string; message: string; retryAfterMs?: number; nextProbeAt?: number }

export interface Validated { params: Record<string, unknown>; requiredRole: string; cacheKey: string; family: string }
export interface Admission { admitted: boolean; retryAfterMs?: number }
export interface CacheLookup { hit: boolean; value?: unknown; ageMs?: number }
export interface Fetched { value: unknown; source: 'store' | 'upstream' | 'stale'; fetchedAt: number }
export interface Transformed { value: unknown; bytes: number }

export type CacheStatus = 'hit' | 'miss' | 'stale';

export interface PipelineContext extends Omit<PipelineInput, 'now'> {
  updatedAt: number;
  receivedAt: number;
  validated: Validated | null;
  fetched: Fetched | null;
  fallback: Fetched | null;
  result: unknown;
  bytes: number;
  cacheStatus: CacheStatus | null;
  ageMs: number | null;
  degraded: boolean;
  error: PipelineError | null;
}

export interface PipelineOutput {
  ok: boolean;
  result: unknown;
  error: PipelineError | null;
  cacheStatus: CacheStatus | null;
  ageMs: number | null;
  degraded: boolean;
  /** Why a degraded answer is degraded. */
  warning: PipelineError | null;
}

export type PipelineEvent = ({ type: 'CANCEL'; reason?: string } & Timed);

const output = <T>(event: unknown) => (event as { output: T }).output;

/** Roles nest: an analyst can do what a reader can, an admin what an analyst can. */
export const ROLE_RANK: Readonly<Record<string, number>> = { reader: 1, analyst: 2, admin: 3 };
export function hasRole(roles: readonly string[], required: string): boolean {
  const best = Math.max(0, ...roles.map((r) => ROLE_RANK[r] ?? 0));
  return best >= (ROLE_RANK[required] ?? Infinity);
}
function asError(e: unknown, code: string): PipelineError {
  const x = (e ?? {}) as Partial<PipelineError> & { message?: string };
  return {
    code: typeof x.code === 'string' ? x.code : code,
    message: typeof x.message === 'string' ? x.message : String(e),
    ...(typeof x.retryAfterMs === 'number' ? { retryAfterMs: x.retryAfterMs } : {}),
    ...(typeof x.nextProbeAt === 'number' ? { nextProbeAt: x.nextProbeAt } : {}),
  };
}

export const requestPipelineMachine = setup({
  types: {} as { context: PipelineContext; events: PipelineEvent; input: PipelineInput; output: PipelineOutput },
  actors: {
    validateRequest: notProvided<Validated, { tool: string; args: unknown }>('validateRequest'),
    admitRequest: notProvided<Admission, { principal: string; tool: string }>('admitRequest'),
    acquireSlot: notProvided<void, { requestId: string; family: string }>('acquireSlot'),
    lookupCache: notProvided<CacheLookup, { cacheKey: string }>('lookupCache'),
    fetchData: notProvided<Fetched, { requestId: string; tool: string; validated: Validated }>('fetchData'),
    transformData: notProvided<Transformed, { tool: string; validated: Validated; fetched: Fetched }>('transformData'),
    cacheResult: notProvided<void, { tool: string; cacheKey: string; value: unknown; bytes: number; fetchedAt?: number }>('cacheResult'),
    streamResult: notProvided<void, { requestId: string; value: unknown; bytes: number }>('streamResult'),
  },
  guards: {
    roleAllowed: ({ context }) => context.validated !== null && hasRole(context.roles, context.validated.requiredRole),
    admitted: ({ event }) => output<Admission>(event).admitted,
    cacheHit: ({ event }) => output<CacheLookup>(event).hit,
    fetchedStale: ({ event }) => output<Fetched>(event).source === 'stale',
    hasFallback: ({ context }) => context.fallback !== null,
    largeResult: ({ context }) => context.bytes > context.streamThresholdBytes,
  },
  actions: {
    keepValidated: assign(({ event }) => ({ validated: output<Validated>(event) })),
    /** Records a step's error under a stable code for the caller. */
    fail: assign(({ event }, params: { code: string }) => ({ error: asError((event as { error?: unknown }).error, params.code) })),
    forbid: assign(({ context }) => ({
      error: { code: 'forbidden', message: `${context.tool} needs the role '${context.validated?.requiredRole ?? 'unknown'}'` },
    })),
    throttle: assign(({ event }) => {
      const out = output<Admission>(event);
      return { error: { code: 'throttled', message: 'rate limit reached', retryAfterMs: out.retryAfterMs ?? 1000 } };
    }),
    serveHit: assign(({ event }) => {
      const out = output<CacheLookup>(event);
      return { result: out.value, cacheStatus: 'hit' as const, ageMs: out.ageMs ?? 0 };
    }),
    countBytes: assign(({ context }) => ({ bytes: Buffer.byteLength(JSON.stringify(context.result) ?? '') })),
    keepFetched: assign(({ event }) => {
      const f = output<Fetched>(event);
      // A stale copy from the store is still a degraded answer.
      // Data that needed no upstream call (L1 data or the L2 store) is a hit.
      return f.source === 'stale' ? { fallback: f } : { fetched: f, cacheStatus: f.source === 'store' ? ('hit' as const) : ('miss' as const) };
    }),
    noteFetchError: assign(({ event }) => ({ error: asError((event as { error?: unknown }).error, 'upstream_error') })),
    useFallback: assign(({ context }) => ({
      cacheStatus: 'stale' as const,
      degraded: true,
      ageMs: context.fallback ? Math.max(0, context.updatedAt - context.fallback.fetchedAt) : null,
    })),
    keepTransformed: assign(({ event }) => {
      const t = output<Transformed>(event);
      return { result: t.value, bytes: t.bytes };
    }),
    cancel: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      error: { code: 'cancelled', message: event.reason ?? 'cancelled by the client' },
    })),
  },
}).createMachine({
  id: 'request-pipeline',
  initial: 'received',
  context: ({ input }) => ({
    requestId: input.requestId,
    tool: input.tool,
    args: input.args,
    principal: input.principal,
    roles: input.roles,
    streamThresholdBytes: input.streamThresholdBytes,
    updatedAt: input.now ?? 0,
    receivedAt: input.now ?? 0,
    validated: null,
    fetched: null,
    fallback: null,
    result: null,
    bytes: 0,
    cacheStatus: null,
    ageMs: null,
    degraded: false,
    error: null,
  }),
  // The client cancelled: every in-flight step is stopped with its invoke.
  // Steps that cannot fail (admission, queueing, L1, caching) have no onError: an
  // unexpected throw there stops this actor alone and is answered as an internal error.
  on: { CANCEL: { target: '.cancelled', actions: 'cancel' } },
  states: {
    received: { always: 'validating' },
    validating: {
      invoke: {
        src: 'validateRequest', id: 'validate',
        input: ({ context }) => ({ tool: context.tool, args: context.args }),
        onDone: { target: 'validated', actions: 'keepValidated' },
        onError: { target: 'rejected', actions: { type: 'fail', params: { code: 'invalid_params' } } },
      },
    },
    validated: {
      always: [{ guard: 'roleAllowed', target: 'authorized' }, { target: 'forbidden', actions: 'forbid' }],
    },
    authorized: {
      invoke: {
        src: 'admitRequest', id: 'admit',
        input: ({ context }) => ({ principal: context.principal, tool: context.tool }),
        onDone: [{ guard: 'admitted', target: 'queued' }, { target: 'throttled', actions: 'throttle' }],
      },
    },
    queued: {
      invoke: {
        src: 'acquireSlot', id: 'slot',
        input: ({ context }) => ({ requestId: context.requestId, family: context.validated!.family }),
        onDone: 'cacheCheck',
      },
    },
    cacheCheck: {
      invoke: {
        src: 'lookupCache', id: 'l1',
        input: ({ context }) => ({ cacheKey: context.validated!.cacheKey }),
        onDone: [{ guard: 'cacheHit', target: 'cacheHit', actions: 'serveHit' }, { target: 'fetching' }],
      },
    },
    cacheHit: { always: { target: 'responding', actions: 'countBytes' } },
    fetching: {
      invoke: {
        src: 'fetchData', id: 'fetch',
        input: ({ context }) => ({ requestId: context.requestId, tool: context.tool, validated: context.validated! }),
        onDone: [
          { guard: 'fetchedStale', target: 'circuitOpen', actions: 'keepFetched' },
          { target: 'transforming', actions: 'keepFetched' },
        ],
        onError: { target: 'circuitOpen', actions: 'noteFetchError' },
      },
    },
    // The upstream could not answer (breaker open, outage, retries spent).
    circuitOpen: {
      always: [{ guard: 'hasFallback', target: 'fallback' }, { target: 'failed' }],
    },
    // Stale data goes through the same transform, so a degraded answer has the normal shape.
    fallback: {
      invoke: {
        src: 'transformData', id: 'transformStale',
        input: ({ context }) => ({ tool: context.tool, validated: context.validated!, fetched: context.fallback! }),
        onDone: { target: 'responding', actions: ['useFallback', 'keepTransformed'] },
        onError: { target: 'failed', actions: { type: 'fail', params: { code: 'bad_upstream_data' } } },
      },
    },
    transforming: {
      invoke: {
        src: 'transformData', id: 'transform',
        input: ({ context }) => ({ tool: context.tool, validated: context.validated!, fetched: context.fetched! }),
        onDone: { target: 'caching', actions: 'keepTransformed' },
        onError: { target: 'failed', actions: { type: 'fail', params: { code: 'bad_upstream_data' } } },
      },
    },
    caching: {
      invoke: {
        src: 'cacheResult', id: 'cache',
        input: ({ context }) => ({
          tool: context.tool,
          cacheKey: context.validated!.cacheKey,
          value: context.result,
          bytes: context.bytes,
          ...(context.fetched ? { fetchedAt: context.fetched.fetchedAt } : {}),
        }),
        onDone: 'responding',
      },
    },
    responding: {
      always: [{ guard: 'largeResult', target: 'streaming' }, { target: 'complete' }],
    },
    streaming: {
      invoke: {
        src: 'streamResult', id: 'stream',
        input: ({ context }) => ({ requestId: context.requestId, value: context.result, bytes: context.bytes }),
        onDone: 'complete',
        onError: { target: 'failed', actions: { type: 'fail', params: { code: 'stream_failed' } } },
      },
    },
    complete: { type: 'final' },
    rejected: { type: 'final' },
    forbidden: { type: 'final' },
    throttled: { type: 'final' },
    // Additions to the seed: a failure with no fallback, and a cancelled request.
    failed: { type: 'final' },
    cancelled: { type: 'final' },
  },
  output: ({ context }) => ({
    ok: context.error === null || context.degraded,
    result: context.result,
    error: context.degraded ? null : context.error,
    cacheStatus: context.cacheStatus,
    ageMs: context.ageMs,
    degraded: context.degraded,
    warning: context.degraded ? context.error : null,
  }),
});
