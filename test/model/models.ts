import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { freshEntry, type DistributedEntryContext } from '../../machines/cache-entry-distributed.ts';
import { machines, type MachineKey } from '../../machines/index.ts';
import { defaultConfig } from '../../src/config.ts';
import { beforeNextTimer, dueTimers, invokeOutcomes, valueKey } from './graph.ts';

/** How to explore one machine: its input, the events it can receive, and a bounded state key. */
export interface Model {
  key: MachineKey;
  machine: AnyStateMachine;
  input: unknown;
  events: (s: AnyMachineSnapshot) => EventObject[];
  /** Abstraction of context that matters for behaviour (kept small so traversal ends). */
  abstract: (s: AnyMachineSnapshot) => unknown;
}

const cfg = defaultConfig;
const at = (s: AnyMachineSnapshot) => (s.context as { updatedAt: number }).updatedAt;
const timed = (s: AnyMachineSnapshot, ...types: string[]) => types.map((type) => ({ type, at: at(s) }));
const fail = (message: string, extra: object = {}) => ({ message, ...extra });

export const breakerModel: Model = {
  key: 'circuit-breaker',
  machine: machines['circuit-breaker'],
  input: { family: 'meps', ...cfg.breaker, now: 0 },
  events: (s) => [
    ...timed(s, 'REQUEST', 'SUCCESS', 'FAILURE', 'PROBE_ABORTED', 'REARM', 'RESET'),
    ...dueTimers(machines['circuit-breaker'], s),
  ],
  abstract: (s) => [s.context.failures.length, s.context.probeInFlight],
};

const verifyOk = { valid: true, roles: ['reader'], tokenDigest: 'digest-1' };
const verifyBad = { valid: false, roles: [], tokenDigest: null };

export const sessionModel: Model = {
  key: 'session',
  machine: machines.session,
  input: { principal: 'alice', ...cfg.session, now: 0 },
  events: (s) => [
    { type: 'CREDENTIALS', credential: 'presented-key', at: at(s) },
    // Activity half an idle period later, so the refresh deadline can come first.
    { type: 'REQUEST', at: Math.max(at(s), beforeNextTimer(machines.session, s, at(s) + cfg.session.idleTimeoutMs / 2)) },
    ...timed(s, 'LOGOUT', 'ADMIN_UNLOCK', 'REARM'),
    ...invokeOutcomes(s, 'verify', [verifyOk, verifyBad], fail('key store unavailable')),
    ...invokeOutcomes(s, 'refresh', [{ tokenDigest: 'digest-2' }], fail('principal no longer holds a key')),
    ...dueTimers(machines.session, s),
  ],
  abstract: (s) => {
    const c = s.context;
    const refreshFirst = c.tokenExpiresAt !== null && c.expiresAt !== null && c.tokenExpiresAt - c.refreshLeadMs < c.expiresAt;
    return [c.failures.length, refreshFirst];
  },
};

export const connectionModel: Model = {
  key: 'connection',
  machine: machines.connection,
  input: { connectionId: 'c1', transport: 'stdio', ...cfg.connection, now: 0 },
  events: (s) => [
    ...timed(s, 'CONFIG_LOADED', 'CLIENT_CONNECTED', 'RETRY', 'SESSION_ESTABLISHED', 'REQUEST_STARTED', 'RESPONSE_SENT', 'CLIENT_DISCONNECTED', 'SHUTDOWN', 'REARM'),
    { type: 'CONFIG_ERROR', error: 'bad config', at: at(s) },
    { type: 'AUTH_OK', principal: 'local', roles: ['reader'], at: at(s) },
    { type: 'AUTH_FAILED', reason: 'wrong key', at: at(s) },
    { type: 'QUOTA_EXCEEDED', at: at(s) },
    ...dueTimers(machines.connection, s),
  ],
  abstract: (s) => [Math.min(s.context.inFlight, 2)],
};

const populated = { value: { id: 1 }, bytes: 8 };

