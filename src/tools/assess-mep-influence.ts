import { z } from 'zod';
import { INFLUENCE_WEIGHTS, ROLE_POINTS, runAnalytic, SATURATION } from '../analytics/index.ts';
import { documentFromRecord, mepFromDetail, questionFromRecord, voteFromDecision } from '../ep/domain.ts';
import { MepIdSchema } from '../ep/ids.ts';
import { envelopeTotal, idTail } from '../ep/jsonld.ts';
import { UserError } from '../errors.ts';
import type { Source, ToolDefinition } from '../tools.ts';
import { assessmentShape, confidenceOf, coverageOf, rosterGap } from './assessment.ts';
import { currentBodies, inRange, orgsFrom, records, yearsOf } from './common.ts';
import { rollCallMatrix } from './roll-call-matrix.ts';
import { rollCallFirst, rollCallSecond, rollCallThird, scopeShape, sittingsOf, stagesOf } from './roll-call-sources.ts';

/** Written questions read in detail per call (newest first) to find the MEP's; the count is a lower bound when the year has more. */
export const QUESTION_SCAN = 40;
/** Voted plenary reports read in detail per call (newest first) to find the MEP's rapporteurships. */
export const REPORT_SCAN = 20;

const input = z.object({ mepId: MepIdSchema, ...scopeShape }).strict();
type Input = z.infer<typeof input>;

const output = z.object({
  mep: z.object({ id: z.string(), name: z.string(), group: z.string().nullable(), country: z.string().nullable() }),
  score: z.number().nullable().describe('0-100: weighted mean of the dimension scores that had data'),
  dimensions: z.array(z.object({
    name: z.enum(['votingActivity', 'legislativeOutput', 'committeeRoles', 'networkCentrality']),
    weight: z.number(),
    score: z.number().nullable().describe('0-1; null without data'),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
    meaning: z.string(),
  })),
  ...assessmentShape,
});
type Output = z.infer<typeof output>;

const MEANING: Record<keyof typeof INFLUENCE_WEIGHTS, string> = {
  votingActivity: 'Attendance: roll calls with a recorded position / roll calls held during the mandate (attendancePercentile: rank in the house, 0-1).',
  legislativeOutput: `Mean of the known parts, each count / its saturation point, capped at 1: plenary reports as rapporteur (${SATURATION.reports}), written questions (${SATURATION.questions}), plenary speeches (${SATURATION.speeches}).`,
  committeeRoles: `Sum of points for current seats, capped at 1: committee chair 1, vice-chair 0.5, member 0.25, substitute 0.1; delegation chair 0.3, vice-chair 0.15, member 0.05.`,
  networkCentrality: 'Mean of the percentile ranks (0-1) of strength and betweenness in the co-voting backbone of the whole house (see map_political_network).',
};

const speechesSource = (p: Input, sittings: string[]): Source => {
  const dates = sittings.map((s) => s.slice('MTG-PL-'.length)).sort();
  return { family: 'speeches', path: 'speeches', query: { 'person-id': p.mepId, 'sitting-date': p.dateFrom ?? dates[0]!, 'sitting-date-end': p.dateTo ?? dates.at(-1)!, limit: 100 }, ttl: 'document', optional: true };
};
const questionYears = (p: Input) => (p.sittingIds ? [...new Set(p.sittingIds.map((s) => Number(s.slice(7, 11))))] : yearsOf(p.dateFrom, p.dateTo));
const questionList = (y: number): Source => ({ family: 'questions', path: 'parliamentary-questions', query: { 'work-type': 'QUESTION_WRITTEN', year: y, limit: 1000 }, ttl: 'document', optional: true });

/** Question ids of the year lists, newest first. */
function questionIds(lists: unknown[]): string[] {
  const ids = lists.flatMap(records).map((r) => idTail(r.id)).filter((id): id is string => Boolean(id && /^[A-Z]-\d{1,2}-\d{4}-\d{6}$/.test(id)));
  return [...new Set(ids)].sort((a, b) => b.slice(-11).localeCompare(a.slice(-11)));
}

