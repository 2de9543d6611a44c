import { TimerHeap } from './timer-heap.ts';
import { createActor, type Actor, type AnyActorRef, type InspectionEvent, type Observer } from 'xstate';
import { verifyCredentials, refreshToken } from '../actors/credentials.ts';
import { HandlerRuntime } from '../actors/handlers.ts';
import { pipelineActors, type PipelineDeps, type RequestHooks } from '../actors/pipeline.ts';
import { populate, type Loader } from '../actors/populate.ts';
import { reportActions, reportActors, type ReportDeps, type ReportHooks } from '../actors/report.ts';
import { lookupStore, storeResult } from '../actors/store.ts';
import { callUpstream } from '../actors/upstream.ts';
import { cacheEntryMachine, circuitBreakerMachine, connectionMachine, reportWorkflowMachine, requestPipelineMachine, sessionMachine, workerMachine } from '../machines/index.ts';
import { Breakers, FAMILIES } from './breakers.ts';
import { defaultConfig, limitsOf, type Config } from './config.ts';
import { Connections, type ConnectionRef } from './connections.ts';
import type { Environment } from './environment.ts';
import { L1Cache, type EntryRef } from './l1-cache.ts';
import { createL2 } from './l2/index.ts';
import { actorLogger } from './logger.ts';
import { Population } from './population.ts';
import { Host } from './host.ts';
import { Registry } from './registry.ts';
import { TokenBuckets } from './rate-limit.ts';
import { Reports, type ReportRef } from './report/reports.ts';
import { Requests, type PipelineRef } from './requests.ts';
import { createRootMachine } from './root.ts';
import { Semaphore } from './semaphore.ts';
import { UpstreamBudget } from './upstream-budget.ts';
import { Sessions, type SessionRef } from './sessions.ts';
import { createShardMachine } from './shard.ts';
import { persistBreaker, restorable, type BreakerSnapshots } from './store/breaker-state.ts';
import { StoreUnavailableError } from './store/failover.ts';
import { Lockouts } from './store/lockouts.ts';
import { LocalShared } from './store/shared.ts';
import type { HandlerRegistry, ToolRegistry } from './tools.ts';
import { WorkerPool, type WorkerRef } from './worker-pool.ts';

export interface SystemOptions {
  env: Environment;
  config?: Config;
  tools?: ToolRegistry;
  handlers?: HandlerRegistry;
  inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /** Breakers as stored before a restart (see src/store/breaker-state.ts). */
  breakerSnapshots?: BreakerSnapshots;
}

export type EuroparlSystem = ReturnType<typeof createSystem>;

const toCallback = (i: NonNullable<SystemOptions['inspect']>) => (typeof i === 'function' ? i : (e: InspectionEvent) => i.next?.(e));

