// The voting_patterns analytic: one member's attendance, positions, alignment with their group's
// line, votes with other groups against their own, and all of it by topic and month.
import { groupLines } from './group-lines.ts';
import { hasLine } from './groups.ts';
import { ABSENT, POSITION_NAMES, type MatrixMember, type PositionName, type VoteMatrix } from './matrix.ts';
import { ratio, roundOrNull } from './numbers.ts';
import { monthOf } from './periods.ts';
import { topicOf } from './topics.ts';

export interface VotingPatternsInput {
  matrix: VoteMatrix;
  mepId: string;
  /** Departures from the group line listed, most recent first (default 20). */
  maxListed?: number;
}

interface Alignment { compared: number; aligned: number; rate: number | null }

export interface VotingPatterns {
  /** Null when the member is not in the matrix. */
  member: MatrixMember | null;
  rollCalls: number;
  /** Roll calls with a recorded position. */
  present: number;
  attendanceRate: number | null;
  positions: Record<PositionName, number>;
  /** Null when the member has no group with a line (unknown or non-attached). */
  groupAlignment: Alignment | null;
  departures: Array<{ voteId: string; date: string; title: string | null; position: PositionName; groupLine: PositionName; topic: string }>;
  /** Departures where the member voted as at least one other group's line. */
  crossParty: { votes: number; rate: number | null; withGroups: Array<{ group: string; votes: number }> };
  /** How often the member's position equalled each group's line, of votes where both existed. */
  agreementWithGroups: Array<{ group: string; compared: number; same: number; rate: number | null }>;
  topics: Array<{ topic: string; votes: number; present: number } & Alignment>;
  byMonth: Array<{ period: string; votes: number; present: number; attendanceRate: number | null } & Alignment>;
}

const alignment = (compared: number, aligned: number): Alignment => ({ compared, aligned, rate: roundOrNull(ratio(aligned, compared)) });

export function votingPatterns(input: VotingPatternsInput): VotingPatterns {
  const { matrix } = input;
  const m = matrix.members.findIndex((x) => x.id === input.mepId);
  const V = matrix.votes.length;
  const lines = groupLines(matrix);
  const G = lines.groups.names.length;
  const own = m >= 0 ? lines.groups.of[m]! : -1;
  const lined = own >= 0 && hasLine(lines.groups.names[own]!);
  const counts = [0, 0, 0, 0];
  let compared = 0, aligned = 0, cross = 0;
  const crossWith = new Int32Array(G);
  const vsCompared = new Int32Array(G);
  const vsSame = new Int32Array(G);
  const departures: VotingPatterns['departures'] = [];
  const topics = new Map<string, { votes: number; present: number; compared: number; aligned: number }>();
  const months = new Map<string, { votes: number; present: number; compared: number; aligned: number }>();
  for (let v = 0; v < V && m >= 0; v++) {
    const vote = matrix.votes[v]!;
    const topic = topicOf(vote.title);
    const t = topics.get(topic) ?? { votes: 0, present: 0, compared: 0, aligned: 0 };
    const mo = months.get(monthOf(vote.date)) ?? { votes: 0, present: 0, compared: 0, aligned: 0 };
    topics.set(topic, t);
    months.set(monthOf(vote.date), mo);
    t.votes++;
    mo.votes++;
    const code = vote.positions[m]!;
    if (code === ABSENT) continue;
    counts[code]++;
    t.present++;
    mo.present++;
    for (let g = 0; g < G; g++) {
      const l = lines.line[v * G + g]!;
      if (l === ABSENT) continue;
      vsCompared[g]++;
      if (l === code) vsSame[g]++;
    }
    if (!lined) continue;
    const line = lines.line[v * G + own]!;
    if (line === ABSENT) continue;
    compared++;
    t.compared++;
    mo.compared++;
    if (line === code) {
      aligned++;
      t.aligned++;
      mo.aligned++;
      continue;
    }
    departures.push({ voteId: vote.id, date: vote.date, title: vote.title, position: POSITION_NAMES[code]!, groupLine: POSITION_NAMES[line]!, topic });
    let withOther = false;
    for (let g = 0; g < G; g++) {
      if (g === own || !hasLine(lines.groups.names[g]!) || lines.line[v * G + g] !== code) continue;
      crossWith[g]++;
      withOther = true;
    }
    if (withOther) cross++;
  }
  const present = counts[1]! + counts[2]! + counts[3]!;
  return {
    member: m >= 0 ? matrix.members[m]! : null,
    rollCalls: V,
    present,
    attendanceRate: roundOrNull(ratio(present, V)),
    positions: { for: counts[1]!, against: counts[2]!, abstain: counts[3]! },
    groupAlignment: lined ? alignment(compared, aligned) : null,
    departures: departures.reverse().slice(0, input.maxListed ?? 20),
    crossParty: {
      votes: cross,
      rate: roundOrNull(ratio(cross, compared)),
      withGroups: lines.groups.names.map((group, g) => ({ group, votes: crossWith[g]! })).filter((x) => x.votes > 0).sort((a, b) => b.votes - a.votes),
    },
    agreementWithGroups: lines.groups.names.map((group, g) => ({ group, compared: vsCompared[g]!, same: vsSame[g]!, rate: roundOrNull(ratio(vsSame[g]!, vsCompared[g]!)) })),
    topics: [...topics].map(([topic, t]) => ({ topic, votes: t.votes, present: t.present, ...alignment(t.compared, t.aligned) })).sort((a, b) => b.votes - a.votes || (a.topic < b.topic ? -1 : 1)),
    byMonth: [...months].sort(([a], [b]) => (a < b ? -1 : 1)).map(([period, x]) => ({ period, votes: x.votes, present: x.present, attendanceRate: roundOrNull(ratio(x.present, x.votes)), ...alignment(x.compared, x.aligned) })),
  };
}
