import { describe, expect, it } from 'vitest';
import { BREAKER_EDGES, phases, runChaos } from './chaos.ts';

/**
 * The short form of `npm run bench -- chaos`: every fault phase for about a
 * second and a half and a 6 s outage, 32 clients over HTTP.
 */
describe('chaos (short form)', () => {
  it('32 clients through latency, 5xx, resets, garbage, 429 bursts and an outage: no crash, every call answered', async () => {
    const r = await runChaos({ clients: 32, phases: phases(0.3, 20_000), callTimeoutMs: 15_000 });
    expect(r.crashes).toBe(0);
    expect(r.uncaught).toBe(false);
    expect(r.unanswered).toBe(0);
    expect(r.calls).toBeGreaterThan(100);
    // A loaded machine makes fewer calls per phase; the breaker opening below shows the faults landed.
    expect(r.faultsInjected).toBeGreaterThan(5);
    // The breakers moved, and only along the spec's edges.
    expect(r.breakerMoves).toContain('closed->open');
    for (const move of r.breakerMoves) expect(BREAKER_EDGES.has(move), move).toBe(true);
    // During the outage the answers were stale data or fast failures.
    const outage = r.phases.find((p) => p.phase === 'outage')!;
    expect(outage.calls).toBeGreaterThan(0);
    expect(outage.stale + outage.errors).toBeGreaterThan(0);
    expect(r.heapGrowthMb).toBeLessThan(100);
  }, 180_000);
});
