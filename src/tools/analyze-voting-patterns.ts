import { z } from 'zod';
import { runAnalytic } from '../analytics/index.ts';
import { mepFromDetail } from '../ep/domain.ts';
import { MepIdSchema } from '../ep/ids.ts';
import { UserError } from '../errors.ts';
import type { Source, ToolDefinition } from '../tools.ts';
import { assessmentShape, confidenceOf, coverageOf, rosterGap, votesWhere } from './assessment.ts';
import { records } from './common.ts';
import { rollCallMatrix } from './roll-call-matrix.ts';
import { rollCallFirst, rollCallSecond, rollCallThird, scopeShape, stagesOf } from './roll-call-sources.ts';

// Kept here for the report workflow, which reads DOCEO days the same way.
export { doceoSource } from './roll-call-sources.ts';
export { rollCallsOf } from './doceo-votes.ts';

/** Departures from the group line listed in full, most recent first. */
const MAX_LISTED = 20;

const input = z
  .object({
    mepId: MepIdSchema,
    ...scopeShape,
    compareWithGroup: z.boolean().default(true).describe('Compare each vote with the line (plurality position) of the MEP\'s group'),
  })
  .strict();
type Input = z.infer<typeof input>;

const Alignment = { compared: z.number().int(), aligned: z.number().int(), rate: z.number().nullable() };
const position = z.enum(['for', 'against', 'abstain']);

const output = z.object({
  mep: z.object({ id: z.string(), name: z.string(), group: z.string().nullable(), country: z.string().nullable() }),
  period: z.object({ from: z.string().nullable(), to: z.string().nullable(), sittings: z.array(z.string()) }),
  rollCallVotes: z.number().int().describe('Roll calls held while the MEP held a seat, in the sittings read'),
  present: z.number().int().describe('Of those, roll calls where the MEP recorded a position'),
  attendanceRate: z.number().nullable().describe('present / rollCallVotes'),
  positions: z.object({ for: z.number().int(), against: z.number().int(), abstain: z.number().int() }),
  groupAlignment: z.object(Alignment).nullable().describe('Votes where the MEP took their group\'s line / votes where the group had one (null without a group or for non-attached)'),
  defections: z.array(z.object({ voteId: z.string(), date: z.string(), title: z.string().nullable(), position, groupLine: position, topic: z.string() }))
    .describe(`Votes against the group line, most recent first (at most ${MAX_LISTED})`),
  crossParty: z.object({ votes: z.number().int(), rate: z.number().nullable(), withGroups: z.array(z.object({ group: z.string(), votes: z.number().int() })) })
    .describe('Departures where the MEP voted as another group\'s line; rate = votes / votes compared with the own group'),
  agreementWithGroups: z.array(z.object({ group: z.string(), compared: z.number().int(), same: z.number().int(), rate: z.number().nullable() }))
    .describe('For each group: how often the MEP\'s position equalled that group\'s line'),
  topics: z.array(z.object({ topic: z.string(), votes: z.number().int(), present: z.number().int(), ...Alignment })).describe('The same counts per policy area of the voted item'),
  byMonth: z.array(z.object({ period: z.string(), votes: z.number().int(), present: z.number().int(), attendanceRate: z.number().nullable(), ...Alignment })),
  ...assessmentShape,
});
type Output = z.infer<typeof output>;

const detailSource = (p: Input): Source => ({ family: 'meps', path: `meps/${p.mepId}`, ttl: 'mep' });

