import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { runAnalytic, type AnalyticInput, type AnalyticName } from '../src/analytics/index.ts';
import { rollCallMatrix } from '../src/tools/roll-call-matrix.ts';
import { rollCallFirst, rollCallSecond, rollCallThird, type Scope } from '../src/tools/roll-call-sources.ts';
import { epHandlers } from '../src/handlers/index.ts';
import { epTools } from '../src/tools/index.ts';
import { start } from '../src/main.ts';
import { FIXTURE, startFakeUpstream } from '../test/fake-upstream/server.ts';
import { generatedMatrix } from './support/matrix.ts';
import { percentile, round } from './support/stats.ts';

const RUNS = 7;
const MEPS = 720;
const VOTES = 1000;
/** Calls per tool through the server; each with other arguments, so none is a cached result. */
const TOOL_CALLS = 5;
const meps = Object.values(FIXTURE.meps);
const since = { dateFrom: '2024-07-16' };

/** Each intelligence tool, as a client calls it: the i-th call's arguments. */
const TOOLS: Array<[string, (i: number) => Record<string, unknown>]> = [
  ['analyze_voting_patterns', (i) => ({ mepId: meps[i % meps.length]!, ...since })],
  ['assess_mep_influence', (i) => ({ mepId: meps[i % meps.length]!, ...since })],
  ['analyze_coalition_dynamics', (i) => ({ ...since, minimumCohesion: 0.5 + i / 100 })],
  ['map_political_network', (i) => ({ ...since, minSimilarity: 0.6 + i / 100 })],
  ['detect_voting_anomalies', (i) => ({ ...since, limit: 20 + i })],
  ['generate_political_risk_assessment', (i) => ({ ...since, sensitivity: ['low', 'medium', 'high'][i % 3]!, ...(i >= 3 ? { country: ['DE', 'FR'][i % 2]! } : {}) })],
];

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
      data = await rollCallMatrix(p, first, second, third);
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

/** The fake upstream at full size, as its own process: its work must not count as the server's. */
async function fakeProcess() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fake-upstream/main.ts', '--meps', String(MEPS), '--votes', String(VOTES)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the fake upstream exited (${code})`)));
  });
  const { baseUrl, doceoUrl } = JSON.parse(line) as { baseUrl: string; doceoUrl: string };
  return { baseUrl, doceoUrl, close: () => new Promise<void>((r) => (child.once('exit', () => r()), child.kill('SIGTERM'))) };
}

/**
 * Every intelligence tool called through the server, as a client calls it: the pipeline, the
 * fetches (first call) or the cache (later ones), the vote matrix, the analytic in its thread,
 * output validation, and the answer serialised as the transport does. The server runs in this
 * process; the main thread's event-loop delay is taken over all of it.
 */
export async function toolCalls() {
  const fake = await fakeProcess();
  process.env.EP_API_URL = fake.baseUrl;
  process.env.EP_DOCEO_URL = fake.doceoUrl;
  const app = await start({ store: 'memory', handlers: epHandlers, tools: epTools });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  // The same, over the calls that find their sources cached (every call but each tool's first): a
  // 10 ms timer's lateness, recorded only then (an ELD monitor re-enabled counts the pause as delay).
  const warmLoop = createHistogram();
  let warmOn = false;
  let lastTick = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    if (warmOn) warmLoop.record(Math.max(1, Math.round((now - lastTick - 10) * 1e6)));
    lastTick = now;
  }, 10);
  const out: Record<string, number> = {};
  let bytes = 0;
  try {
    loop.enable();
    for (const [tool, args] of TOOLS) {
      const warm: number[] = [];
      for (let i = 0; i < TOOL_CALLS; i++) {
        if (i === 1) warmOn = true;
        const t = performance.now();
        const a = await app.system.requests.run({ tool, args: args(i), principal: 'local', roles: ['admin'] });
        if (!a.ok) throw new Error(`${tool} failed: ${JSON.stringify(a.error)}`);
        bytes = Math.max(bytes, JSON.stringify(a.result).length);
        const ms = performance.now() - t;
        if (i === 0) out[`${tool}FirstMs`] = round(ms, 0);
        else warm.push(ms);
      }
      warmOn = false;
      out[`${tool}P50Ms`] = round(percentile(warm, 50), 1);
    }
    loop.disable();
  } finally {
    clearInterval(ticker);
    await app.stop();
    await fake.close();
  }
  return {
    perTool: out,
    delayP99Ms: round(loop.percentile(99) / 1e6, 1),
    delayMaxMs: round(loop.max / 1e6, 1),
    cachedDelayP99Ms: round(warmLoop.percentile(99) / 1e6, 1),
    largestAnswerBytes: bytes,
  };
}

/**
 * Every intelligence tool on 720 MEPs × 1,000 roll calls, with the main thread's event-loop delay
 * while they run: whole tool calls through the server (the headline figures), and each tool's
 * analytic alone through runAnalytic, in the threads and inline for comparison.
 */
export async function run() {
  const tools = await toolCalls();
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
    toolCallsEach: TOOL_CALLS,
    ...tools.perTool,
    eventLoopDelayP99Ms: tools.delayP99Ms,
    eventLoopDelayMaxMs: tools.delayMaxMs,
    cachedCallsEventLoopDelayP99Ms: tools.cachedDelayP99Ms,
    largestAnswerBytes: tools.largestAnswerBytes,
    analyticRuns: RUNS,
    analyticSlowestP50Ms: Math.max(...Object.values(threaded.p50)),
    analyticEventLoopDelayP99Ms: threaded.delayP99Ms,
    inlineSlowestP50Ms: Math.max(...Object.values(inline.p50)),
    inlineEventLoopDelayP99Ms: inline.delayP99Ms,
    toolMatrixBuildP50Ms: round(build.ms, 1),
    toolMatrixVotes: build.votes,
    toolMatrixMembers: build.members,
    toolMatrixDoceoDays: build.doceoDays,
    goal: 'eventLoopDelayP99Ms < 20',
    met: tools.delayP99Ms < 20,
  };
}