export const cacheEntryModel: Model = {
  key: 'cache-entry',
  machine: machines['cache-entry'],
  input: { key: 'data:item:1', ttlMs: cfg.cache.ttlMs.mep, staleWindowMs: cfg.cache.staleWindowMs, now: 0 },
  events: (s) => [
    ...timed(s, 'READ', 'REFRESH', 'EVICT', 'INVALIDATE', 'RESET', 'REARM'),
    { type: 'FILL', value: { id: 2 }, bytes: 8, at: at(s) },
    ...invokeOutcomes(s, 'populate', [populated], fail('the EP API answered 404')),
    ...invokeOutcomes(s, 'refresh', [populated], fail('the EP API is down')),
    ...dueTimers(machines['cache-entry'], s),
  ],
  abstract: (s) => [s.context.value !== null],
};

const request = { requestId: 'r1', key: 'item:1', params: { id: '1' }, ttlMs: cfg.cache.ttlMs.mep };
/** Pure computation: nothing to fetch, the params go to the thread. */
const computation = { requestId: 'r1', params: { input: { id: 1 } } };
/** The thread link's replies to the invocation in hand. */
const threadReplies = (s: AnyMachineSnapshot): EventObject[] =>
  s.matches({ executing: 'threadCall' } as never)
    ? [
        { type: 'THREAD_DONE', requestId: 'r1', output: { computed: 1 } },
        { type: 'THREAD_FAILED', requestId: 'r1', error: fail('the handler refused its input', { code: 'bad_input' }) },
        { type: 'THREAD_FAILED', requestId: 'r1', error: fail('the thread crashed', { code: 'thread_crashed' }) },
      ] as unknown as EventObject[]
    : [];

export const workerModel: Model = {
  key: 'worker',
  machine: machines.worker,
  input: { handler: 'meps', instanceId: 'w1', ...cfg.worker, threadTimeoutMs: cfg.workers.timeoutMs, ...cfg.retry, now: 0 },
  events: (s) => [
    { type: 'INVOKE', request, at: at(s) },
    ...(s.context.threaded ? [{ type: 'INVOKE', request: computation, at: at(s) }] : []),
    { type: 'CANCEL', requestId: 'r1', at: at(s) },
    ...timed(s, 'REARM'),
    // An I/O handler, or one that also runs work in its own thread.
    ...invokeOutcomes(s, 'load', [{ threaded: false }, { threaded: true }], fail('cannot import handler')),
    ...invokeOutcomes(s, 'runtime', [undefined], fail('handler module has no upstream()')),
    ...invokeOutcomes(s, 'init', [undefined], fail('handler init failed')),
    // A threaded instance does the same I/O: its store faults and retries are walked once, unthreaded.
    ...invokeOutcomes(
      s,
      'lookup',
      [{ value: { id: 1 }, fetchedAt: at(s), fresh: true }, { value: { id: 0 }, fetchedAt: at(s) - cfg.cache.ttlMs.mep - 1, fresh: false }, null],
      s.context.threaded ? undefined : fail('store unavailable'),
    ),
    ...invokeOutcomes(s, 'upstream', [{ id: 1 }], s.context.threaded ? undefined : fail('503 from the EP API', { code: 'http_503', transient: true, status: 503 })),
    ...invokeOutcomes(s, 'upstream', [], fail('404 from the EP API', { code: 'http_404', transient: false, status: 404 })),
    ...invokeOutcomes(s, 'store', [undefined], s.context.threaded ? undefined : fail('store unavailable')),
    ...threadReplies(s),
    ...dueTimers(machines.worker, s),
  ],
  abstract: (s) => {
    const { work } = s.context;
    return [work.attempt, work.stored !== null, s.context.pending !== null, work.outcome, s.context.threaded];
  },
};

const validated = (role: string) => ({ params: { id: '1' }, requiredRole: role, cacheKey: 'echo_item:1:0', family: 'meps' });

/**
 * Steps the running system answers within the same flush (a parse, a token
 * bucket, a map lookup): no outside event can arrive while they run.
 */
const INSTANT_STEPS = ['validating', 'authorized', 'cacheCheck'];

