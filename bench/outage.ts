import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeUpstream } from '../test/fake-upstream/server.ts';
import { connect } from './support/client.ts';
import { percentile, round } from './support/stats.ts';

const WITH_DATA = ['1294', '840', '124936', '257118', '256810', '197435', '257083'];
const WITHOUT_DATA = ['256877', '256978', '257114', '257258'];
const ROUNDS = 60;

/**
 * The EP API down: how fast callers get stale data (when there is some) and a
 * clear error (when there is none) once the breaker is open. SQLite L2 as by default.
 */
export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'europarl-outage-'));
  const fake = await startFakeUpstream();
  // Data goes stale at once, so every later call has to decide: refresh or fall back.
  const config = { cache: { ttlMs: { mep: 1 } }, breaker: { openMs: 600_000 } };
  const ours = await connect(process.execPath, ['bin/europarl-mcp.js', '--store', `sqlite://${join(dir, 'l2.sqlite')}`], {
    EP_API_URL: fake.baseUrl,
    EUROPARL_MCP_CONFIG: JSON.stringify(config),
    EUROPARL_MCP_LOG_LEVEL: 'warn',
  });
  const call = (id: string) => ours.client.callTool({ name: 'get_mep_details', arguments: { id } }) as Promise<{ isError?: boolean; _meta?: { degraded?: boolean } }>;
  for (const id of WITH_DATA) await call(id);
  fake.faults.set({ outage: '503' });
  // Let the breakers open: these calls retry and fail against the outage.
  for (let i = 0; i < 3; i++) await call(WITHOUT_DATA[0]!);
  const upstreamBefore = fake.counts().total;

  const stale: number[] = [];
  const open: number[] = [];
  let degraded = 0;
  let errors = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const id of WITH_DATA) {
      const t = performance.now();
      const res = await call(id);
      stale.push(performance.now() - t);
      if (res._meta?.degraded && !res.isError) degraded++;
    }
    for (const id of WITHOUT_DATA) {
      const t = performance.now();
      const res = await call(id);
      open.push(performance.now() - t);
      if (res.isError) errors++;
    }
  }
  const upstreamDuring = fake.counts().total - upstreamBefore;
  await ours.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
  const staleP99Ms = percentile(stale, 99);
  const openP99Ms = percentile(open, 99);
  return {
    staleCalls: stale.length,
    staleServedDegraded: degraded,
    staleP50Ms: round(percentile(stale, 50)),
    staleP99Ms: round(staleP99Ms),
    openCalls: open.length,
    openErrors: errors,
    openP50Ms: round(percentile(open, 50)),
    openP99Ms: round(openP99Ms),
    upstreamCallsWhileOpen: upstreamDuring,
    goals: 'staleP99Ms <= 10, openP99Ms <= 5',
    met: staleP99Ms <= 10 && openP99Ms <= 5 && degraded === stale.length && errors === open.length,
  };
}
