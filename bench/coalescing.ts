import { startFakeUpstream } from '../test/fake-upstream/server.ts';
import { connect } from './support/client.ts';

/** 100 concurrent identical misses: how many reach the upstream. */
export async function run() {
  const fake = await startFakeUpstream();
  fake.faults.set({ latencyMs: 200 }, { path: '/api/v2/meps/1294' });
  const ours = await connect(process.execPath, ['bin/europarl-mcp.js', '--store', 'memory'], { EP_API_URL: fake.baseUrl, EUROPARL_MCP_LOG_LEVEL: 'warn' });
  const t0 = performance.now();
  const all = await Promise.all(Array.from({ length: 100 }, () => ours.client.callTool({ name: 'get_mep_details', arguments: { id: '1294' } })));
  const wallMs = performance.now() - t0;
  const upstreamCalls = fake.counts().byPath['/api/v2/meps/1294'] ?? 0;
  await ours.close();
  await fake.close();
  return { concurrentCalls: all.length, errors: all.filter((r) => r.isError).length, upstreamCalls, wallMs: Math.round(wallMs), goal: 'upstreamCalls = 1', met: upstreamCalls === 1 };
}
