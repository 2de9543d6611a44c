// The report's three analyses, each run through the analytics seam (runAnalytic) on the
// roll calls the voting step read, over the sitting MEPs the MEP step read.
import type { Analysis } from '../../machines/report-workflow.ts';
import {
  ABSENT, encodeMatrix, groupLines, outcome, POSITION_NAMES, runAnalytic,
  type CoalitionDynamics, type MatrixMember, type PoliticalNetwork, type VoteInput, type VoteMatrix, type VotingPatterns,
} from '../analytics/index.ts';
import type { ReportPlan } from './input.ts';
import type { ReportData } from './plan.ts';
import { isRollCall } from './read.ts';

/** An analysis that had nothing to work on, and why. */
export interface Skipped { skipped: string }

/** How each of a sitting's or procedure's roll calls went, and how each group stood. */
export interface VoteLines {
  votes: Array<{ id: string; date: string; title: string | null; for: number; against: number; abstain: number; result: 'for' | 'against' | 'tie'; margin: number; groups: Record<string, string> }>;
  /** The closest results (smallest margin between for and against), at most five. */
  closest: string[];
}

export interface Analyses {
  votingPatterns: VotingPatterns | VoteLines | Skipped;
  coalitions: CoalitionDynamics | Skipped;
  network: PoliticalNetwork | Skipped;
}

/** Edges of the co-voting network kept in a report, strongest first. */
export const REPORT_MAX_EDGES = 300;
/** Votes listed one by one in a sitting's or procedure's report. */
export const REPORT_MAX_VOTES = 50;

export interface Matrix { matrix: VoteMatrix; unmatched: number }

/** The roll calls as a vote matrix over the sitting MEPs (plus the report's own MEP if no longer sitting). */
export function matrixOf(data: ReportData): Matrix | null {
  const votes: VoteInput[] = (data.voting?.votes ?? [])
    .filter(isRollCall)
    .filter((v) => v.date !== null)
    .map((v) => ({ id: v.id, date: v.date!, title: v.title ?? v.label, positions: v.positions! }));
  if (votes.length === 0) return null;
  const members: MatrixMember[] = [...(data.mep?.roster ?? [])];
  const mep = data.mep?.mep;
  if (mep && !members.some((m) => m.id === mep.id)) members.push({ id: mep.id, name: mep.name, group: mep.politicalGroup?.code ?? null, country: mep.country });
  const { matrix, unmatched } = encodeMatrix(members, votes);
  return { matrix, unmatched };
}

const name = (code: number) => POSITION_NAMES[code] ?? 'none';

function voteLines(matrix: VoteMatrix): VoteLines {
  const lines = groupLines(matrix);
  const G = lines.groups.names.length;
  const votes = matrix.votes.map((vote, v) => {
    const [f, a, ab] = [1, 2, 3].map((code) => lines.house[v * 4 + code]!);
    const side = outcome(lines, v);
    const groups: Record<string, string> = {};
    lines.groups.names.forEach((g, i) => (groups[g] = lines.line[v * G + i] === ABSENT ? 'split or absent' : name(lines.line[v * G + i]!)));
    return { id: vote.id, date: vote.date, title: vote.title, for: f!, against: a!, abstain: ab!, result: side === ABSENT ? ('tie' as const) : (name(side) as 'for' | 'against'), margin: Math.abs(f! - a!), groups };
  });
  const listed = votes.slice(0, REPORT_MAX_VOTES);
  const closest = [...listed].sort((x, y) => x.margin - y.margin).slice(0, 5).map((v) => v.id);
  return { votes: listed, closest };
}

/** One analysis of the report's roll calls. Pure: the data is already read and checked by the fetch steps. */
export async function analyse(which: Analysis, plan: ReportPlan, data: ReportData): Promise<Analyses[Analysis]> {
  const m = matrixOf(data);
  if (!m) {
    return { skipped: plan.reportType === 'COMMITTEE_PERFORMANCE' ? 'plenary roll calls are not attributed to committees in the EP data' : 'no roll-call votes with recorded positions in the period' };
  }
  const mepId = plan.reportType === 'MEP_ACTIVITY' ? plan.subject : null;
  switch (which) {
    case 'votingPatterns':
      return mepId ? runAnalytic('votingPatterns', { matrix: m.matrix, mepId }) : voteLines(m.matrix);
    case 'coalitions':
      return runAnalytic('coalitionDynamics', { matrix: m.matrix });
    case 'network':
      return runAnalytic('politicalNetwork', { matrix: m.matrix, maxEdges: REPORT_MAX_EDGES, ...(mepId ? { focus: { mepId } } : {}) });
  }
}
