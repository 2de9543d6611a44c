import { z } from 'zod';
import { runAnalytic, type VoteMatrix } from '../analytics/index.ts';
import { CountrySchema } from '../ep/ids.ts';
import type { ToolDefinition } from '../tools.ts';
import { assessmentShape, confidenceOf, coverageOf, rosterGap } from './assessment.ts';
import { rollCallData, rollCallStages } from './roll-call-tool.ts';
import { scopeShape } from './roll-call-sources.ts';

const input = z
  .object({
    ...scopeShape,
    country: CountrySchema.optional().describe('Only this country\'s MEPs (its national delegation), e.g. DE'),
    sensitivity: z.enum(['low', 'medium', 'high']).default('medium').describe('How readily the overall level rises: mean indicator score needed for medium/high is 0.35/0.60 (low), 0.25/0.50 (medium), 0.15/0.40 (high)'),
  })
  .strict();
type Input = z.infer<typeof input>;

const level = z.enum(['low', 'medium', 'high']);
const output = z.object({
  scope: z.object({ country: z.string().nullable(), members: z.number().int() }),
  overall: z.object({ level, score: z.number().describe('Mean indicator score: low 0, medium 0.5, high 1') }),
  summary: z.string().describe('The assessment in plain language'),
  indicators: z.array(z.object({ name: z.string(), value: z.number().nullable(), level: z.enum(['low', 'medium', 'high', 'unknown']), meaning: z.string() })),
  fragmentation: z.object({
    seats: z.array(z.object({ group: z.string(), seats: z.number().int(), share: z.number() })),
    totalSeats: z.number().int(),
    effectiveNumberOfParties: z.number().nullable().describe('Laakso-Taagepera: 1 / sum of squared seat shares (non-attached left out)'),
    largestShare: z.number().nullable(),
    groupsForMajority: z.number().int().nullable().describe('Fewest groups, largest first, holding more than half the seats'),
  }),
  cohesion: z.array(z.object({ group: z.string(), seats: z.number().int(), agreementIndex: z.number().nullable(), trendPerMonth: z.number().nullable() })),
  meanCohesion: z.number().nullable(),
  cohesionTrendPerMonth: z.number().nullable(),
  dominantCoalition: z.object({ groups: z.array(z.string()), share: z.number(), trendPerMonth: z.number().nullable() }).nullable()
    .describe('The set of groups most often on the winning side, its share of decided votes and the monthly trend of that share'),
  closeVotes: z.object({ votes: z.number().int(), share: z.number().nullable() }),
  defectionRate: z.number().nullable(),
  ...assessmentShape,
});
type Output = z.infer<typeof output>;

export const generatePoliticalRiskAssessment: ToolDefinition<Input, Output> = {
  name: 'generate_political_risk_assessment',
  title: 'Political risk assessment',
  description:
    'How stable the Parliament\'s majorities look over the plenary roll calls of a period (or given sittings), for the house or one country\'s MEPs: fragmentation ' +
    '(effective number of parties by seats, groups needed for a majority), group cohesion and its trend, how often the most frequent winning coalition wins, ' +
    'close votes and defection rates, each rated low/medium/high by documented thresholds, with an overall level and a plain-language summary. ' +
    'Carries its methodology, a confidence level and coverage warnings.',
  family: 'meetings',
  requiredRole: 'analyst',
  ttl: 'vote',
  input,
  output,
  ...rollCallStages,
  resultKey: (p) => JSON.stringify(p),
  async transform(raw, p) {
    const data = await rollCallData(p, raw);
    let matrix: VoteMatrix = data.matrix;
    let seats = data.seats;
    if (p.country) {
      const keep = matrix.members.flatMap((m, i) => (m.country === p.country ? [i] : []));
      matrix = { members: keep.map((i) => matrix.members[i]!), votes: matrix.votes.map((v) => ({ ...v, positions: Uint8Array.from(keep, (i) => v.positions[i]!) })) };
      seats = {};
      for (const m of matrix.members) if (m.group) seats[m.group] = (seats[m.group] ?? 0) + 1;
    }
    const r = await runAnalytic('riskAssessment', { matrix, seats, sensitivity: p.sensitivity });
    const warnings = [...data.warnings];
    if (p.country && matrix.members.length === 0) warnings.push(`no current MEPs from ${p.country} in the roster`);
    if (r.indicators.some((i) => i.level === 'unknown')) warnings.push(`not measurable with these data: ${r.indicators.filter((i) => i.level === 'unknown').map((i) => i.name).join(', ')}`);
    return {
      scope: { country: p.country ?? null, members: matrix.members.length },
      overall: r.overall,
      summary: r.summary,
      indicators: r.indicators,
      fragmentation: r.fragmentation,
      cohesion: r.cohesion,
      meanCohesion: r.meanCohesion,
      cohesionTrendPerMonth: r.cohesionTrendPerMonth,
      dominantCoalition: r.dominantCoalition,
      closeVotes: r.closeVotes,
      defectionRate: r.defectionRate,
      methodology:
        'Seats per group from the current roster (meps/show-current); votes from the roll calls of the sittings read. Effective number of parties (Laakso-Taagepera) = 1 / sum of squared seat shares. ' +
        'Cohesion = Hix Agreement Index per group, seat-weighted mean, and the seat-weighted mean of each group\'s monthly least-squares trend. Winning coalition of a vote = groups whose line ' +
        '(most common position) matched the result; the dominant one is the most frequent. Close vote: |for - against| at most 5% of those voting. Defection rate: members\' votes against their group line. ' +
        'Each indicator is rated by the fixed thresholds given in its `meaning`; the overall level compares the mean rating (low 0, medium 0.5, high 1) with cut-offs set by `sensitivity`.',
      confidence: confidenceOf(matrix.votes.length, rosterGap(data)),
      warnings,
      coverage: coverageOf(p, data),
    };
  },
  render: (r) => `${r.summary} Confidence: ${r.confidence}.${r.warnings.length ? ` Warnings: ${r.warnings.join('; ')}.` : ''}`,
};