/** The composition root: every lifecycle runs as an actor under one root. */
export function createSystem(options: SystemOptions) {
  const { env } = options;
  const config = options.config ?? defaultConfig;
  const { clock, logger } = env;
  const tools: ToolRegistry = options.tools ?? new Map();
  const loaders = new Map<string, Loader>();
  const hooks = new Map<string, RequestHooks>();
  const runtime = new HandlerRuntime(options.handlers ?? {}, {
    memoryMb: (handler) => limitsOf(config, handler).memoryMb,
    onThreadLost: (handler, instanceId, err) => {
      logger.warn({ handler, instanceId, err }, 'a handler thread ended unexpectedly');
      workers.noteThreadLost(handler);
    },
  });

  // The actors' timers on one real timer, armed lazily: a deadline set and cleared on every call
  // (a worker's thread timeout, a request's deadline) then costs a heap entry, not a Node timer.
  const timers = new TimerHeap(clock, { lazy: true });
  let root: Actor<ReturnType<typeof createRootMachine>> | undefined;
  const lookup = (systemId: string): AnyActorRef | undefined => root?.system.get(systemId);
  const breakers = new Breakers((f) => lookup(`breaker:${f}`) as ReturnType<Breakers['ref']> | undefined, clock);
  // One process alone keeps shared state in memory; many instances pass Redis's (see src/store.ts).
  const shared = env.shared ?? new LocalShared(() => clock.now());
  const budget = new UpstreamBudget(config.upstream.budgetPerWindow, config.upstream.budgetWindowMs, config.upstream.globalBudgetPerWindow, shared);
  // While the store is down that was said once already (src/store/health.ts): no warning per session.
  const storeError = (err: unknown) => (err instanceof StoreUnavailableError ? logger.debug : logger.warn).call(logger, { err }, 'session state could not be stored');
  const lockouts = new Lockouts(shared, env.store, clock, config.session, storeError);
  // Filled in once the root has started; the pipeline's actors read it per call.
  const deps = {} as PipelineDeps;

  const sessionLogic = sessionMachine.provide({
    actors: { verifyCredentials: verifyCredentials(env.keys, lockouts), refreshToken: refreshToken(env.keys) },
  });
  const cacheEntryLogic = cacheEntryMachine.provide({ actors: { populate: populate(loaders) } });
  // L2 entries are standalone actors too, alive only while something happens to them.
  const l2 = createL2({
    env,
    config,
    breakers,
    budget,
    handlers: options.handlers ?? {},
    registry: { clock, logger, ...(options.inspect ? { inspect: toCallback(options.inspect) } : {}) },
  });
  const pipelineLogic = requestPipelineMachine.provide({ actors: pipelineActors(deps) });
  const reportHooks = new Map<string, ReportHooks>();
  const reportDeps: ReportDeps = { fetch: deps, store: env.store, clock, config, hooks: reportHooks };
  const reportLogic = reportWorkflowMachine.provide({ actors: reportActors(reportDeps), actions: reportActions(reportDeps) });
  const shard = createShardMachine({
    connection: connectionMachine,
    worker: workerMachine.provide({
      actors: {
        loadHandler: runtime.loadHandler(),
        prepareRuntime: runtime.prepareRuntime(),
        initHandler: runtime.initHandler(),
        lookupStore: lookupStore(l2),
        callUpstream: callUpstream(runtime, breakers, budget, env.upstream, clock, config.upstream.timeoutMs),
        storeResult: storeResult(l2),
        threadLink: runtime.threadLink(),
      },
      actions: {
        freezeInstance: ({ context }) => runtime.freeze(context.instanceId),
        thawInstance: ({ context }) => runtime.thaw(context.instanceId),
        releaseInstance: ({ context }) => runtime.release(context.instanceId),
      },
    }),
  });

  const shardIds = (kind: string, n: number) => Array.from({ length: n }, (_, i) => `shard:${kind}:${i}`);
  const n = config.system.shards;
  const shards = {
    connection: shardIds('connection', Math.max(1, Math.ceil(n / 8))),
    worker: shardIds('worker', 1),
  };

  const restored = options.breakerSnapshots ?? {};
  root = createActor(createRootMachine({ breaker: restorable(circuitBreakerMachine), shard }), {
    systemId: 'root',
    clock: timers,
    logger: actorLogger(logger),
    ...(options.inspect ? { inspect: options.inspect } : {}),
    input: {
      breakers: FAMILIES.map((family) => ({
        systemId: `breaker:${family}`,
        input: { family, ...config.breaker, now: clock.now(), ...(restored[family] ? { restoreFrom: restored[family] } : {}) },
      })),
      shards: Object.values(shards).flat(),
    },
  });
  root.subscribe({ error: (err) => logger.error({ err }, 'actor system failed') });
  root.start();
  for (const family of FAMILIES) {
    const ref = breakers.ref(family);
    // A restored breaker lost its timer: REARM schedules what is left of it.
    if (restored[family]) ref.send({ type: 'REARM', at: clock.now() });
    persistBreaker(ref, family, env.store, shared, config.store.breakers, (err) => logger.warn({ err, family }, 'breaker state could not be stored'));
  }

  const refs = (ids: string[]) => ids.map((id) => lookup(id)!);
  // Sessions and cache entries number in the tens of thousands. Sessions share one system under a
  // host (src/host.ts); cache entries, request pipelines and reports are standalone actors in registries.
  const standalone = { clock: timers, logger, ...(options.inspect ? { inspect: toCallback(options.inspect) } : {}) };
  const populations = {
    connections: new Population<ConnectionRef>('connection', 'connection', refs(shards.connection), lookup),
    // The host keeps its sessions' deadlines on a heap of its own.
    sessions: new Host<SessionRef>('session', sessionLogic, { ...standalone, clock }),
    cache: new Registry<EntryRef>('cache entry', cacheEntryLogic, standalone),
    requests: new Registry<PipelineRef>('request', pipelineLogic, standalone),
    reports: new Registry<ReportRef>('report', reportLogic, standalone),
    workers: new Population<WorkerRef>('worker', 'worker', refs(shards.worker), lookup),
  };
  const l1 = new L1Cache(populations.cache, clock, config.cache, loaders);
  const workers = new WorkerPool(populations.workers, clock, config, (id) => runtime.release(id));
  const sessions = new Sessions(populations.sessions, clock, config.session, env.store, storeError, lockouts);
  shared.subscribe((notice) => {
    if (notice.kind === 'session-locked') sessions.adopt(notice.principal, notice.snapshot);
    else if (notice.kind === 'session-unlocked') sessions.release(notice.principal, notice.at);
    else if (notice.kind === 'breaker' && config.store.breakers === 'shared') breakers.follow(notice.family, notice.snapshot);
  });
  const connections = new Connections(populations.connections, clock, config.connection);
  const requests = new Requests(populations.requests, hooks, clock, config);
  const reports = new Reports(populations.reports, reportHooks, clock, config.report);
  const limits = {
    buckets: new TokenBuckets(config.rateLimit.capacity, config.rateLimit.refillPerSecond, shared),
    slots: new Semaphore(config.requests.maxConcurrent),
  };
  Object.assign(deps, {
    tools,
    breakers,
    l1,
    ...limits,
    workers,
    clock,
    config,
    hooks,
    // Tools whose data a workflow actor gathers, by machine key.
    workflows: new Map([['report-workflow', reports.runner]]),
  } satisfies PipelineDeps);

  const actor = root;
  return {
    actor,
    config,
    env,
    breakers,
    l1,
    l2,
    workers,
    runtime,
    sessions,
    connections,
    requests,
    reports,
    limits,
    budget,
    deps,
    populations,
    get: lookup,
    /** The live state of every actor, for `system://status`. */
    status() {
      return {
        connections: connections.status(),
        breakers: breakers.status(),
        cache: l1.status(),
        l2: l2.status(),
        workers: workers.status(),
        sessions: { live: sessions.size },
        // Where shared state lives, and whether it answers: the server runs on without it.
        store: env.storeStatus?.() ?? { kind: shared.kind, state: 'up' },
        requests: { inFlight: requests.inFlight, completed: requests.completed, queued: deps.slots.queued },
        reports: { inFlight: reports.inFlight, completed: reports.completed, outcomes: reports.outcomes },
        // Requests spent against the EP's 500 per 5 minutes, per endpoint family.
        upstreamBudget: {
          ...Object.fromEntries(FAMILIES.map((f) => [f, { used: budget.used(f, clock.now()), of: config.upstream.budgetPerWindow }])),
          all: { used: budget.usedInAll(clock.now()), of: config.upstream.globalBudgetPerWindow },
        },
        // The children bound holds: the largest shard, per sharded population.
        largestShard: { connections: Math.max(...populations.connections.shardSizes()), workers: Math.max(...populations.workers.shardSizes()) },
        actorErrors: actor.getSnapshot().context.errors + populations.sessions.errors + populations.cache.errors + populations.requests.errors + populations.reports.errors + l2.errors,
      };
    },
    /** Stops every actor: the registries' members, then the root with its children. */
    stop(): void {
      l2.stop();
      populations.cache.stopAll();
      populations.sessions.stopAll();
      populations.requests.stopAll();
      populations.reports.stopAll();
      actor.stop();
      timers.clear();
      void runtime.close();
    },
  };
}
