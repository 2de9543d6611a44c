import { assign, setup } from 'xstate';
import { timeOf, untilDeadline, type Timed } from './deadline.ts';
import { notProvided } from './not-provided.ts';

/** A Lambda-like instance of one handler: cold start, warm reuse, freeze, terminate. */
export interface WorkerInput {
  handler: string;
  instanceId: string;
  freezeAfterMs: number;
  terminateAfterMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  now?: number;
}

export interface WorkRequest {
  requestId: string;
  /** Store key of the data this invocation produces. */
  key: string;
  params: Record<string, unknown>;
  /** How long the stored copy counts as fresh. */
  ttlMs: number;
}

/** A failure as the machine needs to see it: serialisable, classified. */
export interface WorkError {
  message: string;
  code: string;
  transient: boolean;
  status?: number;
  retryAfterMs?: number;
}

export interface StoredCopy { value: unknown; fetchedAt: number; fresh: boolean }

export interface WorkResult {
  requestId: string;
  ok: boolean;
  value?: unknown;
  source?: 'store' | 'upstream' | 'stale';
  fetchedAt?: number;
  error?: WorkError;
  attempts: number;
  coldStart: boolean;
}

export interface WorkerContext extends Omit<WorkerInput, 'now'> {
  updatedAt: number;
  pending: WorkRequest | null;
  current: WorkRequest | null;
  coldStart: boolean;
  attempt: number;
  stored: StoredCopy | null;
  response: unknown;
  outcome: 'data' | 'error' | null;
  source: WorkResult['source'] | null;
  error: WorkError | null;
  nextRetryAt: number | null;
  freezeAt: number | null;
  terminateAt: number | null;
  lastResult: WorkResult | null;
  stats: { invocations: number; coldStarts: number; warmStarts: number; thaws: number; retries: number };
}

export type WorkerEvent =
  | ({ type: 'INVOKE'; request: WorkRequest } & Timed)
  | ({ type: 'CANCEL'; requestId: string } & Timed)
  | ({ type: 'REARM' } & Timed);

export interface HandlerRef { handler: string }
export interface LookupInput { handler: string; key: string }
export interface UpstreamInput { handler: string; request: WorkRequest; attempt: number }
/** `params` lets the store fetch the data again later (background refresh). */
export interface StoreInput { handler: string; key: string; value: unknown; ttlMs: number; params?: Record<string, unknown> }

export function toWorkError(e: unknown): WorkError {
  const x = (e ?? {}) as Partial<WorkError> & { message?: string };
  return {
    message: typeof x.message === 'string' ? x.message : String(e),
    code: typeof x.code === 'string' ? x.code : 'internal',
    transient: x.transient === true,
    ...(typeof x.status === 'number' ? { status: x.status } : {}),
    ...(typeof x.retryAfterMs === 'number' ? { retryAfterMs: x.retryAfterMs } : {}),
  };
}

/** Exponential backoff with deterministic jitter, so paths replay exactly. */
export function backoffMs(c: Pick<WorkerContext, 'baseDelayMs' | 'maxDelayMs'>, attempt: number, key: string, retryAfterMs?: number): number {
  let h = attempt;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  const jitter = h % c.baseDelayMs;
  const exp = Math.min(c.maxDelayMs, c.baseDelayMs * 2 ** (attempt - 1) + jitter);
  return Math.max(exp, Math.min(retryAfterMs ?? 0, c.maxDelayMs));
}

const output = <T>(event: unknown) => (event as { output: T }).output;

