import { and, assign, fromCallback, sendTo, setup } from 'xstate';
import { timeOf, untilDeadline, type Timed } from './deadline.ts';
import { notProvided } from './not-provided.ts';

/** Thread failure codes after which the instance has no thread left: it ends. */
export const THREAD_LOST: ReadonlySet<string> = new Set(['thread_start_failed', 'thread_crashed', 'out_of_memory', 'thread_ended']);

/**
 * A Lambda-like instance of one handler: cold start, warm reuse, freeze,
 * terminate. A CPU-heavy handler also owns one thread for its instance's
 * life: spawned on the cold start, unref'd while frozen, terminated at the end.
 */
export interface WorkerInput {
  handler: string;
  instanceId: string;
  freezeAfterMs: number;
  terminateAfterMs: number;
  /** How long a thread call may run before the thread (and so the instance) is ended. */
  threadTimeoutMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  now?: number;
}

export interface WorkRequest {
  requestId: string;
  /** Store key of the data this invocation fetches; none for a pure computation. */
  key?: string;
  params: Record<string, unknown>;
  /** How long the stored copy counts as fresh. */
  ttlMs?: number;
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

/** The instance's fixed numbers, from its input. */
export type WorkerLimits = Omit<WorkerInput, 'handler' | 'instanceId' | 'now'>;

/** Absolute times the timed states wait for (see deadline.ts). */
export interface WorkerDeadlines { retryAt: number | null; freezeAt: number | null; terminateAt: number | null; threadAt: number | null }

/** How the invocation in hand is going. */
export interface Work {
  attempt: number;
  stored: StoredCopy | null;
  response: unknown;
  outcome: 'data' | 'error' | null;
  source: WorkResult['source'] | null;
  error: WorkError | null;
}

/**
 * Grouped so the context stays a small object: XState copies it on every
 * assign, and V8 turns an object of more than ~16 keys into a dictionary
 * whose copy costs ~20 times more (this halved a warm thread call).
 */
export interface WorkerContext {
  handler: string;
  instanceId: string;
  limits: WorkerLimits;
  updatedAt: number;
  pending: WorkRequest | null;
  current: WorkRequest | null;
  coldStart: boolean;
  /** The handler runs work in a thread (known once its module is loaded). */
  threaded: boolean;
  work: Work;
  deadlines: WorkerDeadlines;
  lastResult: WorkResult | null;
  stats: { invocations: number; coldStarts: number; warmStarts: number; thaws: number; retries: number };
}

const IDLE_WORK: Work = { attempt: 0, stored: null, response: null, outcome: null, source: null, error: null };
const NO_DEADLINES: WorkerDeadlines = { retryAt: null, freezeAt: null, terminateAt: null, threadAt: null };

/** What the instance's thread link answers for one job, named by its request. */
export type ThreadReply =
  | { type: 'THREAD_DONE'; requestId: string; output: unknown }
  | { type: 'THREAD_FAILED'; requestId: string; error: unknown };

export type WorkerEvent =
  | ({ type: 'INVOKE'; request: WorkRequest } & Timed)
  | ({ type: 'CANCEL'; requestId: string } & Timed)
  | ({ type: 'REARM' } & Timed)
  | ThreadReply;

export interface HandlerRef { handler: string; instanceId: string }
export interface Loaded { threaded: boolean }
/** One job for the instance's thread. */
export interface ThreadJob { type: 'RUN'; requestId: string; params: Record<string, unknown>; data: unknown }
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
export function backoffMs(c: Pick<WorkerLimits, 'baseDelayMs' | 'maxDelayMs'>, attempt: number, key: string, retryAfterMs?: number): number {
  let h = attempt;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  const jitter = h % c.baseDelayMs;
  const exp = Math.min(c.maxDelayMs, c.baseDelayMs * 2 ** (attempt - 1) + jitter);
  return Math.max(exp, Math.min(retryAfterMs ?? 0, c.maxDelayMs));
}

const output = <T>(event: unknown) => (event as { output: T }).output;

/** The context once an invocation is over: its result kept, the instance at rest. */
function delivered(context: WorkerContext, work: Work): Partial<WorkerContext> {
  const ok = work.outcome === 'data';
  const result: WorkResult = {
    requestId: context.current?.requestId ?? '',
    ok,
    attempts: work.attempt,
    coldStart: context.coldStart,
    ...(ok
      ? { value: work.response, source: work.source ?? 'upstream', ...(work.source !== 'upstream' && work.stored ? { fetchedAt: work.stored.fetchedAt } : {}) }
      : { error: work.error ?? { message: 'no data', code: 'internal', transient: false } }),
  };
  return {
    lastResult: result,
    current: null,
    work: IDLE_WORK,
    deadlines: { ...NO_DEADLINES, freezeAt: context.updatedAt + context.limits.freezeAfterMs },
    // The next invocation is warm, whatever this one was.
    coldStart: false,
    stats: { ...context.stats, invocations: context.stats.invocations + 1, warmStarts: context.stats.warmStarts + (context.coldStart ? 0 : 1) },
  };
}

export const workerMachine = setup({
  types: {} as { context: WorkerContext; events: WorkerEvent; input: WorkerInput },
  actors: {
    loadHandler: notProvided<Loaded, HandlerRef>('loadHandler'),
    prepareRuntime: notProvided<void, HandlerRef>('prepareRuntime'),
    initHandler: notProvided<void, HandlerRef>('initHandler'),
    lookupStore: notProvided<StoredCopy | null, LookupInput>('lookupStore'),
    callUpstream: notProvided<unknown, UpstreamInput>('callUpstream'),
    storeResult: notProvided<void, StoreInput>('storeResult'),
    /**
     * The instance's line to its thread, for the instance's whole life: it takes
     * RUN jobs and answers each with THREAD_DONE or THREAD_FAILED. One actor per
     * instance rather than one per call keeps a warm call to two events.
     */
    threadLink: fromCallback<ThreadJob, HandlerRef, ThreadReply>(({ receive, sendBack }) => {
      receive((job) => sendBack({ type: 'THREAD_FAILED', requestId: job.requestId, error: new Error('threadLink is not provided: plug it in with machine.provide()') }));
    }),
  },
  guards: {
    hasPending: ({ context }) => context.pending !== null,
    resolved: ({ context }) => context.work.outcome !== null,
    // Fetched data (or, with nothing to fetch, the params) goes through the thread.
    computeOnly: ({ context, event }) => context.threaded && event.type === 'INVOKE' && event.request.key === undefined,
    needsThread: ({ context: { threaded, work, current } }) => threaded && (work.outcome === 'data' || (work.outcome === null && !current?.key)),
    // Crashed, out of memory, or never started: the instance has no thread left to run.
    threadLost: ({ event }) => THREAD_LOST.has(toWorkError((event as { error?: unknown }).error).code),
    // A reply to an invocation already given up (cancelled) is dropped.
    isReply: ({ context, event }) => (event.type === 'THREAD_DONE' || event.type === 'THREAD_FAILED') && event.requestId === context.current?.requestId,
    storeHasFresh: ({ event }) => output<StoredCopy | null>(event)?.fresh === true,
    // A wait the server asks for (Retry-After) longer than we would back off is not worth holding a caller for.
    retryable: ({ context: { work, limits } }) =>
      work.error !== null &&
      work.error.transient &&
      work.attempt < limits.maxAttempts &&
      (work.error.retryAfterMs ?? 0) <= limits.maxDelayMs,
    isCurrent: ({ context, event }) => event.type === 'CANCEL' && context.current?.requestId === event.requestId,
  },
  actions: {
    accept: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      pending: event.type === 'INVOKE' ? event.request : context.pending,
    })),
    keepLoaded: assign(({ event }) => ({ threaded: output<Loaded | undefined>(event)?.threaded === true })),
    markCold: assign(({ context }) => ({ coldStart: true, stats: { ...context.stats, coldStarts: context.stats.coldStarts + 1 } })),
    thaw: assign(({ context }) => ({ stats: { ...context.stats, thaws: context.stats.thaws + 1 } })),
    failStart: assign(({ context, event }) => {
      const error = toWorkError((event as { error?: unknown }).error);
      return {
        work: { ...context.work, error },
        lastResult: context.pending ? { requestId: context.pending.requestId, ok: false, error, attempts: 0, coldStart: true } : context.lastResult,
        pending: null,
      };
    }),
    // A waiting invocation (after a cold start or a thaw) goes first; else the one that just came in.
    // Its thread deadline is armed here too, for the call that goes straight to the thread.
    begin: assign(({ context, event }) => {
      const updatedAt = timeOf(context, event);
      return {
        updatedAt,
        current: context.pending ?? (event.type === 'INVOKE' ? event.request : null),
        pending: null,
        work: IDLE_WORK,
        deadlines: { ...NO_DEADLINES, threadAt: updatedAt + context.limits.threadTimeoutMs },
      };
    }),
    keepStored: assign(({ context, event }) => ({ work: { ...context.work, stored: output<StoredCopy | null>(event) } })),
    noteStoreFault: assign(({ context }) => ({ work: { ...context.work, stored: null } })),
    useStored: assign(({ context: { work } }) => ({ work: { ...work, outcome: 'data' as const, source: 'store' as const, response: work.stored?.value } })),
    countAttempt: assign(({ context: { work } }) => ({ work: { ...work, attempt: work.attempt + 1 } })),
    keepResponse: assign(({ context, event }) => ({ work: { ...context.work, response: output<unknown>(event), error: null } })),
    noteApiError: assign(({ context, event }) => ({ work: { ...context.work, error: toWorkError((event as { error?: unknown }).error) } })),
    scheduleRetry: assign(({ context }) => ({
      deadlines: {
        ...context.deadlines,
        retryAt: context.updatedAt + backoffMs(context.limits, context.work.attempt, context.current?.key ?? '', context.work.error?.retryAfterMs),
      },
      stats: { ...context.stats, retries: context.stats.retries + 1 },
    })),
    retryNow: assign(({ context }) => ({ updatedAt: Math.max(context.updatedAt, context.deadlines.retryAt ?? 0) })),
    useFresh: assign(({ context }) => ({ work: { ...context.work, outcome: 'data' as const, source: 'upstream' as const } })),
    armThread: assign(({ context }) => ({ deadlines: { ...context.deadlines, threadAt: context.updatedAt + context.limits.threadTimeoutMs } })),
    runInThread: sendTo('threadLink', ({ context }): ThreadJob => ({
      type: 'RUN',
      requestId: context.current?.requestId ?? '',
      params: context.current?.params ?? {},
      data: context.work.outcome === 'data' ? context.work.response : undefined,
    })),
    noteThreadError: assign(({ context, event }) => ({
      work: { ...context.work, outcome: 'error' as const, response: null, error: toWorkError((event as { error?: unknown }).error) },
    })),
    timeOut: assign(({ context }) => ({
      updatedAt: Math.max(context.updatedAt, context.deadlines.threadAt ?? 0),
      work: {
        ...context.work,
        outcome: 'error' as const,
        response: null,
        error: { message: `handler '${context.handler}' ran past its ${context.limits.threadTimeoutMs} ms limit; its thread was terminated`, code: 'timeout', transient: false },
      },
    })),
    useFallback: assign(({ context: { work } }) => ({
      work: work.stored ? { ...work, outcome: 'data' as const, source: 'stale' as const, response: work.stored.value } : { ...work, outcome: 'error' as const },
    })),
    deliver: assign(({ context }) => delivered(context, context.work)),
    // The thread's answer is the invocation's result: kept and delivered in one step.
    deliverOutput: assign(({ context, event }) =>
      delivered(context, { ...context.work, outcome: 'data', response: output<unknown>(event), source: context.work.source ?? 'upstream' }),
    ),
    cancel: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      lastResult: {
        requestId: context.current?.requestId ?? '',
        ok: false,
        error: { message: 'cancelled by the client', code: 'cancelled', transient: false },
        attempts: context.work.attempt,
        coldStart: context.coldStart,
      },
      current: null,
      coldStart: false,
      work: IDLE_WORK,
      deadlines: { ...NO_DEADLINES, freezeAt: timeOf(context, event) + context.limits.freezeAfterMs },
    })),
    freeze: assign(({ context }) => {
      const at = Math.max(context.updatedAt, context.deadlines.freezeAt ?? 0);
      return { updatedAt: at, deadlines: { ...context.deadlines, terminateAt: at + context.limits.terminateAfterMs } };
    }),
    terminate: assign(({ context }) => ({ updatedAt: Math.max(context.updatedAt, context.deadlines.terminateAt ?? 0) })),
    touch: assign(({ context, event }) => ({ updatedAt: timeOf(context, event) })),
    /** Frees what the instance holds (threads, handles); plugged in by the runtime. */
    releaseInstance: () => {},
    /** An idle instance must not keep the process alive; plugged in by the runtime. */
    freezeInstance: () => {},
    thawInstance: () => {},
  },
  delays: {
    freezeTimeout: untilDeadline<WorkerContext>((c) => c.deadlines.freezeAt),
    terminateTimeout: untilDeadline<WorkerContext>((c) => c.deadlines.terminateAt),
    retryBackoff: untilDeadline<WorkerContext>((c) => c.deadlines.retryAt),
    threadTimeout: untilDeadline<WorkerContext>((c) => c.deadlines.threadAt),
  },
}).createMachine({
  id: 'worker',
  initial: 'cold',
  invoke: { src: 'threadLink', id: 'threadLink', input: ({ context }) => ({ handler: context.handler, instanceId: context.instanceId }) },
  context: ({ input }) => ({
    handler: input.handler,
    instanceId: input.instanceId,
    limits: {
      freezeAfterMs: input.freezeAfterMs,
      terminateAfterMs: input.terminateAfterMs,
      threadTimeoutMs: input.threadTimeoutMs,
      maxAttempts: input.maxAttempts,
      baseDelayMs: input.baseDelayMs,
      maxDelayMs: input.maxDelayMs,
    },
    updatedAt: input.now ?? 0,
    pending: null,
    current: null,
    coldStart: false,
    threaded: false,
    work: IDLE_WORK,
    deadlines: NO_DEADLINES,
    lastResult: null,
    stats: { invocations: 0, coldStarts: 0, warmStarts: 0, thaws: 0, retries: 0 },
  }),
  states: {
    cold: {
      on: { INVOKE: { target: 'initializing', actions: ['accept', 'markCold'] } },
    },
    // Cold start: import the handler module, prepare its runtime (spawn its thread), run its init.
    initializing: {
      invoke: {
        src: 'loadHandler', id: 'load', input: ({ context }) => ({ handler: context.handler, instanceId: context.instanceId }),
        onDone: { target: 'initRuntime', actions: 'keepLoaded' },
        onError: { target: 'terminated', actions: 'failStart' },
      },
    },
    initRuntime: {
      invoke: {
        src: 'prepareRuntime', id: 'runtime', input: ({ context }) => ({ handler: context.handler, instanceId: context.instanceId }),
        onDone: 'initHandler',
        onError: { target: 'terminated', actions: 'failStart' },
      },
    },
    initHandler: {
      invoke: {
        src: 'initHandler', id: 'init', input: ({ context }) => ({ handler: context.handler, instanceId: context.instanceId }),
        onDone: 'warm',
        onError: { target: 'terminated', actions: 'failStart' },
      },
    },
    warm: {
      // The invocation that caused a cold start or a thaw runs as soon as we are warm.
      always: { guard: 'hasPending', target: 'executing' },
      after: { freezeTimeout: { target: 'frozen', actions: 'freeze' } },
      on: {
        // Nothing to fetch: straight to the thread, the shortest way for the hot path.
        INVOKE: [{ guard: 'computeOnly', target: 'executing.threadCall' }, { target: 'executing' }],
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
          // The thread's deadline counts from now, not from the start of the fetch.
          always: [{ guard: 'needsThread', target: 'threadCall', actions: 'armThread' }, { guard: 'resolved', target: 'response' }, { target: 'dynamoDBCall' }],
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
            input: ({ context }) => ({ handler: context.handler, request: context.current!, attempt: context.work.attempt }),
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
              value: context.work.response,
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
        // The CPU-heavy part, in the instance's thread; the I/O above stays in the main thread.
        // Its answer is the response: straight back to warm, the shortest way for the hot path.
        threadCall: {
          entry: 'runInThread',
          on: {
            THREAD_DONE: { guard: 'isReply', target: '#worker.warm', actions: 'deliverOutput' },
            THREAD_FAILED: [
              { guard: and(['isReply', 'threadLost']), target: '#worker.terminated', actions: ['noteThreadError', 'deliver'] },
              { guard: 'isReply', target: '#worker.warm', actions: ['noteThreadError', 'deliver'] },
            ],
            CANCEL: { guard: 'isCurrent', target: '#worker.terminated', actions: 'cancel' },
          },
          // A runaway handler cannot be interrupted: its thread is terminated, and the instance with it.
          after: { threadTimeout: { target: '#worker.terminated', actions: ['timeOut', 'deliver'] } },
        },
        response: { always: { target: '#worker.warm', actions: 'deliver' } },
      },
    },
    frozen: {
      entry: 'freezeInstance',
      after: { terminateTimeout: { target: 'terminated', actions: 'terminate' } },
      on: {
        INVOKE: { target: 'warm', actions: ['accept', 'thaw', 'thawInstance'] },
        REARM: { target: 'frozen', reenter: true, actions: 'touch' },
      },
    },
    terminated: { type: 'final', entry: 'releaseInstance' },
  },
});
