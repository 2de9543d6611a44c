// The voting_anomalies analytic: members who leave their group's line unusually often, single
// votes where a united group was broken, abstention spikes, and month-to-month shifts in a
// member's alignment or a group's cohesion.
import { voteAgreement } from './cohesion.ts';
import { memberDefections } from './defections.ts';
import { groupLines } from './group-lines.ts';
import { hasLine } from './groups.ts';
import { ABSENT, ABSTAIN, AGAINST, FOR, POSITION_NAMES, type PositionName, type VoteMatrix } from './matrix.ts';
import { meanSd, round, zScore } from './numbers.ts';
import { monthOf } from './periods.ts';

export const ANOMALY_DEFAULTS = { zThreshold: 2, shiftThreshold: 0.2, minVotesPerPeriod: 10, minCompared: 20, unitedLine: 0.9, limit: 25 } as const;

export interface VotingAnomaliesInput {
  matrix: VoteMatrix;
  /** One member (their group is the comparison). */
  mepId?: string;
  /** One group's members (ignored with mepId). */
  group?: string;
  /** Standard scores at or above this are anomalies. */
  zThreshold?: number;
  /** Month-to-month change (0..1) at or above this is a shift. */
  shiftThreshold?: number;
  /** Months with fewer compared votes are not used for shifts. */
  minVotesPerPeriod?: number;
  /** Members with fewer compared votes are not scored as defectors. */
  minCompared?: number;
  /** A group line counts as united at or above this Agreement Index. */
  unitedLine?: number;
  /** Items per list. */
  limit?: number;
}

export interface Defector { id: string; name: string; group: string; compared: number; defections: number; rate: number; z: number; flagged: boolean }
export interface BrokenLine { voteId: string; date: string; title: string | null; memberId: string; memberName: string; group: string; position: PositionName; groupLine: PositionName; groupAgreement: number }
export interface AbstentionSpike { voteId: string; date: string; title: string | null; abstained: number; voted: number; share: number; z: number }
export interface AlignmentShift { kind: 'member' | 'group'; id: string; name: string; from: string; to: string; before: number; after: number; change: number }

export interface VotingAnomalies {
  scope: { kind: 'member' | 'group' | 'house'; id: string | null; members: number; found: boolean };
  thresholds: Required<Omit<VotingAnomaliesInput, 'matrix' | 'mepId' | 'group'>>;
  defectors: Defector[];
  brokenLines: BrokenLine[];
  abstentionSpikes: AbstentionSpike[];
  alignmentShifts: AlignmentShift[];
  /** How many of each were found before lists were cut to `limit`. */
  totals: { defectors: number; brokenLines: number; abstentionSpikes: number; alignmentShifts: number };
}

