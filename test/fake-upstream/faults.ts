/**
 * Run-time fault injection. Rules hold knobs and an optional path matcher; for each request the
 * knobs of every matching rule are merged (later rules win) and turned into one Decision before
 * routing. Dice rolls use a seeded PRNG, so a given request order always sees the same faults.
 */
import { createRng, type Rng } from './rng.ts';

export interface FaultKnobs {
  /** delay before answering (ms); `jitterMs` adds a seeded random 0..jitterMs */
  latencyMs?: number;
  jitterMs?: number;
  /** probability (0..1) of answering 500/502/503 instead (status picked by the PRNG) */
  errorRate?: number;
  /** statuses used by errorRate; default [500, 502, 503] */
  errorStatuses?: number[];
  /** answer this status with an empty body (429, 403, 404, 500…) */
  status?: number;
  /** adds `Retry-After: N` to `status` and rate-limit answers */
  retryAfterSeconds?: number;
  /** destroy the socket without any response */
  reset?: boolean;
  /** probability (0..1) of destroying the socket without any response */
  resetRate?: number;
  /** send the real JSON body cut in half (Content-Length matches the cut body) */
  truncated?: boolean;
  /** 200 with an HTML error page and `Content-Type: text/html` (Q5) */
  garbage?: boolean;
  /** 204 with no body (Q1) */
  empty204?: boolean;
  /** 200 with a zero-byte body and the JSON-LD content type (Q2) */
  emptyBody200?: boolean;
  /** 200 `{"error":"502 Bad Gateway from POST …"}` without `data` (Q3); a string replaces the message */
  errorInBody?: boolean | string;
  /** every request fails: true or '503' → 503 with an HTML page; 'reset' → socket destroyed */
  outage?: boolean | '503' | 'reset';
  /** never answer; the request stays open until the client gives up (or the server closes) */
  hang?: boolean;
  /** apply this rule to the next N matching requests only, then drop it */
  times?: number;
  /** what an empty list page looks like: 204 (default) or 200 with a zero-byte body */
  pastEnd?: 'status204' | 'emptyBody200';
  /** serve the French VOT file under the `_EN` name (§9.4) */
  doceoFrench?: boolean;
  /** feed behaviour (§7 item 4): window (default), 404, 204, error-in-body, stale (old ids only), census (everything) */
  feed?: 'normal' | '404' | '204' | 'errorInBody' | 'stale' | 'census';
  /** drop the Content-Type header from otherwise valid answers (Q5) */
  noContentType?: boolean;
  /** pad JSON answers with trailing spaces up to at least this many bytes (Q16) */
  oversizeBytes?: number;
  /**
   * Per-endpoint limiter: more than `max` requests within `windowMs` → `status` (default 429).
   * With `blockMs` the endpoint then stays refused that long, like the 403 burst block of Q14.
   */
  rateLimit?: { max: number; windowMs: number; status?: number; blockMs?: number };
}

export interface FaultRule {
  path?: string | RegExp;
  knobs: FaultKnobs;
  remaining?: number;
}

export type Action =
  | { kind: 'pass' }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'status'; status: number; retryAfter?: number; html?: boolean }
  | { kind: 'garbage' }
  | { kind: 'errorInBody'; message: string }
  | { kind: 'empty204' }
  | { kind: 'emptyBody200' };

export interface Decision {
  action: Action;
  delayMs: number;
  truncated: boolean;
  noContentType: boolean;
  oversizeBytes: number;
  pastEnd: 'status204' | 'emptyBody200';
  doceoFrench: boolean;
  feed: NonNullable<FaultKnobs['feed']>;
}

const API_PREFIX = '/api/v2/';

