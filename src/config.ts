import { z } from 'zod';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const handlerLimits = z.object({
  maxInstances: z.number().int().min(1).max(64).optional(),
  memoryMb: z.number().int().min(16).max(16 * 1024).optional(),
  timeoutMs: z.number().int().positive().optional(),
}).strict();

/** Every number of the design in one validated place. Times are milliseconds. */
export const configSchema = z.object({
  breaker: z.object({
    failureThreshold: z.number().int().positive().default(5),
    windowMs: z.number().int().positive().default(60 * SECOND),
    openMs: z.number().int().positive().default(30 * SECOND),
  }).strict().prefault({}),
  session: z.object({
    maxFailures: z.number().int().positive().default(5),
    failureWindowMs: z.number().int().positive().default(15 * MINUTE),
    lockoutMs: z.number().int().positive().default(15 * MINUTE),
    idleTimeoutMs: z.number().int().positive().default(30 * MINUTE),
    tokenTtlMs: z.number().int().positive().default(60 * MINUTE),
    refreshLeadMs: z.number().int().positive().default(5 * MINUTE),
    /** A session idle this long is persisted and its actor stopped; it comes back on its next request. */
    passivateAfterMs: z.number().int().positive().default(5 * MINUTE),
    reapEveryMs: z.number().int().positive().default(1 * MINUTE),
  }).strict().refine((s) => s.refreshLeadMs < s.tokenTtlMs, 'session.refreshLeadMs must be below session.tokenTtlMs').prefault({}),
  cache: z.object({
    ttlMs: z.object({
      mep: z.number().int().positive().default(24 * HOUR),
      vote: z.number().int().positive().default(12 * HOUR),
      plenary: z.number().int().positive().default(6 * HOUR),
      document: z.number().int().positive().default(24 * HOUR),
      committee: z.number().int().positive().default(48 * HOUR),
      other: z.number().int().positive().default(6 * HOUR),
    }).strict().prefault({}),
    staleWindowMs: z.number().int().nonnegative().default(7 * 24 * HOUR),
    maxEntries: z.number().int().positive().default(5000),
    maxBytes: z.number().int().positive().default(64 * 1024 * 1024),
  }).strict().prefault({}),
  /** The distributed (L2) tier: entry actors live only while something happens to them; their state is in the store. */
  l2: z.object({
    /** Entry actors alive at once; further activations wait for a place. */
    maxActive: z.number().int().positive().default(256),
    /** An entry actor at rest this long is stopped; its state is already in the store. */
    idleMs: z.number().int().nonnegative().max(24 * HOUR).default(2 * SECOND),
    refresh: z.object({
      /** Refresh in the background when this share of the TTL is left; 0 turns background refresh off. */
      leadFraction: z.number().min(0).max(0.9).default(0.1),
      maxConcurrent: z.number().int().positive().default(2),
      /** At least this long between two refresh starts, so refreshes never burst. */
      minIntervalMs: z.number().int().nonnegative().default(500),
      /** A refresh starts only while its family, and all families together, have used less than this share of their upstream budget. */
      budgetShare: z.number().positive().max(1).default(0.5),
      maxAttempts: z.number().int().min(1).max(20).default(5),
      baseDelayMs: z.number().int().positive().default(30 * SECOND),
      maxDelayMs: z.number().int().positive().default(30 * MINUTE),
      /** How long one process's claim on a refresh keeps the others from starting the same one. */
      leaseMs: z.number().int().positive().default(2 * MINUTE),
      /** Each process wakes a due row up to this much after its deadline (a spread fixed per process and row), so processes sharing a store do not claim it at the same instant. */
      jitterMs: z.number().int().nonnegative().default(2 * SECOND),
    }).strict().prefault({}),
    schedule: z.object({
      /** Refresh deadlines are kept in the store in buckets of this width. */
      bucketMs: z.number().int().positive().default(5 * MINUTE),
      /** Deadlines this close are held in memory and timed exactly; later ones wait in the store. */
      lookaheadMs: z.number().int().positive().default(10 * MINUTE),
      /** How often the store's buckets are read for deadlines (this process's and other processes'). */
      scanEveryMs: z.number().int().positive().default(1 * MINUTE),
      /** On start, deadlines missed this far back are still picked up. */
      lookbackMs: z.number().int().nonnegative().default(1 * HOUR),
      /** New deadlines are written to their buckets together, at most this often. */
      flushEveryMs: z.number().int().nonnegative().default(1 * SECOND),
    }).strict().refine((s) => s.scanEveryMs <= s.lookaheadMs, 'l2.schedule.scanEveryMs must not exceed l2.schedule.lookaheadMs').prefault({}),
    invalidation: z.object({
      /** How often another process's invalidations are looked for. */
      pollMs: z.number().int().positive().default(1 * SECOND),
      /** Invalidation markers kept at once; past this the oldest are folded into one wider marker. */
      maxMarkers: z.number().int().min(2).max(10_000).default(256),
    }).strict().prefault({}),
  }).strict().prefault({}),
  retry: z.object({
    maxAttempts: z.number().int().min(1).max(10).default(3),
    baseDelayMs: z.number().int().positive().default(200),
    maxDelayMs: z.number().int().positive().default(10 * SECOND),
  }).strict().prefault({}),
  worker: z.object({
    freezeAfterMs: z.number().int().positive().default(5 * MINUTE),
    terminateAfterMs: z.number().int().positive().default(15 * MINUTE),
  }).strict().prefault({}),
  connection: z.object({
    idleAfterMs: z.number().int().positive().default(10 * MINUTE),
    disconnectAfterMs: z.number().int().positive().default(60 * MINUTE),
    rateLimitCooldownMs: z.number().int().positive().default(1 * SECOND),
  }).strict().prefault({}),
  upstream: z.object({
    timeoutMs: z.number().int().positive().default(15 * SECOND),
    /** The EP's published limit: 500 requests per 5 minutes per endpoint family. */
    budgetPerWindow: z.number().int().positive().default(500),
    budgetWindowMs: z.number().int().positive().default(5 * MINUTE),
    /** All families together, per window: our own cap on what one server sends the EP. */
    globalBudgetPerWindow: z.number().int().positive().default(2000),
  }).strict().prefault({}),
  requests: z.object({
    maxConcurrent: z.number().int().positive().default(32),
    streamThresholdBytes: z.number().int().positive().default(256 * 1024),
  }).strict().prefault({}),
  rateLimit: z.object({
    capacity: z.number().int().positive().default(120),
    refillPerSecond: z.number().positive().default(20),
  }).strict().prefault({}),
  report: z.object({
    /** A report ends within this, whatever its steps are doing. */
    timeoutMs: z.number().int().positive().default(5 * MINUTE),
    /** Attempts per fetch step, the first one included. */
    maxAttempts: z.number().int().min(1).max(10).default(3),
    /** Wait before a step's second attempt; each further wait is `backoffRate` times longer. */
    retryIntervalMs: z.number().int().positive().default(2 * SECOND),
    backoffRate: z.number().min(1).max(10).default(2),
    /** Plenary sittings whose roll calls one report reads, most recent first. */
    maxSittings: z.number().int().min(1).max(50).default(8),
    /** Documents one report reads in detail. */
    maxDocuments: z.number().int().min(0).max(100).default(10),
  }).strict().prefault({}),
  workers: z.object({
    /** Instances (so concurrent calls, and threads) per handler. */
    maxInstancesPerHandler: z.number().int().min(1).max(64).default(4),
    /** The V8 heap (old generation) of one handler thread. */
    memoryMb: z.number().int().min(16).max(16 * 1024).default(512),
    /** A thread call running longer ends its thread (and instance) with a timeout error. */
    timeoutMs: z.number().int().positive().default(30 * SECOND),
    /** Per-handler overrides of the three limits above, by handler name (e.g. `doceo`). */
    handlers: z.record(z.string(), handlerLimits).default({}),
  }).strict().prefault({}),
  store: z.object({
    /** Longest wait for one store operation; past it the store counts as down and is skipped. */
    timeoutMs: z.number().int().positive().default(2 * SECOND),
    /** While the store is down, it is tried again this often. */
    retryMs: z.number().int().positive().default(2 * SECOND),
    /** Breaker state: per instance in memory, persisted across restarts, or shared by instances on one store. */
    breakers: z.enum(['local', 'persisted', 'shared']).default('persisted'),
  }).strict().prefault({}),
  system: z.object({
    /** Children per parent stay under this; larger populations are sharded. */
    shardSize: z.number().int().min(16).max(1000).default(512),
    /** Shards per population (cache entries, sessions, requests, connections). */
    shards: z.number().int().min(1).max(1024).default(64),
  }).strict().prefault({}),
}).strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Parses a config, naming every bad field in one error. */
export function loadConfig(input: unknown = {}): Config {
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

export const defaultConfig: Config = loadConfig({});

export interface HandlerLimits { maxInstances: number; memoryMb: number; timeoutMs: number }

/** The limits one handler runs under: its overrides, else the workers' defaults. */
export function limitsOf(config: Config, handler: string): HandlerLimits {
  const w = config.workers;
  const o = w.handlers[handler] ?? {};
  return { maxInstances: o.maxInstances ?? w.maxInstancesPerHandler, memoryMb: o.memoryMb ?? w.memoryMb, timeoutMs: o.timeoutMs ?? w.timeoutMs };
}
