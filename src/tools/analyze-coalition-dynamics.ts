import { z } from 'zod';
import { runAnalytic } from '../analytics/index.ts';
import { GroupSchema } from '../ep/ids.ts';
import type { ToolDefinition } from '../tools.ts';
import { assessmentShape, confidenceOf, coverageOf, rosterGap } from './assessment.ts';
import { rollCallData, rollCallStages } from './roll-call-tool.ts';
import { scopeShape } from './roll-call-sources.ts';

const input = z
  .object({
    groupIds: z.array(GroupSchema).min(1).max(10).optional().describe('Groups to report on (EPP, S&D, PfE, ECR, Renew, Greens/EFA, The Left, ESN, NI); default all'),
    ...scopeShape,
    minimumCohesion: z.number().min(0).max(1).default(0.5).describe('Agreement Index below which a group counts as split on a vote (0-1)'),
  })
  .strict();
type Input = z.infer<typeof input>;

const output = z.object({
  groups: z.array(z.object({
    group: z.string(),
    members: z.number().int().describe('Members of the group in the vote matrix'),
    votes: z.number().int().describe('Votes in which at least two of its members voted'),
    agreementIndex: z.number().nullable().describe('Mean Hix Agreement Index: 1 = always united, 0 = split evenly three ways'),
    lowest: z.number().nullable(),
    belowMinimum: z.number().int().describe('Votes with an Agreement Index below minimumCohesion'),
    cohesive: z.boolean().describe('agreementIndex >= minimumCohesion'),
    trendPerMonth: z.number().nullable().describe('Least-squares change of the monthly mean Agreement Index per month'),
    byMonth: z.array(z.object({ period: z.string(), votes: z.number().int(), agreementIndex: z.number() })),
    compared: z.number().int(),
    defections: z.number().int(),
    defectionRate: z.number().nullable().describe('Members\' votes against the group line / members\' votes where the group had a line'),
  })),
  pairs: z.array(z.object({ a: z.string(), b: z.string(), compared: z.number().int(), same: z.number().int(), rate: z.number().nullable() }))
    .describe('Pairwise alignment: share of votes where both groups had a line and it was the same, most aligned first'),
  winningCoalitions: z.object({
    decided: z.number().int().describe('Votes where for and against differed'),
    coalitions: z.array(z.object({ groups: z.array(z.string()), votes: z.number().int(), share: z.number() })),
  }).describe('Sets of groups whose line matched the result, most frequent first'),
  ...assessmentShape,
});
type Output = z.infer<typeof output>;

export const analyzeCoalitionDynamics: ToolDefinition<Input, Output> = {
  name: 'analyze_coalition_dynamics',
  title: 'Coalition dynamics',
  description:
    'How united the political groups vote and who votes with whom, over the plenary roll calls of a period (or given sittings): each group\'s cohesion as Hix\'s Agreement Index ' +
    '(1 = united, 0 = even three-way split) with its monthly trend, its members\' defection rate from the group line, pairwise alignment between groups\' lines, ' +
    'and the sets of groups that were on the winning side. Carries its methodology, a confidence level and coverage warnings.',
  family: 'meetings',
  requiredRole: 'analyst',
  ttl: 'vote',
  input,
  output,
  ...rollCallStages,
  resultKey: (p) => JSON.stringify(p),
  async transform(raw, p) {
    const data = await rollCallData(p, raw);
    const r = await runAnalytic('coalitionDynamics', { matrix: data.matrix, minimumCohesion: p.minimumCohesion, ...(p.groupIds ? { groups: p.groupIds } : {}) });
    const warnings = [...data.warnings];
    const missing = (p.groupIds ?? []).filter((g) => !r.groups.some((x) => x.group === g));
    if (missing.length) warnings.push(`no members of ${missing.join(', ')} in the data`);
    if (r.groups.some((g) => g.group === 'NI')) warnings.push('NI (non-attached) is not a political group: its cohesion is shown for completeness and it has no line to defect from');
    return {
      groups: r.groups,
      pairs: r.pairs,
      winningCoalitions: { decided: r.winning.decided, coalitions: r.winning.coalitions },
      methodology:
        'Per roll call and group: counts of for, against and abstain among its voting members. Agreement Index (Hix, Noury and Roland) = (max - (total - max) / 2) / total, ' +
        'averaged over votes where at least two members voted; trend = least-squares slope of monthly means. A group\'s line = its most common position (ties give none). ' +
        'Defection rate = members\' votes against their line / members\' votes where there was one. Pairwise alignment = votes with the same line / votes where both had a line. ' +
        'Winning coalition of a vote = the groups (non-attached left out) whose line matched the result (more for than against, or the reverse). Groups are those of the current roster.',
      confidence: confidenceOf(data.matrix.votes.length, rosterGap(data)),
      warnings,
      coverage: coverageOf(p, data),
    };
  },
  render: (r) =>
    `Cohesion (Agreement Index) over ${r.coverage.rollCalls} roll calls: ` +
    r.groups.map((g) => `${g.group} ${g.agreementIndex?.toFixed(2) ?? 'n/a'}`).join(', ') + '. ' +
    (r.pairs.length ? `Most aligned: ${r.pairs.slice(0, 3).map((x) => `${x.a}-${x.b} ${x.rate === null ? 'n/a' : `${Math.round(x.rate * 100)}%`}`).join(', ')}. ` : '') +
    (r.winningCoalitions.coalitions[0] ? `Most frequent winning side: ${r.winningCoalitions.coalitions[0].groups.join(' + ') || 'no group'} (${Math.round(r.winningCoalitions.coalitions[0].share * 100)}%). ` : '') +
    `Confidence: ${r.confidence}.${r.warnings.length ? ` Warnings: ${r.warnings.join('; ')}.` : ''}`,
};
