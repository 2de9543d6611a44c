// The risk_assessment analytic: how stable the house's majorities look, from fragmentation (seats),
// cohesion and its trend, how often the usual coalition wins, close votes and defections. Each
// indicator gets a level by fixed, documented thresholds; the overall level is their mean.
import { groupCohesion } from './cohesion.ts';
import { groupDefections, memberDefections } from './defections.ts';
import { fragmentation, type Fragmentation } from './fragmentation.ts';
import { groupLines } from './group-lines.ts';
import { hasLine, NON_ATTACHED } from './groups.ts';
import { ABSTAIN, AGAINST, FOR, type VoteMatrix } from './matrix.ts';
import { ratio, round, roundOrNull } from './numbers.ts';
import { slopePerMonth } from './periods.ts';
import { winningCoalitions } from './winning-coalitions.ts';

export type Level = 'low' | 'medium' | 'high';
export type Sensitivity = 'low' | 'medium' | 'high';

export interface RiskAssessmentInput {
  matrix: VoteMatrix;
  /** Seats per group (e.g. from the current roster); default: members per group in the matrix. */
  seats?: Record<string, number>;
  /** How readily the overall level rises (default medium). */
  sensitivity?: Sensitivity;
}

export interface RiskIndicator {
  name: string;
  value: number | null;
  /** `unknown` when there was nothing to measure; such indicators do not count towards the overall level. */
  level: Level | 'unknown';
  /** What the value means and where the level thresholds lie. */
  meaning: string;
}

export interface RiskAssessment {
  fragmentation: Fragmentation;
  cohesion: Array<{ group: string; seats: number; agreementIndex: number | null; trendPerMonth: number | null }>;
  /** Seat-weighted mean Agreement Index of the groups with a line. */
  meanCohesion: number | null;
  /** Seat-weighted mean of the groups' monthly cohesion trends. */
  cohesionTrendPerMonth: number | null;
  dominantCoalition: { groups: string[]; share: number; trendPerMonth: number | null } | null;
  closeVotes: { votes: number; share: number | null };
  defectionRate: number | null;
  indicators: RiskIndicator[];
  overall: { level: Level; score: number };
  summary: string;
}

/** A vote is close when |for − against| is at most this share of those who voted. */
export const CLOSE_MARGIN = 0.05;

/** Level of a value against two thresholds; `higherIsRiskier` false means at or below them is risky. */
function levelOf(value: number | null, medium: number, high: number, higherIsRiskier = true): Level | 'unknown' {
  if (value === null) return 'unknown';
  const beyond = (t: number) => (higherIsRiskier ? value >= t : value <= t);
  return beyond(high) ? 'high' : beyond(medium) ? 'medium' : 'low';
}
const SCORE: Record<Level, number> = { low: 0, medium: 0.5, high: 1 };
/** Overall level cut-offs on the mean indicator score, by sensitivity: [medium, high]. */
const CUTOFFS: Record<Sensitivity, [number, number]> = { low: [0.35, 0.6], medium: [0.25, 0.5], high: [0.15, 0.4] };