/** A string matches as a prefix of the full path or of the path relative to /api/v2/ (or to /). */
function matches(rule: FaultRule, pathname: string): boolean {
  if (rule.path === undefined) return true;
  if (rule.path instanceof RegExp) {
    rule.path.lastIndex = 0;
    return rule.path.test(pathname);
  }
  const rel = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname.replace(/^\//, '');
  return pathname.startsWith(rule.path) || rel.startsWith(rule.path);
}

const ruleKey = (path?: string | RegExp) => (path === undefined ? '*' : path instanceof RegExp ? `re:${path.source}/${path.flags}` : `s:${path}`);

/** Endpoint used by the limiter: the first segment under /api/v2/ (`meps`, `meetings`…) or the route root. */
const endpointOf = (pathname: string) => {
  const rel = pathname.startsWith(API_PREFIX) ? pathname.slice(API_PREFIX.length) : pathname.slice(1);
  return rel.split('/')[0];
};

export class Faults {
  private list: FaultRule[] = [];
  private rng: Rng;
  private hits = new Map<string, { times: number[]; blockedUntil: number }>();

  constructor(private readonly seed = 1) {
    this.rng = createRng(seed);
  }

  /** Add knobs for a path (default: all routes). Knobs for the same path merge into one rule. */
  set(knobs: FaultKnobs, options: { path?: string | RegExp } = {}): void {
    const key = ruleKey(options.path);
    const existing = this.list.find((r) => ruleKey(r.path) === key);
    if (existing) {
      Object.assign(existing.knobs, knobs);
      if (knobs.times !== undefined) existing.remaining = knobs.times;
    } else {
      this.list.push({ path: options.path, knobs: { ...knobs }, remaining: knobs.times });
    }
  }

  /** Remove every rule, forget limiter history and restart the PRNG from the seed. */
  clear(): void {
    this.list = [];
    this.hits.clear();
    this.rng = createRng(this.seed);
  }

  rules(): readonly FaultRule[] {
    return this.list;
  }

  /** Answers that were not a plain pass: delayed, failed or malformed. */
  injected = 0;

  decide(pathname: string, now = Date.now()): Decision {
    const d = this.decideOnce(pathname, now);
    if (d.action.kind !== 'pass' || d.delayMs > 0 || d.truncated) this.injected++;
    return d;
  }

  private decideOnce(pathname: string, now: number): Decision {
    const active = this.list.filter((r) => matches(r, pathname));
    const k: FaultKnobs = Object.assign({}, ...active.map((r) => r.knobs));
    for (const r of active) {
      if (r.remaining !== undefined && --r.remaining <= 0) this.list = this.list.filter((x) => x !== r);
    }
    const decision: Decision = {
      action: { kind: 'pass' },
      delayMs: 0,
      truncated: k.truncated === true,
      noContentType: k.noContentType === true,
      oversizeBytes: k.oversizeBytes ?? 0,
      pastEnd: k.pastEnd ?? 'status204',
      doceoFrench: k.doceoFrench === true,
      feed: k.feed ?? 'normal',
    };
    if (k.hang) return { ...decision, action: { kind: 'hang' } };
    decision.delayMs = Math.max(0, (k.latencyMs ?? 0) + (k.jitterMs ? this.rng() * k.jitterMs : 0));
    if (k.outage) {
      decision.action = k.outage === 'reset' ? { kind: 'reset' } : { kind: 'status', status: 503, html: true };
      return decision;
    }
    if (k.rateLimit && this.limited(pathname, k.rateLimit, now)) {
      decision.action = { kind: 'status', status: k.rateLimit.status ?? 429, retryAfter: k.retryAfterSeconds };
      return decision;
    }
    if (k.reset || (k.resetRate && this.rng() < k.resetRate)) decision.action = { kind: 'reset' };
    else if (k.status !== undefined) decision.action = { kind: 'status', status: k.status, retryAfter: k.retryAfterSeconds };
    else if (k.errorRate && this.rng() < k.errorRate) {
      const statuses = k.errorStatuses?.length ? k.errorStatuses : [500, 502, 503];
      decision.action = { kind: 'status', status: statuses[Math.floor(this.rng() * statuses.length)] };
    } else if (k.garbage) decision.action = { kind: 'garbage' };
    else if (k.errorInBody) {
      const message = typeof k.errorInBody === 'string' ? k.errorInBody : '502 Bad Gateway from POST https://data.europarl.europa.eu/enrichment/api/v2';
      decision.action = { kind: 'errorInBody', message };
    } else if (k.empty204) decision.action = { kind: 'empty204' };
    else if (k.emptyBody200) decision.action = { kind: 'emptyBody200' };
    return decision;
  }

  /** Rolling window per endpoint; a refused request does not count as a hit. */
  private limited(pathname: string, limit: NonNullable<FaultKnobs['rateLimit']>, now: number): boolean {
    const key = endpointOf(pathname);
    const state = this.hits.get(key) ?? { times: [], blockedUntil: 0 };
    this.hits.set(key, state);
    if (now < state.blockedUntil) return true;
    state.times = state.times.filter((t) => now - t < limit.windowMs);
    if (state.times.length >= limit.max) {
      if (limit.blockMs) state.blockedUntil = now + limit.blockMs;
      return true;
    }
    state.times.push(now);
    return false;
  }
}
