import { z } from 'zod';
import { ANOMALY_DEFAULTS, runAnalytic } from '../analytics/index.ts';
import { GroupSchema, MepIdSchema } from '../ep/ids.ts';
import { UserError } from '../errors.ts';
import type { ToolDefinition } from '../tools.ts';
import { assessmentShape, confidenceOf, coverageOf, rosterGap } from './assessment.ts';
import { MAX_LIMIT } from './common.ts';
import { rollCallData, rollCallStages } from './roll-call-tool.ts';
import { scopeShape } from './roll-call-sources.ts';

/** Thresholds by sensitivity: standard score for outliers, month-to-month change for shifts. */
export const SENSITIVITY = {
  low: { zThreshold: 2.5, shiftThreshold: 0.3 },
  medium: { zThreshold: 2, shiftThreshold: 0.2 },
  high: { zThreshold: 1.5, shiftThreshold: 0.1 },
} as const;

const input = z
  .object({
    mepId: MepIdSchema.optional().describe('Look at one MEP (compared with their group)'),
    groupId: GroupSchema.optional().describe('Look at one group\'s members'),
    ...scopeShape,
    sensitivity: z.enum(['low', 'medium', 'high']).default('medium').describe('low: z >= 2.5, shifts >= 30 points; medium: z >= 2, 20 points; high: z >= 1.5, 10 points'),
    limit: z.number().int().min(1).max(MAX_LIMIT).default(ANOMALY_DEFAULTS.limit).describe(`Items per list (1-${MAX_LIMIT})`),
  })
  .strict();
type Input = z.infer<typeof input>;

const position = z.enum(['for', 'against', 'abstain']);
const output = z.object({
  scope: z.object({ kind: z.enum(['member', 'group', 'house']), id: z.string().nullable(), members: z.number().int(), found: z.boolean() }),
  thresholds: z.object({ zThreshold: z.number(), shiftThreshold: z.number(), minVotesPerPeriod: z.number(), minCompared: z.number(), unitedLine: z.number(), limit: z.number() }),
  defectors: z.array(z.object({ id: z.string(), name: z.string(), group: z.string(), compared: z.number().int(), defections: z.number().int(), rate: z.number(), z: z.number(), flagged: z.boolean() }))
    .describe('Members whose defection rate stands out in their own group (z = standard score within the group); for one MEP, always their row'),
  brokenLines: z.array(z.object({ voteId: z.string(), date: z.string(), title: z.string().nullable(), memberId: z.string(), memberName: z.string(), group: z.string(), position, groupLine: position, groupAgreement: z.number() }))
    .describe('Votes against a united group line (the group\'s Agreement Index at or above unitedLine), most recent first'),
  abstentionSpikes: z.array(z.object({ voteId: z.string(), date: z.string(), title: z.string().nullable(), abstained: z.number().int(), voted: z.number().int(), share: z.number(), z: z.number() }))
    .describe('Votes whose share of abstentions (in the group, or the house) is z standard scores above the mean'),
  alignmentShifts: z.array(z.object({ kind: z.enum(['member', 'group']), id: z.string(), name: z.string(), from: z.string(), to: z.string(), before: z.number(), after: z.number(), change: z.number() }))
    .describe('Month-to-month changes of a member\'s alignment with their group line, or of a group\'s cohesion, of at least shiftThreshold'),
  totals: z.object({ defectors: z.number().int(), brokenLines: z.number().int(), abstentionSpikes: z.number().int(), alignmentShifts: z.number().int() }),
  ...assessmentShape,
});
type Output = z.infer<typeof output>;

export const detectVotingAnomalies: ToolDefinition<Input, Output> = {
  name: 'detect_voting_anomalies',
  title: 'Detect voting anomalies',
  description:
    'Unusual voting in the plenary roll calls of a period (or given sittings), for one MEP, one group or the whole house: members who leave their group\'s line unusually often ' +
    '(standard score of their defection rate within the group), votes against a united group line, abstention spikes (standard score of a vote\'s abstention share), ' +
    'and month-to-month shifts in a member\'s alignment or a group\'s cohesion. Carries its methodology, a confidence level and coverage warnings.',
  family: 'meetings',
  requiredRole: 'analyst',
  ttl: 'vote',
  input,
  output,
  ...rollCallStages,
  sources(p) {
    if (p.mepId && p.groupId) throw new UserError('give mepId or groupId, not both');
    return rollCallStages.sources(p);
  },
  resultKey: (p) => JSON.stringify(p),
  async transform(raw, p) {
    const data = await rollCallData(p, raw);
    const r = await runAnalytic('votingAnomalies', {
      matrix: data.matrix,
      ...SENSITIVITY[p.sensitivity],
      limit: p.limit,
      ...(p.mepId ? { mepId: p.mepId } : {}),
      ...(p.groupId ? { group: p.groupId } : {}),
    });
    const warnings = [...data.warnings];
    if (!r.scope.found) warnings.push(p.mepId ? `MEP ${p.mepId} recorded no position in the sittings read` : `no members of ${p.groupId} in the data`);
    const memberGroup = p.mepId ? data.matrix.members.find((m) => m.id === p.mepId)?.group : undefined;
    if (p.groupId === 'NI' || memberGroup === 'NI') warnings.push('non-attached members have no group line: no defections or shifts for them');
    const months = new Set(data.matrix.votes.map((v) => v.date.slice(0, 7))).size;
    if (months < 2) warnings.push('the roll calls read fall in fewer than two months, so no shifts over time can be seen');
    return {
      ...r,
      methodology:
        'A group\'s line on a vote = its most common position (ties and non-attached give none). Defection rate = a member\'s votes against the line / votes where there was one; ' +
        `members with fewer than ${ANOMALY_DEFAULTS.minCompared} such votes are not scored, the rest get a standard score (z) within their group. ` +
        `Broken lines: votes against a line the group held with an Agreement Index of at least ${ANOMALY_DEFAULTS.unitedLine}. ` +
        'Abstention spikes: z of a vote\'s abstentions / voters (in the group for a group or an MEP, else the house) against all votes read; at least two abstentions. ' +
        `Shifts: change between consecutive months (each with at least ${ANOMALY_DEFAULTS.minVotesPerPeriod} votes) of a member's share of votes on the group line, or of a group's mean Agreement Index. ` +
        'Thresholds follow the sensitivity asked for.',
      confidence: confidenceOf(data.matrix.votes.length, rosterGap(data) || !r.scope.found),
      warnings,
      coverage: coverageOf(p, data),
    };
  },
  render: (r) =>
    `Anomalies (${r.scope.kind}${r.scope.id ? ` ${r.scope.id}` : ''}) over ${r.coverage.rollCalls} roll calls: ${r.totals.defectors} unusual defector(s), ${r.totals.brokenLines} vote(s) against a united line, ` +
    `${r.totals.abstentionSpikes} abstention spike(s), ${r.totals.alignmentShifts} shift(s).` +
    (r.defectors[0] ? ` Top: ${r.defectors[0].name} (${r.defectors[0].group}) left the line in ${(r.defectors[0].rate * 100).toFixed(1)}% of votes, z ${r.defectors[0].z}.` : '') +
    ` Confidence: ${r.confidence}.${r.warnings.length ? ` Warnings: ${r.warnings.join('; ')}.` : ''}`,
};
