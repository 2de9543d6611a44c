import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { keyFrom, loadOrCreateAuditKey } from './audit/key.ts';
import { auditTransitions } from './audit/recorder.ts';
import { AuditTrail } from './audit/trail.ts';
import type { InspectionEvent } from 'xstate';
import { setAnalyticsRunner } from './analytics/run.ts';
import { systemClock } from './clock.ts';
import { loadConfig, type Config } from './config.ts';
import type { KeyRecord } from './environment.ts';
import { defaultKeyFile, KeyFile } from './keys/file.ts';
import { createLogger } from './logger.ts';
import { FAMILIES } from './breakers.ts';
import { openStore } from './store.ts';
import { loadBreakers } from './store/breaker-state.ts';
import { createSystem } from './system.ts';
import type { HandlerRegistry, ToolRegistry } from './tools.ts';
import { httpUpstream } from './upstream-http.ts';

export interface StartOptions {
  /** Where the tamper-evident audit trail goes; none when absent. */
  audit?: string;
  store?: string;
  handlers?: HandlerRegistry;
  tools?: ToolRegistry;
  config?: Config;
  inspect?: (event: InspectionEvent) => void;
}

const SWEEP_EVERY_MS = 10 * 60_000;

/** The audit trail and its key: EUROPARL_MCP_AUDIT_KEY, else a 0600 key file beside the trail. */
function openTrail(file: string, logger: ReturnType<typeof createLogger>): AuditTrail {
  const env = process.env.EUROPARL_MCP_AUDIT_KEY;
  let key: Buffer;
  if (env) key = keyFrom(env);
  else {
    const loaded = loadOrCreateAuditKey(join(dirname(file), 'audit.key'));
    if (loaded.created) logger.info({ keyFile: join(dirname(file), 'audit.key') }, 'created a new audit key');
    if (loaded.tightened) logger.warn('audit key file permissions were too loose; set to 0600');
    key = loaded.key;
  }
  const trail = AuditTrail.open({ file, key, logger });
  logger.info({ file }, 'audit trail open');
  return trail;
}

/**
 * Active keys, re-read only when the key file changes (keys create/revoke take
 * effect without a restart). The file is looked at no more than once a second,
 * so a busy server does not stat it on every request.
 */
function keyRing(file: KeyFile, checkEveryMs = 1000): () => Promise<KeyRecord[]> {
  let seen = -1;
  let checkedAt = -Infinity;
  let keys: KeyRecord[] = [];
  return async () => {
    const now = Date.now();
    if (now - checkedAt < checkEveryMs) return keys;
    checkedAt = now;
    let mtime: number;
    try {
      mtime = statSync(file.path).mtimeMs;
    } catch {
      keys = [];
      seen = -1;
      return keys;
    }
    if (mtime !== seen) {
      keys = file.active();
      seen = mtime;
    }
    return keys;
  };
}

/** EUROPARL_MCP_CONFIG: a JSON object overriding any default of src/config.ts. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const text = env.EUROPARL_MCP_CONFIG;
  if (!text) return loadConfig({});
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`EUROPARL_MCP_CONFIG is not valid JSON: ${(e as Error).message}`);
  }
  return loadConfig(json);
}

/** Starts the actor system with its real environment: clock, SQLite store, EP API. */
export async function start(options: StartOptions = {}) {
  const logger = createLogger();
  const config = options.config ?? configFromEnv();
  const trail = options.audit ? openTrail(options.audit, logger) : undefined;
  const opened = await openStore(options.store ?? process.env.EUROPARL_MCP_STORE, logger, config.store);
  // A store outage and its end are audited: what the server decided meanwhile rested on local state only.
  if (trail) {
    const note = (s: ReturnType<typeof opened.health.snapshot>) => trail.append('store', { store: s.description, state: s.state, error: s.lastError });
    if (!opened.health.up) note(opened.health.snapshot());
    opened.health.onChange(note);
  }
  const keys = keyRing(new KeyFile(process.env.EUROPARL_MCP_KEYS ?? defaultKeyFile()));
  const breakerSnapshots = await loadBreakers(opened.store, FAMILIES, config.breaker, config.store.breakers);
  const inspectors = [trail ? auditTransitions(trail) : undefined, options.inspect].filter((f) => f !== undefined);
  const system = createSystem({
    env: { clock: systemClock, logger, store: opened.store, shared: opened.shared, storeStatus: () => opened.health.snapshot(), upstream: httpUpstream(), keys },
    config,
    breakerSnapshots,
    ...(options.handlers ? { handlers: options.handlers } : {}),
    ...(options.tools ? { tools: options.tools } : {}),
    ...(inspectors.length ? { inspect: (e: InspectionEvent) => inspectors.forEach((f) => f(e)) } : {}),
  });
  // With an `analytics` handler, analytics run in its worker threads, off the event loop.
  const inlineAnalytics = options.handlers?.analytics
    ? setAnalyticsRunner((name, input) => system.workers.run('analytics', { name, input }) as never)
    : undefined;
  const sweeper = setInterval(() => {
    opened.sweep().then((n) => n && logger.debug({ removed: n }, 'swept expired store rows'), (err) => logger.warn({ err }, 'store sweep failed'));
  }, SWEEP_EVERY_MS);
  sweeper.unref();
  const reaper = setInterval(() => {
    system.sessions.reap().then((n) => n && logger.debug({ passivated: n }, 'passivated idle sessions'), (err) => logger.warn({ err }, 'session reaper failed'));
  }, config.session.reapEveryMs);
  reaper.unref();
  // L2 refresh deadlines in the store, planned by this process before a restart or by another process.
  const scanL2 = () => system.l2.scan().catch((err) => logger.warn({ err }, 'L2 schedule scan failed'));
  void scanL2();
  const scanner = setInterval(scanL2, config.l2.schedule.scanEveryMs);
  scanner.unref();
  logger.info({ store: opened.description, storeState: opened.health.snapshot().state }, 'actor system started');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(sweeper);
      clearInterval(reaper);
      clearInterval(scanner);
      if (inlineAnalytics) setAnalyticsRunner(inlineAnalytics);
      system.stop();
      await opened.close().catch(() => undefined);
      trail?.close();
      logger.info('actor system stopped');
      logger.flush();
    })());
  return { system, logger, stop, trail };
}
