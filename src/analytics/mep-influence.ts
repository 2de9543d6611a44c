// The mep_influence analytic: a 0-100 score from four equally weighted dimensions, each 0..1:
// voting activity (attendance), legislative output (reports, questions, speeches against
// saturation points), committee roles (points per seat) and network centrality (percentile ranks
// in the co-voting backbone). Dimensions without data are left out and the weights re-normalised.
import { backbone } from './backbone.ts';
import { coVoting } from './co-voting.ts';
import { ABSENT, type MatrixMember, type VoteMatrix } from './matrix.ts';
import { networkMetrics } from './network-metrics.ts';
import { round, roundOrNull } from './numbers.ts';
import { NETWORK_DEFAULTS } from './political-network.ts';

export const INFLUENCE_WEIGHTS = { votingActivity: 0.25, legislativeOutput: 0.25, committeeRoles: 0.25, networkCentrality: 0.25 } as const;
/** Counts at which a legislative-output part scores 1 (over the period analysed). */
export const SATURATION = { reports: 3, questions: 20, speeches: 30 } as const;
/** Points per current seat, by role; the committee-roles score is their sum, capped at 1. */
export const ROLE_POINTS: Readonly<Record<string, number>> = {
  'committee:CHAIR': 1, 'committee:CHAIR_VICE': 0.5, 'committee:CHAIR_VICE_FIRST': 0.5, 'committee:MEMBER': 0.25, 'committee:MEMBER_SUBSTITUTE': 0.1,
  'delegation:CHAIR': 0.3, 'delegation:CHAIR_VICE': 0.15, 'delegation:CHAIR_VICE_FIRST': 0.15, 'delegation:MEMBER': 0.05, 'delegation:MEMBER_SUBSTITUTE': 0.02,
};

export interface MepInfluenceInput {
  matrix: VoteMatrix;
  mepId: string;
  /** Counts for the period; null when not known. */
  activity: { reports: number | null; questions: number | null; speeches: number | null };
  /** Current seats (null when the member's seats are not known). */
  seats: Array<{ kind: 'committee' | 'delegation'; roleCode: string; body: string }> | null;
  network?: { minSimilarity?: number; neighbours?: number; minSharedVotes?: number };
}

export interface InfluenceDimension {
  name: keyof typeof INFLUENCE_WEIGHTS;
  weight: number;
  /** 0..1, null without data. */
  score: number | null;
  details: Record<string, number | string | null>;
}

export interface MepInfluence {
  member: MatrixMember | null;
  /** 0..100; null when no dimension had data. */
  score: number | null;
  dimensions: InfluenceDimension[];
}

/** Share of `values` below `x`, ties counting half (0..1). */
function percentile(values: ArrayLike<number>, x: number): number {
  let below = 0, equal = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i]! < x) below++;
    else if (values[i] === x) equal++;
  }
  return values.length ? (below + Math.max(0, equal - 1) / 2) / Math.max(1, values.length - 1) : 0;
}

export function mepInfluence(input: MepInfluenceInput): MepInfluence {
  const { matrix } = input;
  const m = matrix.members.findIndex((x) => x.id === input.mepId);
  const M = matrix.members.length;
  const V = matrix.votes.length;

  // Voting activity: attendance, with the member's rank in the house.
  const present = new Int32Array(M);
  for (const v of matrix.votes) for (let i = 0; i < M; i++) if (v.positions[i] !== ABSENT) present[i]++;
  const attendance = m >= 0 && V > 0 ? present[m]! / V : null;

  // Legislative output: mean of the known parts, each count over its saturation point.
  const parts = (['reports', 'questions', 'speeches'] as const).filter((k) => input.activity[k] !== null);
  const legislative = parts.length ? parts.reduce((a, k) => a + Math.min(1, input.activity[k]! / SATURATION[k]), 0) / parts.length : null;

  // Committee roles.
  const points = input.seats?.reduce((a, s) => a + (ROLE_POINTS[`${s.kind}:${s.roleCode}`] ?? 0), 0) ?? null;
  const roles = points === null ? null : Math.min(1, points);

  // Network centrality: percentile ranks of strength and betweenness in the whole co-voting backbone.
  let centrality: number | null = null;
  const net: Record<string, number | null> = { degree: null, strength: null, betweenness: null, strengthPercentile: null, betweennessPercentile: null };
  if (m >= 0 && V > 0) {
    const o = { ...NETWORK_DEFAULTS, ...Object.fromEntries(Object.entries(input.network ?? {}).filter(([, v]) => v !== undefined)) };
    const cv = coVoting(matrix);
    const metrics = networkMetrics(M, backbone(cv, o));
    const sp = percentile(metrics.strength, metrics.strength[m]!);
    const bp = percentile(metrics.betweenness, metrics.betweenness[m]!);
    centrality = (sp + bp) / 2;
    Object.assign(net, { degree: metrics.degree[m]!, strength: round(metrics.strength[m]!), betweenness: round(metrics.betweenness[m]!, 6), strengthPercentile: round(sp), betweennessPercentile: round(bp) });
  }

  const dimensions: InfluenceDimension[] = [
    { name: 'votingActivity', weight: INFLUENCE_WEIGHTS.votingActivity, score: roundOrNull(attendance), details: { rollCalls: V, present: m >= 0 ? present[m]! : null, attendancePercentile: m >= 0 && V > 0 ? round(percentile(present, present[m]!)) : null } },
    { name: 'legislativeOutput', weight: INFLUENCE_WEIGHTS.legislativeOutput, score: roundOrNull(legislative), details: { ...input.activity } },
    { name: 'committeeRoles', weight: INFLUENCE_WEIGHTS.committeeRoles, score: roundOrNull(roles), details: { seats: input.seats?.length ?? null, points: roundOrNull(points), roles: input.seats?.map((s) => `${s.body} ${s.roleCode}`).join(', ') ?? null } },
    { name: 'networkCentrality', weight: INFLUENCE_WEIGHTS.networkCentrality, score: roundOrNull(centrality), details: net },
  ];
  const known = dimensions.filter((d) => d.score !== null);
  const wsum = known.reduce((a, d) => a + d.weight, 0);
  return {
    member: m >= 0 ? matrix.members[m]! : null,
    score: wsum ? round((100 * known.reduce((a, d) => a + d.weight * d.score!, 0)) / wsum, 1) : null,
    dimensions,
  };
}
