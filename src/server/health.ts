import { z } from 'zod';
import type { EuroparlSystem } from '../system.ts';

export const healthOutput = z.object({
  status: z.enum(['ok', 'degraded']),
  uptimeSeconds: z.number(),
  openBreakers: z.array(z.string()),
  breakers: z.record(z.string(), z.object({ state: z.string(), recentFailures: z.number(), nextProbeAt: z.number().nullable() })),
  cache: z.object({ entries: z.number(), bytes: z.number(), hits: z.number(), misses: z.number(), staleServes: z.number() }),
  requests: z.object({ inFlight: z.number(), completed: z.number(), queued: z.number() }),
  memory: z.object({ heapUsedMb: z.number(), rssMb: z.number() }),
});

export type Health = z.infer<typeof healthOutput>;

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** A summary of the live system: no upstream call, answered at once. */
export function health(system: EuroparlSystem, startedAt: number): Health {
  const s = system.status();
  const breakers = Object.fromEntries(
    Object.entries(s.breakers).map(([f, b]) => [f, { state: String(b.state), recentFailures: b.recentFailures, nextProbeAt: b.nextProbeAt }]),
  );
  const open = Object.entries(breakers).filter(([, b]) => b.state !== 'closed').map(([f]) => f);
  return {
    status: open.length ? 'degraded' : 'ok',
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    openBreakers: open,
    breakers,
    cache: { entries: s.cache.entries, bytes: s.cache.bytes, hits: s.cache.hits, misses: s.cache.misses, staleServes: s.cache.staleServes },
    requests: s.requests,
    memory: { heapUsedMb: mb(process.memoryUsage().heapUsed), rssMb: mb(process.memoryUsage.rss()) },
  };
}
