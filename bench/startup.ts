import { connect } from './support/client.ts';
import { percentile, round } from './support/stats.ts';

const RUNS = 10;

async function timeToInitialize(args: string[]) {
  const t0 = performance.now();
  const c = await connect(process.execPath, args, { EUROPARL_MCP_LOG_LEVEL: 'warn' });
  const ms = performance.now() - t0;
  await c.close();
  return ms;
}

/** Spawn to an answered initialize, median of 10, beside a bare McpServer for scale. */
export async function run() {
  const ours: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(await timeToInitialize(['bin/europarl-mcp.js', '--store', 'memory']));
    floor.push(await timeToInitialize(['bench/support/floor-server.mjs']));
  }
  const medianMs = percentile(ours, 50);
  return {
    runs: RUNS,
    medianMs: round(medianMs, 1),
    maxMs: round(Math.max(...ours), 1),
    floorMedianMs: round(percentile(floor, 50), 1),
    goal: 'medianMs <= 250',
    met: medianMs <= 250,
  };
}