/** Plenary reports (A- documents) voted in the decisions read, newest vote first. */
function votedReports(decisions: unknown[]): string[] {
  const dated = decisions.flatMap(records).flatMap((r) => {
    const v = voteFromDecision(r);
    return v ? v.documents.filter((d) => d.startsWith('A-')).map((d) => [v.date ?? '', d] as const) : [];
  });
  return [...new Set(dated.sort((a, b) => b[0].localeCompare(a[0])).map(([, d]) => d))];
}

/** Where each part of this tool's stages sits. */
function layout(p: Input, first: unknown[]) {
  const rc1 = rollCallFirst(p).length;
  const sittings = sittingsOf(p, first);
  // After the roll-call sources: the MEP's record, the current bodies, then the question lists.
  const questions = questionIds(first.slice(rc1 + 2));
  const rc2 = rollCallSecond(p, first).length;
  return { rc1, rc2, sittings, questions: questions.slice(0, QUESTION_SCAN), listed: questions.length };
}

export const assessMepInfluence: ToolDefinition<Input, Output> = {
  name: 'assess_mep_influence',
  title: 'Assess an MEP\'s influence',
  description:
    'A 0-100 influence score for an MEP over a period (or given sittings), from four equally weighted, documented dimensions: voting activity (roll-call attendance), ' +
    'legislative output (plenary reports as rapporteur, written questions, plenary speeches, against saturation points), committee roles (points per current seat: chair, ' +
    'vice-chair, member, substitute; delegations) and network centrality (percentile ranks in the co-voting network). Each dimension gives its raw figures. ' +
    'Carries its methodology, a confidence level and coverage warnings.',
  family: 'meps',
  requiredRole: 'analyst',
  ttl: 'vote',
  input,
  output,
  sources: (p) => [...rollCallFirst(p), { family: 'meps', path: `meps/${p.mepId}`, ttl: 'mep' }, currentBodies, ...questionYears(p).map(questionList)],
  expand(p, first) {
    const l = layout(p, first);
    return [
      ...rollCallSecond(p, first),
      ...(l.sittings.length ? [speechesSource(p, l.sittings)] : []),
      ...l.questions.map((id): Source => ({ family: 'questions', path: `parliamentary-questions/${id}`, ttl: 'document', optional: true })),
    ];
  },
  fallback(p, sofar) {
    const n1 = assessMepInfluence.sources(p).length;
    const first = sofar.slice(0, n1);
    const l = layout(p, first);
    const decisions = sofar.slice(n1, n1 + l.sittings.length);
    return [
      ...rollCallThird(p, first, decisions),
      ...votedReports(decisions).slice(0, REPORT_SCAN).map((id): Source => ({ family: 'documents', path: `plenary-documents/${id}`, ttl: 'document', optional: true })),
    ];
  },
  resultKey: (p) => JSON.stringify(p),
  async transform(raw, p) {
    const [first, second, third] = stagesOf(assessMepInfluence, p, raw);
    const l = layout(p, first);
    const mepRec = records(first[l.rc1])[0];
    const mep = mepRec ? mepFromDetail(mepRec, { orgs: orgsFrom(first[l.rc1 + 1]) }) : null;
    if (!mep) throw new UserError(`no MEP with id ${p.mepId}`, 'not_found');
    const decisions = second.slice(0, l.sittings.length);
    const lateCount = rollCallThird(p, first, decisions).length;
    const data = await rollCallMatrix(p, first, second.slice(0, l.rc2), third.slice(0, lateCount));
    const warnings = [...data.warnings];

    const speechBody = l.sittings.length ? second[l.rc2] : null;
    const speechItems = records(speechBody).length;
    const speeches = speechBody === null ? null : envelopeTotal(speechBody) ?? speechItems;
    if (speechBody !== null && envelopeTotal(speechBody) === null && speechItems >= 100) warnings.push('speeches: only the first 100 were counted (no total given)');

    const from = p.dateFrom ?? l.sittings.at(-1)?.slice(7) ?? undefined;
    const to = p.dateTo ?? l.sittings[0]?.slice(7) ?? undefined;
    const qDetails = second.slice(l.rc2 + (l.sittings.length ? 1 : 0));
    const asked = qDetails.flatMap(records).map((r) => questionFromRecord(r)).filter((q) => q !== null && q.authorMepIds.includes(mep.id) && inRange(q.date, from, to)).length;
    const questions = first.slice(l.rc1 + 2).some((x) => x !== null) ? asked : null;
    if (l.listed > l.questions.length) warnings.push(`written questions: only the ${l.questions.length} newest of ${l.listed} listed were read, so the count (${asked}) is a lower bound`);

    const reportBodies = third.slice(lateCount);
    const reports = reportBodies.flatMap(records).map((r) => documentFromRecord(r)).filter((d) => d !== null && (d.creators.some((c) => c.kind === 'person' && c.id === mep.id) || d.participants.some((x) => x.mepId === mep.id && x.roleCode === 'RAPPORTEUR'))).length;
    const reportsKnown = decisions.some((d) => records(d).length > 0);
    if (!reportsKnown && data.matrix.votes.length) warnings.push('reports: no Open Data decisions in the period to find voted reports in (DOCEO-only sittings do not link documents)');
    else if (reportBodies.length === REPORT_SCAN) warnings.push(`reports: only the ${REPORT_SCAN} most recently voted reports were read`);

    const seats = [
      ...mep.committees.filter((s) => s.current).map((s) => ({ kind: 'committee' as const, roleCode: s.roleCode, body: s.abbreviation ?? s.id })),
      ...mep.delegations.filter((s) => s.current).map((s) => ({ kind: 'delegation' as const, roleCode: s.roleCode, body: s.abbreviation ?? s.id })),
    ];
    const r = await runAnalytic('mepInfluence', { matrix: data.matrix, mepId: mep.id, activity: { reports: reportsKnown ? reports : null, questions, speeches }, seats });
    const unknownRoles = seats.filter((s) => ROLE_POINTS[`${s.kind}:${s.roleCode}`] === undefined);
    if (unknownRoles.length) warnings.push(`roles without points: ${[...new Set(unknownRoles.map((s) => s.roleCode))].join(', ')}`);
    if (!r.member) warnings.push('the MEP recorded no position in any roll call read, so voting activity and centrality are 0 or unknown');
    const known = r.dimensions.filter((d) => d.score !== null).length;
    return {
      mep: { id: mep.id, name: mep.name, group: mep.politicalGroup?.code ?? null, country: mep.country },
      score: r.score,
      dimensions: r.dimensions.map((d) => ({ ...d, meaning: MEANING[d.name] })),
      methodology:
        'Score = 100 × weighted mean of four dimension scores (0-1), weights 0.25 each, over the dimensions that had data. Voting activity and network centrality come from the roll calls of the sittings read ' +
        '(Open Data decisions, DOCEO roll-call files for sittings not yet published); reports from the rapporteur (creator or RAPPORTEUR participant) of voted plenary reports; written questions from ' +
        'the year lists read in detail; speeches from speeches?person-id over the period; committee roles from the MEP\'s current seats (meps/{id}). See each dimension\'s meaning. ' +
        'The score compares engagement, not political weight; saturation points and role points are fixed conventions.',
      confidence: confidenceOf(data.matrix.votes.length, known < 4 || rosterGap(data)),
      warnings,
      coverage: coverageOf(p, data),
    };
  },
  render: (r) =>
    `${r.mep.name} (${r.mep.group ?? 'no group'}): influence score ${r.score ?? 'n/a'} / 100 — ` +
    r.dimensions.map((d) => `${d.name} ${d.score === null ? 'n/a' : d.score.toFixed(2)}`).join(', ') +
    `. Confidence: ${r.confidence}.${r.warnings.length ? ` Warnings: ${r.warnings.join('; ')}.` : ''}`,
};
