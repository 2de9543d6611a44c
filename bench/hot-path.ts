import { startFakeUpstream } from '../test/fake-upstream/server.ts';
import { connect, load } from './support/client.ts';
import { percentile, round } from './support/stats.ts';

const SEQ = 500;
const CONC_CALLS = 3000;
const IN_FLIGHT = 32;

async function measure(name: string, call: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await call(); // warm-up
  const seq = await load(SEQ, 1, call);
  const conc = await load(CONC_CALLS, IN_FLIGHT, call);
  return { name, seqP50Ms: percentile(seq.latencies, 50), seqP99Ms: percentile(seq.latencies, 99), concPerSec: CONC_CALLS / (conc.wallMs / 1000), concP99Ms: percentile(conc.latencies, 99) };
}

/**
 * The cost of our machinery on a cache hit, against the floor: a bare
 * McpServer with one trivial tool, over the same stdio transport, same run.
 */
export async function run() {
  const floor = await connect(process.execPath, ['bench/support/floor-server.mjs']);
  const f = await measure('floor', () => floor.client.callTool({ name: 'echo', arguments: { id: '1294' } }));
  await floor.close();

  const fake = await startFakeUpstream();
  const ours = await connect(process.execPath, ['bin/europarl-mcp.js', '--store', 'memory'], { EP_API_URL: fake.baseUrl, EUROPARL_MCP_LOG_LEVEL: 'warn' });
  const args = { name: 'get_mep_details', arguments: { id: '1294' } };
  const first = (await ours.client.callTool(args)) as { _meta?: { cache?: { status?: string } } };
  const o = await measure('europarl-mcp', () => ours.client.callTool(args));
  const last = (await ours.client.callTool(args)) as { _meta?: { cache?: { status?: string } } };
  const upstream = fake.counts().total;
  await ours.close();
  await fake.close();
  if (first._meta?.cache?.status !== 'miss' || last._meta?.cache?.status !== 'hit') throw new Error('the measured calls were not L1 hits');

  return {
    floorSeqP50Ms: round(f.seqP50Ms),
    oursSeqP50Ms: round(o.seqP50Ms),
    floorSeqP99Ms: round(f.seqP99Ms),
    oursSeqP99Ms: round(o.seqP99Ms),
    floorConcPerSec: Math.round(f.concPerSec),
    oursConcPerSec: Math.round(o.concPerSec),
    oursConcP99Ms: round(o.concP99Ms),
    upstreamCalls: upstream,
    seqP50Ratio: round(o.seqP50Ms / f.seqP50Ms),
    concThroughputRatio: round(o.concPerSec / f.concPerSec),
    goals: 'seqP50Ratio <= 1.5, concThroughputRatio >= 0.7',
    met: o.seqP50Ms / f.seqP50Ms <= 1.5 && o.concPerSec / f.concPerSec >= 0.7,
  };
}