export const analyzeVotingPatterns: ToolDefinition<Input, Output> = {
  name: 'analyze_voting_patterns',
  title: 'Analyse an MEP\'s voting',
  description:
    'How an MEP voted in the plenary roll calls of a period (or of given sittings): attendance (share of roll calls held during their mandate with a recorded position), ' +
    'for/against/abstain counts, alignment with their group\'s line (the group\'s most common position; ties give no line), the votes where they left it, ' +
    'cross-party votes (leaving the own line to vote as another group\'s line), agreement with each group\'s line, and all of it by policy area and month. ' +
    'Carries its methodology, a confidence level and coverage warnings.',
  family: 'meetings',
  requiredRole: 'analyst',
  ttl: 'vote',
  input,
  output,
  sources: (p) => [...rollCallFirst(p), detailSource(p)],
  expand: (p, first) => rollCallSecond(p, first),
  // Open Data roll calls appear weeks late: for sittings still without them, read DOCEO's roll-call file.
  fallback: (p, sofar) => {
    const n1 = rollCallFirst(p).length + 1;
    return rollCallThird(p, sofar.slice(0, n1), sofar.slice(n1));
  },
  resultKey: (p) => JSON.stringify(p),
  async transform(raw, p) {
    const [first, second, third] = stagesOf(analyzeVotingPatterns, p, raw);
    const rec = records(first.at(-1))[0];
    const mep = rec ? mepFromDetail(rec) : null;
    if (!mep) throw new UserError(`no MEP with id ${p.mepId}`, 'not_found');
    const data = await rollCallMatrix(p, first, second, third);
    // Only votes held while the MEP had a seat count towards attendance.
    const mandates = mep.mandates.filter((m) => m.since);
    const seated = (date: string) => mandates.length === 0 || mandates.some((m) => m.since! <= date && (!m.until || date <= m.until));
    const matrix = votesWhere(data.matrix, seated);
    const at = matrix.members.findIndex((m) => m.id === mep.id);
    const group = mep.politicalGroup?.code ?? null;
    if (at >= 0 && !matrix.members[at]!.group && group) matrix.members[at] = { ...matrix.members[at]!, group };
    const r = await runAnalytic('votingPatterns', { matrix, mepId: mep.id, maxListed: MAX_LISTED });
    const warnings = [...data.warnings];
    if (matrix.votes.length < data.matrix.votes.length) warnings.push(`${data.matrix.votes.length - matrix.votes.length} roll call(s) fell outside the MEP's mandate and were left out`);
    if (at < 0 && matrix.votes.length) warnings.push('the MEP recorded no position in any roll call read');
    if (!group) warnings.push('the MEP\'s political group is unknown, so no group comparison');
    else if (group === 'NI') warnings.push('non-attached members have no group line, so no group comparison');
    return {
      mep: { id: mep.id, name: mep.name, group, country: mep.country },
      period: { from: p.dateFrom ?? null, to: p.dateTo ?? null, sittings: data.sittings },
      rollCallVotes: r.rollCalls,
      present: r.present,
      attendanceRate: r.attendanceRate,
      positions: r.positions,
      groupAlignment: p.compareWithGroup ? r.groupAlignment : null,
      defections: p.compareWithGroup ? r.departures : [],
      crossParty: r.crossParty,
      agreementWithGroups: r.agreementWithGroups,
      topics: r.topics,
      byMonth: r.byMonth,
      methodology:
        'Roll-call votes of the sittings read (Open Data meetings/{id}/decisions, titled from /vote-results; for sittings not yet published there, DOCEO roll-call files, matched by PersId), ' +
        'limited to the MEP\'s mandate. Attendance = roll calls with a recorded position / roll calls. A group\'s line on a vote = the position most of its voting members took ' +
        '(ties and non-attached members give no line); groups are those of the current roster. Alignment = votes on the own group\'s line / votes where it had one. ' +
        'Cross-party = departures where the MEP\'s position equalled another group\'s line. Topics come from keywords in the voted item\'s English title (first matching policy area).',
      confidence: confidenceOf(r.present, rosterGap(data) || !group),
      warnings,
      coverage: coverageOf(p, data),
    };
  },
  render: (r) =>
    `${r.mep.name} (${r.mep.group ?? 'no group'}): present in ${r.present} of ${r.rollCallVotes} roll calls; for ${r.positions.for}, against ${r.positions.against}, abstain ${r.positions.abstain}.` +
    (r.groupAlignment?.rate != null ? ` Voted with the group line in ${(r.groupAlignment.rate * 100).toFixed(1)}% of ${r.groupAlignment.compared} votes; ${r.crossParty.votes} cross-party vote(s).` : '') +
    (r.topics.length ? ` Most voted topics: ${r.topics.slice(0, 3).map((t) => `${t.topic} (${t.votes})`).join(', ')}.` : '') +
    ` Confidence: ${r.confidence}.${r.warnings.length ? ` Warnings: ${r.warnings.join('; ')}.` : ''}`,
};
