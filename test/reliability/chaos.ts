import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { tempDir } from '../e2e/harness.ts';
import type { FaultKnobs } from '../fake-upstream/faults.ts';
import { FIXTURE } from '../fake-upstream/fixtures.ts';
import { startFakeUpstream } from '../fake-upstream/server.ts';
import { bootHttp, createKey, httpClient } from './http-server.ts';

export interface Phase { name: string; ms: number; knobs: FaultKnobs | null }

/** The fault cycle; `scale` shortens every phase (the outage too) for the short run. */
export function phases(scale = 1, outageMs = 60_000): Phase[] {
  const ms = (n: number) => Math.max(300, Math.round(n * scale));
  return [
    { name: 'calm', ms: ms(5000), knobs: null },
    { name: 'latency spikes', ms: ms(5000), knobs: { latencyMs: 400, jitterMs: 2500 } },
    { name: '30% 5xx', ms: ms(5000), knobs: { errorRate: 0.3 } },
    { name: 'connection resets', ms: ms(5000), knobs: { resetRate: 0.3 } },
    { name: 'garbage bodies', ms: ms(5000), knobs: { garbage: true } },
    { name: '429 bursts', ms: ms(5000), knobs: { rateLimit: { max: 5, windowMs: 1000 }, retryAfterSeconds: 1 } },
    { name: 'outage', ms: Math.round(outageMs * scale), knobs: { outage: true } },
    { name: 'recovery', ms: ms(8000), knobs: null },
  ];
}

/** What a client asks: a mix of repeated (cache hits) and new (misses) calls. */
function callFor(n: number): { name: string; arguments: Record<string, unknown> } {
  const meps = [...Object.values(FIXTURE.meps), FIXTURE.groupSwitcher, FIXTURE.outgoingMep, FIXTURE.incomingMep];
  switch (n % 6) {
    case 0:
    case 1:
      return { name: 'get_mep_details', arguments: { id: meps[n % meps.length]! } };
    case 2:
      // New pages keep misses (and upstream calls) coming all run long.
      return { name: 'get_meps', arguments: { limit: 5, offset: n % 20_000 } };
    case 3:
      return { name: 'get_committee_info', arguments: { id: ['ENVI', 'AFCO', 'AFET', 'ITRE'][n % 4]! } };
    case 4:
      return { name: 'get_plenary_sessions', arguments: { year: 2024 + (n % 2), limit: 10, offset: (n * 3) % 40 } };
    default:
      return { name: 'get_voting_records', arguments: { sessionId: ['MTG-PL-2025-03-12', 'MTG-PL-2024-04-24'][n % 2]!, limit: 5 } };
  }
}

export interface ChaosOptions { clients: number; phases: Phase[]; callTimeoutMs: number }

export interface PhaseFigures { phase: string; calls: number; errors: number; stale: number; p50Ms: number; p99Ms: number }

const pct = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/**
 * Many HTTP clients call the server while the fake EP API goes through a cycle
 * of faults. Returns the figures, and the breaker transitions from the audit trail.
 */
export async function runChaos(o: ChaosOptions) {
  const fake = await startFakeUpstream();
  const d = tempDir();
  const keyFile = join(d.dir, 'keys.json');
  const keys = Array.from({ length: o.clients }, (_, i) => createKey(keyFile, `client${i}`, 'reader'));
  const admin = createKey(keyFile, 'operator', 'admin');
  // Short TTLs keep refreshes going upstream all run long, as a busy day would.
  const ttl = 1500;
  const config = { cache: { ttlMs: { mep: ttl, vote: ttl, plenary: ttl, document: ttl, committee: ttl, other: ttl } }, breaker: { openMs: 2000 }, retry: { baseDelayMs: 50, maxDelayMs: 1000 }, upstream: { timeoutMs: 4000 }, rateLimit: { capacity: 1000, refillPerSecond: 1000 } };
  const server = await bootHttp(fake, { dir: d.dir, store: `sqlite://${join(d.dir, 'store.sqlite')}`, config });
  try {
    const clients: Client[] = await Promise.all(keys.map((k, i) => httpClient(server.url, k, `chaos-${i}`)));
    const operator = await httpClient(server.url, admin, 'operator');
    const heap = async () => ((await operator.callTool({ name: 'get_server_health', arguments: {} })).structuredContent as { memory: { heapUsedMb: number } }).memory.heapUsedMb;

    let phase = o.phases[0]!;
    const perPhase = new Map<string, { latencies: number[]; errors: number; stale: number }>(o.phases.map((p) => [p.name, { latencies: [], errors: 0, stale: 0 }]));
    let unanswered = 0;
    let calls = 0;
    let stop = false;
    const heapStart = await heap();

    const workers = clients.map(async (client, c) => {
      for (let n = c; !stop; n += o.clients) {
        const at = phase.name;
        const t = performance.now();
        try {
          const r = (await client.callTool(callFor(n), undefined, { timeout: o.callTimeoutMs })) as { isError?: boolean; _meta?: { degraded?: boolean } };
          const row = perPhase.get(at)!;
          row.latencies.push(performance.now() - t);
          if (r.isError) row.errors++;
          if (r._meta?.degraded) row.stale++;
        } catch {
          unanswered++; // a timeout or a broken connection: no answer within the deadline
        }
        calls++;
      }
    });

    for (const p of o.phases) {
      phase = p;
      fake.faults.clear();
      if (p.knobs) fake.faults.set(p.knobs);
      await new Promise((r) => setTimeout(r, p.ms));
    }
    stop = true;
    await Promise.all(workers);
    fake.faults.clear();
    const heapEnd = await heap();
    const alive = server.child.exitCode === null;
    await Promise.all([...clients, operator].map((c) => c.close().catch(() => undefined)));
    const exit = await server.stop('SIGTERM');

    const trail = readFileSync(join(d.dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; actor?: string; from?: unknown; to?: unknown });
    const breakerMoves = trail
      .filter((e) => e.type === 'transition' && e.actor?.startsWith('breaker:') && e.from !== null && JSON.stringify(e.from) !== JSON.stringify(e.to))
      .map((e) => `${String(e.from)}->${String(e.to)}`);

    return {
      clients: o.clients,
      calls,
      faultsInjected: fake.faults.injected,
      upstreamRequests: fake.counts().total,
      crashes: alive && exit.code === 0 ? 0 : 1,
      exitCode: exit.code,
      unanswered,
      uncaught: /uncaught|unhandled/i.test(server.stderr()),
      heapStartMb: heapStart,
      heapEndMb: heapEnd,
      heapGrowthMb: Math.round((heapEnd - heapStart) * 10) / 10,
      breakerMoves,
      phases: o.phases.map((p) => {
        const row = perPhase.get(p.name)!;
        return { phase: p.name, calls: row.latencies.length, errors: row.errors, stale: row.stale, p50Ms: Math.round(pct(row.latencies, 50)), p99Ms: Math.round(pct(row.latencies, 99)) } satisfies PhaseFigures;
      }),
    };
  } finally {
    await server.stop('SIGKILL');
    await fake.close();
    d.cleanup();
  }
}

/** The breaker's state changes in circuit-breaker.mmd (no operator resets during chaos). */
export const BREAKER_EDGES = new Set(['closed->open', 'open->halfOpen', 'halfOpen->closed', 'halfOpen->open']);
