import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runAnalytic, type AnalyticInput, type AnalyticName } from '../src/analytics/index.ts';
import { rollCallMatrix } from '../src/tools/roll-call-matrix.ts';
import { rollCallFirst, rollCallSecond, rollCallThird, type Scope } from '../src/tools/roll-call-sources.ts';
import { epHandlers } from '../src/handlers/index.ts';
import { start } from '../src/main.ts';
import { startFakeUpstream } from '../test/fake-upstream/server.ts';
import { generatedMatrix } from './support/matrix.ts';
import { percentile, round } from './support/stats.ts';

const RUNS = 7;
const MEPS = 720;
const VOTES = 1000;

/** Each tool's analytic, as the tool calls it, on a full house. */
function cases(matrix: ReturnType<typeof generatedMatrix>): Array<[string, AnalyticName, AnalyticInput<AnalyticName>]> {
  const mepId = matrix.members[5]!.id;
  return [
    ['analyze_voting_patterns', 'votingPatterns', { matrix, mepId, maxListed: 20 }],
    ['assess_mep_influence', 'mepInfluence', { matrix, mepId, activity: { reports: 1, questions: 4, speeches: 10 }, seats: [{ kind: 'committee', roleCode: 'MEMBER', body: 'ENVI' }] }],
    ['analyze_coalition_dynamics', 'coalitionDynamics', { matrix, minimumCohesion: 0.5 }],
    ['map_political_network', 'politicalNetwork', { matrix, graphml: true }],
    ['detect_voting_anomalies', 'votingAnomalies', { matrix }],
    ['generate_political_risk_assessment', 'riskAssessment', { matrix }],
  ];
}

/**
 * What a tool does on the main thread before the seam: Open Data decisions (and DOCEO files for
 * the days not published yet) into the vote matrix. Data from the fake upstream at full size.
 */
async function toolMatrixBuild() {
  const fake = await startFakeUpstream({ large: { meps: MEPS, votes: VOTES } });
  try {
    const days = [...fake.dataset.voteItemsByDate.keys()].filter((d) => d >= '2024-07-16').sort().reverse().slice(0, 40);
    const p: Scope = { sittingIds: days.map((d) => `MTG-PL-${d}`) };
    const get = async (s: { path: string; query?: Record<string, string | number>; family: string }) => {
      const base = s.family === 'doceo' ? fake.doceoUrl : fake.baseUrl;
      const q = new URLSearchParams(Object.entries(s.query ?? {}).map(([k, v]) => [k, String(v)]));
      const r = await fetch(`${base}${s.path}${q.size ? `?${q}` : ''}`);
      if (r.status === 404 || r.status === 204) return null;
      const body = await r.text();
      return s.family === 'doceo' ? body : body ? JSON.parse(body) : null;
    };
    const first = await Promise.all(rollCallFirst(p).map(get));
    const second = await Promise.all(rollCallSecond(p, first).map(get));
    const third = await Promise.all(rollCallThird(p, first, second).map(get));
    const times: number[] = [];
    let data;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      data = rollCallMatrix(p, first, second, third);
      times.push(performance.now() - t);
    }
    return { ms: percentile(times, 50), votes: data!.matrix.votes.length, members: data!.matrix.members.length, doceoDays: data!.coverage.fromDoceo };
  } finally {
    await fake.close();
  }
}

/** Runs every case RUNS times; p50 per tool and the main thread's event-loop delay meanwhile. */
async function measure(all: ReturnType<typeof cases>) {
  for (const [, name, input] of all) await runAnalytic(name, input); // warm-up (and cold starts)
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const p50: Record<string, number> = {};
  loop.enable();
  for (const [tool, name, input] of all) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await runAnalytic(name, input);
      times.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20)); // let the loop (and the delay monitor) tick between runs
    }
    p50[`${tool}P50Ms`] = round(percentile(times, 50), 1);
  }
  loop.disable();
  return { p50, delayP99Ms: round(loop.percentile(99) / 1e6, 1), delayMaxMs: round(loop.max / 1e6, 1) };
}

/**
 * Every intelligence tool's analytic on 720 MEPs × 1,000 roll calls, through runAnalytic: as the
 * server runs them (in the `analytics` handler's worker threads), and inline on the main thread
 * for comparison, with the main thread's event-loop delay while they run.
 */
export async function run() {
  const matrix = generatedMatrix(MEPS, VOTES);
  const all = cases(matrix);
  const inline = await measure(all);
  // The server's set-up: start() routes runAnalytic to the thread runtime.
  const app = await start({ store: 'memory', handlers: epHandlers });
  let threaded;
  try {
    threaded = await measure(all);
  } finally {
    await app.stop();
  }
  const build = await toolMatrixBuild();
  return {
    members: matrix.members.length,
    votes: matrix.votes.length,
    runs: RUNS,
    ...threaded.p50,
    slowestP50Ms: Math.max(...Object.values(threaded.p50)),
    eventLoopDelayP99Ms: threaded.delayP99Ms,
    eventLoopDelayMaxMs: threaded.delayMaxMs,
    inlineSlowestP50Ms: Math.max(...Object.values(inline.p50)),
    inlineEventLoopDelayP99Ms: inline.delayP99Ms,
    toolMatrixBuildP50Ms: round(build.ms, 1),
    toolMatrixVotes: build.votes,
    toolMatrixMembers: build.members,
    toolMatrixDoceoDays: build.doceoDays,
    goal: 'eventLoopDelayP99Ms < 20',
    met: threaded.delayP99Ms < 20,
  };
}