export const pipelineModel: Model = {
  key: 'request-pipeline',
  machine: machines['request-pipeline'],
  input: { requestId: 'r1', tool: 'echo_item', args: { id: '1' }, principal: 'local', roles: ['reader'], streamThresholdBytes: 64, now: 0 },
  events: (s) => [
    ...(INSTANT_STEPS.some((v) => s.matches(v)) ? [] : [{ type: 'CANCEL', at: at(s) }]),
    ...invokeOutcomes(s, 'validate', [validated('reader'), validated('admin')], fail('id: expected a numeric id')),
    ...invokeOutcomes(s, 'admit', [{ admitted: true }, { admitted: false, retryAfterMs: 500 }]),
    ...invokeOutcomes(s, 'slot', [undefined]),
    ...invokeOutcomes(s, 'l1', [{ hit: true, value: { id: 1 }, ageMs: 0 }, { hit: false }]),
    ...invokeOutcomes(
      s,
      'fetch',
      [{ value: { id: 1 }, source: 'upstream', fetchedAt: 0 }, { value: { id: 0 }, source: 'stale', fetchedAt: -1 }],
      fail('EP API unavailable', { code: 'upstream_unavailable' }),
    ),
    ...invokeOutcomes(s, 'transform', [{ value: { id: 1 }, bytes: 8 }, { value: { big: 'x'.repeat(100) }, bytes: 120 }], fail('garbage from upstream')),
    ...invokeOutcomes(s, 'transformStale', [{ value: { id: 0 }, bytes: 8 }], fail('garbage in the stored copy')),
    ...invokeOutcomes(s, 'cache', [undefined]),
    ...invokeOutcomes(s, 'stream', [undefined], fail('client went away')),
  ],
  abstract: (s) => [s.context.bytes > s.context.streamThresholdBytes, s.context.fallback !== null, s.context.validated?.requiredRole ?? null],
};

const report = cfg.report;
const stepData = (s: AnyMachineSnapshot) => ({ value: {}, stale: false, cached: false, fetchedAt: at(s), at: at(s) });
const FETCH_STEPS = ['mep', 'voting', 'documents'];
const ANALYSES = ['votingPatterns', 'coalitions', 'network'];

export const reportModel: Model = {
  key: 'report-workflow',
  machine: machines['report-workflow'],
  input: {
    requestId: 'r1',
    args: { reportType: 'MEP_ACTIVITY', subjectId: '1294', year: 2024 },
    timeoutMs: report.timeoutMs,
    maxAttempts: report.maxAttempts,
    retryIntervalMs: report.retryIntervalMs,
    backoffRate: report.backoffRate,
    now: 0,
  },
  events: (s) => [
    ...timed(s, 'CANCEL', 'REARM'),
    ...invokeOutcomes(s, 'validate', [{ reportType: 'MEP_ACTIVITY' }], fail('reportType: invalid option')),
    ...FETCH_STEPS.flatMap((id) => [
      ...invokeOutcomes(s, id, [stepData(s)], fail('the EP API answered 503', { code: 'http_503', transient: true, at: at(s) })),
      ...invokeOutcomes(s, id, [], fail('the EP API answered 400', { code: 'http_400', transient: false, at: at(s) })),
    ]),
    ...ANALYSES.flatMap((id) => invokeOutcomes(s, id, [{ done: true }], fail('the analytics runtime failed'))),
    ...invokeOutcomes(s, 'assemble', [{ id: 'r', value: { title: 'Report' } }]),
    ...invokeOutcomes(s, 'store', [undefined], fail('store unavailable')),
    // Assembly is synchronous work: no timer can fire while it runs.
    ...(s.matches({ running: { steps: 'generatePDFReport' } }) ? [] : dueTimers(machines['report-workflow'], s)),
  ],
  abstract: (s) => [s.context.attempt, s.context.nextRetryAt !== null],
};

const HOUR = 60 * 60 * 1000;
/** Short TTL and stale window, so paths through expiry stay within the simulated clock's timer range. */
export const l2Recipe = { handler: 'meps', params: { path: 'meps/1' } };
export const l2Input = {
  key: 'data:meps:meps/1',
  staleWindowMs: 2 * HOUR,
  refreshLeadFraction: 0.1,
  maxAttempts: 2,
  baseDelayMs: cfg.l2.refresh.baseDelayMs,
  maxDelayMs: cfg.l2.refresh.maxDelayMs,
  now: 0,
};

