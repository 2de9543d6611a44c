import { parseRollCalls } from '../src/doceo/index.ts';
import { syntheticDay } from '../test/doceo/build.ts';
import { percentile, round } from './support/stats.ts';

const RUNS = 10;

/** Parsing a heavy DOCEO roll-call day: 100 votes × 700 members (real files reach several MB). */
export async function run() {
  const xml = syntheticDay(100, 700);
  parseRollCalls(syntheticDay(2, 50)); // warm-up
  const times: number[] = [];
  let members = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const day = parseRollCalls(xml);
    times.push(performance.now() - t);
    members = day.votes.reduce((n, v) => n + v.positions.length, 0);
  }
  const p50 = percentile(times, 50);
  return { megabytes: round(xml.length / 2 ** 20, 1), votes: 100, positions: members, runs: RUNS, parseP50Ms: round(p50, 1), parseMaxMs: round(Math.max(...times), 1), megabytesPerSecond: round(xml.length / 2 ** 20 / (p50 / 1000), 1) };
}
