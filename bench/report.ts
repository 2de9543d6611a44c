import { startFakeUpstream } from '../test/fake-upstream/server.ts';
import { connect } from './support/client.ts';
import { round } from './support/stats.ts';

/** A full house (705 sitting MEPs) and 3,000 generated roll calls over the fake calendar's voting days. */
const HOUSE = { meps: 705, votes: 3000 };
const STEPS = ['validate', 'mep', 'voting', 'documents', 'analysis', 'assemble', 'store', 'deliver'];

interface Timed { ms: number; steps: Record<string, number>; bytes: number; rollCalls: number; doceoSittings: number; members: number }

/**
 * generate_report over stdio against the fake EP API: how long each workflow
 * step takes, first with every source fetched, then again for another MEP
 * with the shared data in cache (the analyses dominate).
 */
export async function run() {
  const fake = await startFakeUpstream({ large: HOUSE });
  const server = await connect(process.execPath, ['bin/europarl-mcp.js', '--store', 'memory'], {
    EP_API_URL: fake.baseUrl,
    EP_DOCEO_URL: fake.doceoUrl,
    EUROPARL_MCP_LOG_LEVEL: 'warn',
  });
  const report = async (subjectId: string): Promise<Timed> => {
    const marks: Array<[number, number]> = [];
    const t0 = performance.now();
    const r = (await server.client.callTool({ name: 'generate_report', arguments: { reportType: 'MEP_ACTIVITY', subjectId, year: 2025 } }, undefined, {
      onprogress: (p) => {
        const step = /^report step (\d) of 8/.exec(p.message ?? '')?.[1];
        if (step) marks.push([Number(step), performance.now() - t0]);
      },
      timeout: 600_000,
    })) as { isError?: boolean; structuredContent?: { coverage: { rollCalls: number; doceoSittings: string[] }; analyses: { coalitions: { members?: number } } }; content: Array<{ text: string }> };
    const ms = performance.now() - t0;
    if (r.isError) throw new Error(r.content[0]?.text);
    // A step lasts until the next step's progress arrives (the last one until the answer).
    const steps: Record<string, number> = {};
    marks.forEach(([step, at], i) => (steps[STEPS[step - 1]!] = round((marks[i + 1]?.[1] ?? ms) - at, 1)));
    return { ms: round(ms, 1), steps, bytes: JSON.stringify(r.structuredContent).length, rollCalls: r.structuredContent!.coverage.rollCalls, doceoSittings: r.structuredContent!.coverage.doceoSittings.length, members: r.structuredContent!.analyses.coalitions.members ?? 0 };
  };
  const cold = await report('1294');
  const warm = await report('840');
  await server.close();
  await fake.close();
  return {
    members: cold.members,
    rollCalls: cold.rollCalls,
    doceoSittings: cold.doceoSittings,
    coldMs: cold.ms,
    coldFetchMs: round((cold.steps.mep ?? 0) + (cold.steps.voting ?? 0) + (cold.steps.documents ?? 0), 1),
    coldAnalysisMs: cold.steps.analysis ?? null,
    warmMs: warm.ms,
    warmFetchMs: round((warm.steps.mep ?? 0) + (warm.steps.voting ?? 0) + (warm.steps.documents ?? 0), 1),
    warmAnalysisMs: warm.steps.analysis ?? null,
    assembleMs: warm.steps.assemble ?? null,
    answerBytes: cold.bytes,
    coldSteps: cold.steps,
  };
}