export function riskAssessment(input: RiskAssessmentInput): RiskAssessment {
  const { matrix } = input;
  const lines = groupLines(matrix);
  const names = lines.groups.names;
  const seats = input.seats ?? Object.fromEntries(names.map((g, i) => [g, lines.groups.sizes[i]!]));
  const frag = fragmentation(seats, { exclude: [NON_ATTACHED] });
  const cohesion = groupCohesion(matrix, {}, lines);
  const seatOf = (g: string) => seats[g] ?? 0;

  let wSum = 0, aiSum = 0, trendW = 0, trendSum = 0;
  for (const c of cohesion) {
    if (!hasLine(c.group) || c.agreementIndex === null) continue;
    const w = seatOf(c.group);
    wSum += w;
    aiSum += w * c.agreementIndex;
    if (c.trendPerMonth !== null) {
      trendW += w;
      trendSum += w * c.trendPerMonth;
    }
  }
  const meanCohesion = wSum ? aiSum / wSum : null;
  const cohesionTrend = trendW ? trendSum / trendW : null;

  const winning = winningCoalitions(matrix, { limit: 1 }, lines);
  const top = winning.coalitions[0];
  const dominant = top ? { groups: top.groups, share: top.share, trendPerMonth: roundOrNull(slopePerMonth(winning.dominantByMonth.map((m) => ({ period: m.period, value: m.share })))) } : null;

  let close = 0;
  matrix.votes.forEach((_, v) => {
    const f = lines.house[v * 4 + FOR]!, a = lines.house[v * 4 + AGAINST]!, ab = lines.house[v * 4 + ABSTAIN]!;
    if (f + a + ab > 0 && Math.abs(f - a) <= CLOSE_MARGIN * (f + a + ab)) close++;
  });
  const closeShare = ratio(close, matrix.votes.length);
  const groupDef = groupDefections(memberDefections(matrix, lines), lines);
  const compared = groupDef.reduce((a, g) => a + g.compared, 0);
  const defectionRate = ratio(groupDef.reduce((a, g) => a + g.defections, 0), compared);

  const indicators: RiskIndicator[] = [
    { name: 'effectiveNumberOfParties', value: frag.effectiveNumberOfParties, level: levelOf(frag.effectiveNumberOfParties, 5, 7), meaning: 'Laakso-Taagepera effective number of groups by seats (non-attached left out); medium from 5, high from 7.' },
    { name: 'groupsForMajority', value: frag.groupsForMajority, level: levelOf(frag.groupsForMajority, 3, 4), meaning: 'Fewest groups, largest first, holding more than half the seats; medium from 3, high from 4.' },
    { name: 'meanCohesion', value: roundOrNull(meanCohesion), level: levelOf(meanCohesion, 0.85, 0.7, false), meaning: 'Seat-weighted mean Agreement Index of the groups; medium at or below 0.85, high at or below 0.70.' },
    { name: 'cohesionTrendPerMonth', value: roundOrNull(cohesionTrend), level: levelOf(cohesionTrend, -0.005, -0.02, false), meaning: 'Seat-weighted monthly change of group cohesion; medium at a fall of 0.005 a month, high at 0.02.' },
    { name: 'dominantCoalitionShare', value: dominant?.share ?? null, level: levelOf(dominant?.share ?? null, 0.6, 0.4, false), meaning: 'Share of decided votes won by the most frequent winning set of groups; medium at or below 0.60, high at or below 0.40 (majorities built case by case).' },
    { name: 'closeVoteShare', value: roundOrNull(closeShare), level: levelOf(closeShare, 0.05, 0.15), meaning: `Share of votes decided by a margin of at most ${CLOSE_MARGIN * 100}% of those voting; medium from 0.05, high from 0.15.` },
    { name: 'defectionRate', value: roundOrNull(defectionRate), level: levelOf(defectionRate, 0.05, 0.1), meaning: 'Share of members\' votes against their own group\'s line; medium from 0.05, high from 0.10.' },
  ];
  const known = indicators.filter((i): i is RiskIndicator & { level: Level } => i.level !== 'unknown');
  const score = known.length ? known.reduce((a, i) => a + SCORE[i.level], 0) / known.length : 0;
  const [mediumAt, highAt] = CUTOFFS[input.sensitivity ?? 'medium'];
  const level: Level = score >= highAt ? 'high' : score >= mediumAt ? 'medium' : 'low';

  const result: RiskAssessment = {
    fragmentation: frag,
    cohesion: cohesion.map((c) => ({ group: c.group, seats: seatOf(c.group), agreementIndex: c.agreementIndex, trendPerMonth: c.trendPerMonth })),
    meanCohesion: roundOrNull(meanCohesion),
    cohesionTrendPerMonth: roundOrNull(cohesionTrend),
    dominantCoalition: dominant,
    closeVotes: { votes: close, share: roundOrNull(closeShare) },
    defectionRate: roundOrNull(defectionRate),
    indicators,
    overall: { level, score: round(score, 3) },
    summary: '',
  };
  result.summary = summarise(result, matrix.votes.length);
  return result;
}

function summarise(r: RiskAssessment, votes: number): string {
  const pct = (x: number | null) => (x === null ? 'unknown' : `${Math.round(x * 100)}%`);
  const parts = [`Overall political risk is ${r.overall.level}, judged on ${votes} roll-call votes.`];
  const f = r.fragmentation;
  if (f.effectiveNumberOfParties !== null) parts.push(`Seats are spread over about ${f.effectiveNumberOfParties.toFixed(1)} effective groups; the largest holds ${pct(f.largestShare)}, and a majority needs at least ${f.groupsForMajority ?? 'more than all'} groups.`);
  if (r.meanCohesion !== null) {
    const trend = r.cohesionTrendPerMonth === null ? '' : r.cohesionTrendPerMonth < -0.005 ? ', and it is falling' : r.cohesionTrendPerMonth > 0.005 ? ', and it is rising' : ', and it is steady';
    parts.push(`Groups vote together with a mean Agreement Index of ${r.meanCohesion.toFixed(2)}${trend}.`);
  }
  if (r.dominantCoalition) parts.push(`The most frequent winning side (${r.dominantCoalition.groups.join(' + ') || 'no group'}) carried ${pct(r.dominantCoalition.share)} of decided votes.`);
  parts.push(`${pct(r.closeVotes.share)} of votes were close, and members left their group's line in ${pct(r.defectionRate)} of their votes.`);
  const high = r.indicators.filter((i) => i.level === 'high').map((i) => i.name);
  if (high.length) parts.push(`Indicators at high: ${high.join(', ')}.`);
  return parts.join(' ');
}
