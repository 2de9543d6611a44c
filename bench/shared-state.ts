import pino from 'pino';
import { openStore } from '../src/store.ts';
import { LocalShared, type SharedState } from '../src/store/shared.ts';
import { redisMissing, startRedis } from '../test/support/redis.ts';
import { load } from './support/client.ts';
import { percentile, round } from './support/stats.ts';

const SEQ = 3000;
const CONC = 20_000;
const IN_FLIGHT = 32;

/** One admission (token bucket) and one upstream-budget spend, as a tool call that goes upstream makes. */
async function measure(shared: SharedState) {
  let i = 0;
  const take = () => shared.takeToken(`bucket:p${i++ % 100}`, 1e9, 1e9, Date.now());
  const spend = () => shared.spend([`budget:f${i++ % 9}`, 'budget:*'], [1e9, 1e9], 1000, Date.now());
  for (let w = 0; w < 200; w++) await take();
  const takeSeq = await load(SEQ, 1, take);
  const takeConc = await load(CONC, IN_FLIGHT, take);
  const spendSeq = await load(SEQ, 1, spend);
  return {
    takeP50Ms: round(percentile(takeSeq.latencies, 50), 4),
    takeP99Ms: round(percentile(takeSeq.latencies, 99), 4),
    takePerSec: Math.round(CONC / (takeConc.wallMs / 1000)),
    spendP50Ms: round(percentile(spendSeq.latencies, 50), 4),
    spendP99Ms: round(percentile(spendSeq.latencies, 99), 4),
  };
}

/**
 * The cost of shared state on the hot path: an admission and a budget spend
 * in process against the same on a loopback Redis (one Lua script each), and
 * how fast an operation falls back while Redis is down.
 */
export async function run() {
  const local = await measure(new LocalShared());
  if (redisMissing) return { ...Object.fromEntries(Object.entries(local).map(([k, v]) => [`local_${k}`, v])), redis: 'skipped: no redis-server' };
  const redis = await startRedis();
  const opened = await openStore(redis.url, pino({ level: 'silent' }));
  const shared = await measure(opened.shared);
  await redis.kill();
  await opened.shared.takeToken('bucket:x', 10, 1, Date.now()); // notices the outage
  const down = await load(SEQ, 1, () => opened.shared.takeToken('bucket:x', 1e9, 1e9, Date.now()));
  await opened.close();
  await redis.stop();
  return {
    ...Object.fromEntries(Object.entries(local).map(([k, v]) => [`local_${k}`, v])),
    ...Object.fromEntries(Object.entries(shared).map(([k, v]) => [`redis_${k}`, v])),
    redisDown_takeP50Ms: round(percentile(down.latencies, 50), 4),
    redisDown_takeP99Ms: round(percentile(down.latencies, 99), 4),
  };
}