export const cacheEntryDistributedModel: Model = {
  key: 'cache-entry-distributed',
  machine: machines['cache-entry-distributed'],
  input: l2Input,
  events: (s) => {
    const c = s.context as DistributedEntryContext;
    const t = at(s);
    const e = c.entry;
    return [
      { type: 'WRITE', value: { id: 1 }, ttlMs: HOUR, recipe: l2Recipe, at: t },
      ...timed(s, 'READ', 'INVALIDATE', 'REARM'),
      ...invokeOutcomes(s, 'write', [undefined], fail('store unavailable')),
      ...invokeOutcomes(
        s,
        'claim',
        [
          { outcome: 'claimed', at: t },
          // Another process holds the lease until just past the TTL (or just past now).
          { outcome: 'busy', at: t, retryAt: Math.max(t, e?.staleAt ?? t) + 1 },
          // Newer data stored by another process; the second one's process keeps no stale window.
          ...(e ? [{ outcome: 'newer', at: t, entry: freshEntry(c, { id: 3 }, t, e.ttlMs, e.recipe) }] : []),
          ...(e ? [{ outcome: 'newer', at: t, entry: freshEntry({ ...c, staleWindowMs: 0 }, { id: 4 }, t, e.ttlMs, e.recipe) }] : []),
          { outcome: 'gone', at: t },
        ],
        fail('store unavailable'),
      ),
      ...invokeOutcomes(s, 'fetch', [{ value: { id: 2 }, fetchedAt: t }], fail('503 from the EP API', { code: 'http_503', transient: true, status: 503 })),
      ...invokeOutcomes(s, 'fetch', [], fail('404 from the EP API', { code: 'http_404', transient: false, status: 404 })),
      ...invokeOutcomes(s, 'save', [undefined], fail('store unavailable')),
      ...invokeOutcomes(s, 'saveFailure', [undefined], fail('store unavailable')),
      ...invokeOutcomes(s, 'delete', [undefined], fail('store unavailable')),
      ...dueTimers(machines['cache-entry-distributed'], s),
    ];
  },
  abstract: (s) => {
    const c = s.context as DistributedEntryContext;
    const e = c.entry;
    if (!e) return null;
    const refresh = e.refreshAt === null ? 'none' : e.refreshAt < e.staleAt ? 'early' : 'late';
    return [e.attempt, e.nextRetryAt !== null, refresh, c.updatedAt >= e.staleAt, e.expiresAt <= e.staleAt];
  },
};

/** A finished actor takes no more events. */
const whileActive = (m: Model): Model => ({ ...m, events: (s) => (s.status === 'active' ? m.events(s) : []) });

export const models: Record<MachineKey, Model> = {
  connection: whileActive(connectionModel),
  session: whileActive(sessionModel),
  'cache-entry': whileActive(cacheEntryModel),
  'circuit-breaker': whileActive(breakerModel),
  'request-pipeline': whileActive(pipelineModel),
  worker: whileActive(workerModel),
  'report-workflow': whileActive(reportModel),
  'cache-entry-distributed': whileActive(cacheEntryDistributedModel),
};

/** An event as a key: its payload without the time, which only grows. */
export function eventKey(event: EventObject | undefined): string {
  if (!event) return '';
  const { at: _at, ...rest } = event as EventObject & { at?: number };
  return JSON.stringify(rest);
}

/**
 * State key for traversal: the edge that led here (previous state, event) plus
 * the state reached and a small abstraction of context. Every edge becomes a
 * node, so shortest paths take every enabled transition.
 */
export function serializer(model: Model) {
  return (s: AnyMachineSnapshot, event: EventObject | undefined, prev?: AnyMachineSnapshot) =>
    `${prev ? valueKey(prev) + JSON.stringify(model.abstract(prev)) : ''}|${eventKey(event)}|${valueKey(s)}|${JSON.stringify(model.abstract(s))}`;
}
