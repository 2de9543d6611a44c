import { BREAKER_EDGES, phases, runChaos } from '../test/reliability/chaos.ts';

/**
 * 32 HTTP clients for about 100 s while the fake EP API cycles through
 * latency spikes, 30% 5xx, connection resets, garbage bodies, 429 bursts and
 * a 60 s outage. CHAOS_SCALE shortens the phases (1 = full length).
 */
export async function run() {
  const scale = Number(process.env.CHAOS_SCALE ?? 1);
  const r = await runChaos({ clients: 32, phases: phases(scale), callTimeoutMs: 30_000 });
  const offSpec = r.breakerMoves.filter((m) => !BREAKER_EDGES.has(m));
  return {
    clients: r.clients,
    calls: r.calls,
    faultsInjected: r.faultsInjected,
    upstreamRequests: r.upstreamRequests,
    crashes: r.crashes,
    unansweredCalls: r.unanswered,
    breakerTransitions: r.breakerMoves.length,
    breakerTransitionsOffSpec: offSpec.length,
    heapStartMb: r.heapStartMb,
    heapEndMb: r.heapEndMb,
    heapGrowthMb: r.heapGrowthMb,
    ...Object.fromEntries(r.phases.map((p) => [`p99Ms ${p.phase}`, p.p99Ms])),
    phases: r.phases,
    met: r.crashes === 0 && r.unanswered === 0 && offSpec.length === 0 && !r.uncaught,
  };
}