export const workerMachine = setup({
  types: {} as { context: WorkerContext; events: WorkerEvent; input: WorkerInput },
  actors: {
    loadHandler: notProvided<void, HandlerRef>('loadHandler'),
    prepareRuntime: notProvided<void, HandlerRef>('prepareRuntime'),
    initHandler: notProvided<void, HandlerRef>('initHandler'),
    lookupStore: notProvided<StoredCopy | null, LookupInput>('lookupStore'),
    callUpstream: notProvided<unknown, UpstreamInput>('callUpstream'),
    storeResult: notProvided<void, StoreInput>('storeResult'),
  },
  guards: {
    hasPending: ({ context }) => context.pending !== null,
    resolved: ({ context }) => context.outcome !== null,
    storeHasFresh: ({ event }) => output<StoredCopy | null>(event)?.fresh === true,
    // A wait the server asks for (Retry-After) longer than we would back off is not worth holding a caller for.
    retryable: ({ context }) =>
      context.error !== null &&
      context.error.transient &&
      context.attempt < context.maxAttempts &&
      (context.error.retryAfterMs ?? 0) <= context.maxDelayMs,
    isCurrent: ({ context, event }) => event.type === 'CANCEL' && context.current?.requestId === event.requestId,
  },
  actions: {
    accept: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      pending: event.type === 'INVOKE' ? event.request : context.pending,
    })),
    markCold: assign(({ context }) => ({ coldStart: true, stats: { ...context.stats, coldStarts: context.stats.coldStarts + 1 } })),
    markWarm: assign(({ context }) => ({ coldStart: false, stats: { ...context.stats, warmStarts: context.stats.warmStarts + 1 } })),
    thaw: assign(({ context }) => ({ stats: { ...context.stats, thaws: context.stats.thaws + 1 } })),
    failStart: assign(({ context, event }) => ({
      error: toWorkError((event as { error?: unknown }).error),
      lastResult: context.pending
        ? { requestId: context.pending.requestId, ok: false, error: toWorkError((event as { error?: unknown }).error), attempts: 0, coldStart: true }
        : context.lastResult,
      pending: null,
    })),
    begin: assign(({ context }) => ({
      current: context.pending,
      pending: null,
      attempt: 0,
      stored: null,
      response: null,
      outcome: null,
      source: null,
      error: null,
      nextRetryAt: null,
      freezeAt: null,
      terminateAt: null,
    })),
    keepStored: assign(({ event }) => ({ stored: output<StoredCopy | null>(event) })),
    noteStoreFault: assign({ stored: null }),
    useStored: assign(({ context }) => ({ outcome: 'data' as const, source: 'store' as const, response: context.stored?.value })),
    countAttempt: assign(({ context }) => ({ attempt: context.attempt + 1 })),
    keepResponse: assign(({ event }) => ({ response: output<unknown>(event), error: null })),
    noteApiError: assign(({ event }) => ({ error: toWorkError((event as { error?: unknown }).error) })),
    scheduleRetry: assign(({ context }) => ({
      nextRetryAt: context.updatedAt + backoffMs(context, context.attempt, context.current?.key ?? '', context.error?.retryAfterMs),
      stats: { ...context.stats, retries: context.stats.retries + 1 },
    })),
    retryNow: assign(({ context }) => ({ updatedAt: Math.max(context.updatedAt, context.nextRetryAt ?? 0) })),
    useFresh: assign({ outcome: 'data' as const, source: 'upstream' as const }),
    useFallback: assign(({ context }) =>
      context.stored
        ? { outcome: 'data' as const, source: 'stale' as const, response: context.stored.value }
        : { outcome: 'error' as const },
    ),
    deliver: assign(({ context }) => {
      const req = context.current;
      const ok = context.outcome === 'data';
      const result: WorkResult = {
        requestId: req?.requestId ?? '',
        ok,
        attempts: context.attempt,
        coldStart: context.coldStart,
        ...(ok
          ? { value: context.response, source: context.source ?? 'upstream', ...(context.source !== 'upstream' && context.stored ? { fetchedAt: context.stored.fetchedAt } : {}) }
          : { error: context.error ?? { message: 'no data', code: 'internal', transient: false } }),
      };
      return {
        lastResult: result,
        current: null,
        stored: null,
        response: null,
        freezeAt: context.updatedAt + context.freezeAfterMs,
        stats: { ...context.stats, invocations: context.stats.invocations + 1 },
      };
    }),
    cancel: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      lastResult: {
        requestId: context.current?.requestId ?? '',
        ok: false,
        error: { message: 'cancelled by the client', code: 'cancelled', transient: false },
        attempts: context.attempt,
        coldStart: context.coldStart,
      },
      current: null,
      stored: null,
      response: null,
      freezeAt: timeOf(context, event) + context.freezeAfterMs,
    })),
    freeze: assign(({ context }) => {
      const at = Math.max(context.updatedAt, context.freezeAt ?? 0);
      return { updatedAt: at, terminateAt: at + context.terminateAfterMs };
    }),
    terminate: assign(({ context }) => ({ updatedAt: Math.max(context.updatedAt, context.terminateAt ?? 0) })),
    touch: assign(({ context, event }) => ({ updatedAt: timeOf(context, event) })),
    /** Frees what the instance holds (threads, handles); plugged in by the runtime. */
    releaseInstance: () => {},
  },
  delays: {
    freezeTimeout: untilDeadline<WorkerContext>((c) => c.freezeAt),
    terminateTimeout: untilDeadline<WorkerContext>((c) => c.terminateAt),
    retryBackoff: untilDeadline<WorkerContext>((c) => c.nextRetryAt),
  },
}).createMachine({
  id: 'worker',
  initial: 'cold',
  context: ({ input }) => ({
    handler: input.handler,
    instanceId: input.instanceId,
    freezeAfterMs: input.freezeAfterMs,
    terminateAfterMs: input.terminateAfterMs,
    maxAttempts: input.maxAttempts,
    baseDelayMs: input.baseDelayMs,
    maxDelayMs: input.maxDelayMs,
    updatedAt: input.now ?? 0,
    pending: null,
    current: null,
    coldStart: false,
    attempt: 0,
    stored: null,
    response: null,
    outcome: null,
    source: null,
    error: null,
    nextRetryAt: null,
    freezeAt: null,
    terminateAt: null,
    lastResult: null,
    stats: { invocations: 0, coldStarts: 0, warmStarts: 0, thaws: 0, retries: 0 },
  }),
  states: {
    cold: {
      on: { INVOKE: { target: 'initializing', actions: ['accept', 'markCold'] } },
    },
    // Cold start: import the handler module, prepare its runtime, run its init.
    initializing: {
      invoke: {
        src: 'loadHandler', id: 'load', input: ({ context }) => ({ handler: context.handler }),
        onDone: 'initRuntime',
        onError: { target: 'terminated', actions: 'failStart' },
      },
    },
    initRuntime: {
      invoke: {
        src: 'prepareRuntime', id: 'runtime', input: ({ context }) => ({ handler: context.handler }),
        onDone: 'initHandler',
        onError: { target: 'terminated', actions: 'failStart' },
      },
    },
    initHandler: {
      invoke: {
        src: 'initHandler', id: 'init', input: ({ context }) => ({ handler: context.handler }),
        onDone: 'warm',
        onError: { target: 'terminated', actions: 'failStart' },
      },
    },
    warm: {
      // The invocation that caused a cold start or a thaw runs as soon as we are warm.
      always: { guard: 'hasPending', target: 'executing' },
      after: { freezeTimeout: { target: 'frozen', actions: 'freeze' } },
      on: {
        INVOKE: { target: 'executing', actions: ['accept', 'markWarm'] },
        REARM: { target: 'warm', reenter: true, actions: 'touch' },
      },
    },
    executing: {
      entry: 'begin',
      initial: 'processing',
      on: {
        // The client gave up: drop this invocation, keep the instance.
        CANCEL: { guard: 'isCurrent', target: 'warm', actions: 'cancel' },
      },
      states: {
        processing: {
          always: [{ guard: 'resolved', target: 'response' }, { target: 'dynamoDBCall' }],
        },
        // The L2 store lookup.
        dynamoDBCall: {
          invoke: {
            src: 'lookupStore', id: 'lookup',
            input: ({ context }) => ({ handler: context.handler, key: context.current?.key ?? '' }),
            onDone: [
              { guard: 'storeHasFresh', target: 'cacheHit', actions: 'keepStored' },
              { target: 'cacheMiss', actions: 'keepStored' },
            ],
            // A store fault must not fail the request: go to the upstream.
            onError: { target: 'cacheMiss', actions: 'noteStoreFault' },
          },
        },
        cacheHit: { always: { target: 'processing', actions: 'useStored' } },
        cacheMiss: { always: 'apiCall' },
        apiCall: {
          entry: 'countAttempt',
          invoke: {
            src: 'callUpstream', id: 'upstream',
            input: ({ context }) => ({ handler: context.handler, request: context.current!, attempt: context.attempt }),
            onDone: { target: 'apiSuccess', actions: 'keepResponse' },
            onError: { target: 'apiError', actions: 'noteApiError' },
          },
        },
        apiSuccess: { always: 'updateCache' },
        updateCache: {
          invoke: {
            src: 'storeResult', id: 'store',
            input: ({ context }) => ({
              handler: context.handler,
              key: context.current?.key ?? '',
              value: context.response,
              ttlMs: context.current?.ttlMs ?? 0,
              params: context.current?.params ?? {},
            }),
            onDone: { target: 'processing', actions: 'useFresh' },
            // The answer is good even if it could not be kept.
            onError: { target: 'processing', actions: 'useFresh' },
          },
        },
        apiError: {
          // Transient failures retry with backoff; permanent ones and exhausted retries fall back.
          always: [{ guard: 'retryable', target: 'retry', actions: 'scheduleRetry' }, { target: 'fallback' }],
        },
        retry: {
          after: { retryBackoff: { target: 'apiCall', actions: 'retryNow' } },
        },
        fallback: { always: { target: 'processing', actions: 'useFallback' } },
        response: { always: { target: '#worker.warm', actions: 'deliver' } },
      },
    },
    frozen: {
      after: { terminateTimeout: { target: 'terminated', actions: 'terminate' } },
      on: {
        INVOKE: { target: 'warm', actions: ['accept', 'thaw', 'markWarm'] },
        REARM: { target: 'frozen', reenter: true, actions: 'touch' },
      },
    },
    terminated: { type: 'final', entry: 'releaseInstance' },
  },
});