export function votingAnomalies(input: VotingAnomaliesInput): VotingAnomalies {
  const t = { ...ANOMALY_DEFAULTS, ...Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && k in ANOMALY_DEFAULTS)) } as Required<VotingAnomalies['thresholds']>;
  const { matrix } = input;
  const lines = groupLines(matrix);
  const G = lines.groups.names.length;
  const M = matrix.members.length;
  const of = lines.groups.of;
  const names = lines.groups.names;
  const me = input.mepId !== undefined ? matrix.members.findIndex((m) => m.id === input.mepId) : -1;
  const scopeGroup = me >= 0 ? of[me]! : input.group !== undefined ? names.indexOf(input.group) : -1;
  const kind = input.mepId !== undefined ? 'member' : input.group !== undefined ? 'group' : 'house';
  const inScope = (m: number) => (kind === 'member' ? m === me : kind === 'group' ? of[m] === scopeGroup : true);
  const found = kind === 'member' ? me >= 0 : kind === 'group' ? scopeGroup >= 0 : true;

  // Defectors: a member's defection rate against their own group's members (z within the group).
  const d = memberDefections(matrix, lines);
  const rates: number[][] = names.map(() => []);
  for (let m = 0; m < M; m++) if (of[m]! >= 0 && d.compared[m]! >= t.minCompared) rates[of[m]!]!.push(d.defections[m]! / d.compared[m]!);
  const spread = rates.map((r) => meanSd(r));
  const defectors: Defector[] = [];
  for (let m = 0; m < M; m++) {
    const g = of[m]!;
    if (!found || !inScope(m) || g < 0 || d.compared[m]! < t.minCompared) continue;
    const rate = d.defections[m]! / d.compared[m]!;
    // Compared as shown (two decimals), so a listed z of 2.00 against a threshold of 2 is flagged.
    const z = round(zScore(rate, spread[g]!.mean, spread[g]!.sd), 2);
    const flagged = z >= t.zThreshold;
    if (flagged || kind === 'member') defectors.push({ id: matrix.members[m]!.id, name: matrix.members[m]!.name, group: names[g]!, compared: d.compared[m]!, defections: d.defections[m]!, rate: round(rate), z, flagged });
  }
  defectors.sort((a, b) => b.z - a.z);

  // Broken lines: a member voting against a united group line.
  const brokenLines: BrokenLine[] = [];
  const lined = names.map(hasLine);
  for (let v = matrix.votes.length - 1; v >= 0 && found; v--) {
    const vote = matrix.votes[v]!;
    for (let m = 0; m < M; m++) {
      const g = of[m]!;
      const code = vote.positions[m]!;
      if (g < 0 || !lined[g] || code === ABSENT || !inScope(m)) continue;
      const line = lines.line[v * G + g]!;
      if (line === ABSENT || line === code) continue;
      const ai = voteAgreement(lines, v, g);
      if (!(ai >= t.unitedLine)) continue;
      brokenLines.push({ voteId: vote.id, date: vote.date, title: vote.title, memberId: matrix.members[m]!.id, memberName: matrix.members[m]!.name, group: names[g]!, position: POSITION_NAMES[code]!, groupLine: POSITION_NAMES[line]!, groupAgreement: round(ai) });
    }
  }

  // Abstention spikes: share of abstentions among those who voted, in the scope's group (or the house), per vote.
  const spikeGroup = kind === 'house' ? -1 : scopeGroup;
  const shares: number[] = [];
  const counted: Array<{ v: number; abstained: number; voted: number; share: number }> = [];
  matrix.votes.forEach((_, v) => {
    let abstained: number, voted: number;
    if (spikeGroup < 0) {
      abstained = lines.house[v * 4 + ABSTAIN]!;
      voted = lines.house[v * 4 + FOR]! + lines.house[v * 4 + AGAINST]! + abstained;
    } else {
      const at = (v * G + spikeGroup) * 4;
      abstained = lines.counts[at + ABSTAIN]!;
      voted = lines.counts[at + FOR]! + lines.counts[at + AGAINST]! + abstained;
    }
    if (voted === 0) return;
    shares.push(abstained / voted);
    counted.push({ v, abstained, voted, share: abstained / voted });
  });
  const abst = meanSd(shares);
  const abstentionSpikes: AbstentionSpike[] = (found ? counted : [])
    .map((c) => ({ ...c, z: round(zScore(c.share, abst.mean, abst.sd), 2) }))
    .filter((c) => c.z >= t.zThreshold && c.abstained >= 2)
    .sort((a, b) => b.z - a.z)
    .map((c) => ({ voteId: matrix.votes[c.v]!.id, date: matrix.votes[c.v]!.date, title: matrix.votes[c.v]!.title, abstained: c.abstained, voted: c.voted, share: round(c.share), z: c.z }));

  // Shifts: members' monthly alignment with their group line, and groups' monthly cohesion.
  const alignmentShifts: AlignmentShift[] = [];
  if (found) {
    const monthKeys = [...new Set(matrix.votes.map((v) => monthOf(v.date)))].sort();
    const monthAt = new Map(monthKeys.map((k, i) => [k, i]));
    const P = monthKeys.length;
    const members = [...Array(M).keys()].filter((m) => inScope(m) && of[m]! >= 0 && lined[of[m]!]!);
    const comp = new Int32Array(members.length * P);
    const same = new Int32Array(members.length * P);
    const groupsShown = kind === 'house' ? [...Array(G).keys()] : scopeGroup >= 0 ? [scopeGroup] : [];
    const aiSum = new Float64Array(G * P);
    const aiN = new Int32Array(G * P);
    matrix.votes.forEach((vote, v) => {
      const p = monthAt.get(monthOf(vote.date))!;
      members.forEach((m, k) => {
        const code = vote.positions[m]!;
        const line = lines.line[v * G + of[m]!]!;
        if (code === ABSENT || line === ABSENT) return;
        comp[k * P + p]++;
        if (code === line) same[k * P + p]++;
      });
      for (const g of groupsShown) {
        const ai = voteAgreement(lines, v, g);
        if (Number.isNaN(ai)) continue;
        aiSum[g * P + p] += ai;
        aiN[g * P + p]++;
      }
    });
    const shifts = (kindOf: 'member' | 'group', id: string, name: string, series: Array<{ period: string; value: number } | null>) => {
      let prev: { period: string; value: number } | null = null;
      for (const point of series) {
        if (!point) continue;
        if (prev && Math.abs(point.value - prev.value) >= t.shiftThreshold) {
          alignmentShifts.push({ kind: kindOf, id, name, from: prev.period, to: point.period, before: round(prev.value), after: round(point.value), change: round(point.value - prev.value) });
        }
        prev = point;
      }
    };
    members.forEach((m, k) => {
      const series = monthKeys.map((period, p) => (comp[k * P + p]! >= t.minVotesPerPeriod ? { period, value: same[k * P + p]! / comp[k * P + p]! } : null));
      shifts('member', matrix.members[m]!.id, matrix.members[m]!.name, series);
    });
    for (const g of groupsShown) {
      const series = monthKeys.map((period, p) => (aiN[g * P + p]! >= t.minVotesPerPeriod ? { period, value: aiSum[g * P + p]! / aiN[g * P + p]! } : null));
      shifts('group', names[g]!, names[g]!, series);
    }
    alignmentShifts.sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.id < b.id ? -1 : 1));
  }

  const scoped = [...Array(M).keys()].filter(inScope).length;
  return {
    scope: { kind, id: input.mepId ?? input.group ?? null, members: found ? scoped : 0, found },
    thresholds: t,
    defectors: defectors.slice(0, t.limit),
    brokenLines: brokenLines.slice(0, t.limit),
    abstentionSpikes: abstentionSpikes.slice(0, t.limit),
    alignmentShifts: alignmentShifts.slice(0, t.limit),
    totals: { defectors: defectors.filter((x) => x.flagged).length, brokenLines: brokenLines.length, abstentionSpikes: abstentionSpikes.length, alignmentShifts: alignmentShifts.length },
  };
}
