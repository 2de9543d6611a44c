import { z } from 'zod';
import { committeeFromRecord, documentFromRecord, joinVotes, mepFromDetail, procedureFromRecord, questionFromRecord, resolveCommittee, type Committee, type Document, type Question } from '../ep/domain.ts';
import { parseCommitteeRef, parseMepId, parseProcedureId, parseSittingId } from '../ep/ids.ts';
import { UserError } from '../errors.ts';
import type { Source, ToolDefinition } from '../tools.ts';
import { currentBodies, inRange, orgsFrom, records } from './common.ts';

const input = z
  .object({
    reportType: z.enum(['MEP_ACTIVITY', 'COMMITTEE_PERFORMANCE', 'VOTING_STATISTICS', 'LEGISLATION_PROGRESS']),
    subjectId: z.string().min(1).max(100).describe('MEP id, committee (ENVI), sitting (MTG-PL-YYYY-MM-DD) or procedure (2024/0001(COD)), by report type'),
    year: z.number().int().min(1952).max(2100).optional().describe('Year for question and document counts (default: this year)'),
  })
  .strict();
type Input = z.infer<typeof input>;
const output = z.object({ reportType: z.string(), subjectId: z.string(), title: z.string(), markdown: z.string(), facts: z.record(z.string(), z.union([z.string(), z.number(), z.null()])) });
type Output = z.infer<typeof output>;

function subject<T>(parse: (s: string) => T | null, p: Input, what: string): T {
  const v = parse(p.subjectId);
  if (v === null) throw new UserError(`subjectId for ${p.reportType} must be ${what}`);
  return v;
}
const yearOf = (p: Input) => p.year ?? new Date().getUTCFullYear();

export const generateReport: ToolDefinition<Input, Output> = {
  name: 'generate_report',
  title: 'Generate a report',
  description:
    'A Markdown report with its key facts: MEP_ACTIVITY (profile, seats, questions asked), COMMITTEE_PERFORMANCE (the committee and its documents), ' +
    'VOTING_STATISTICS (one sitting\'s votes and outcomes) or LEGISLATION_PROGRESS (a procedure\'s stage and events).',
  family: 'meps',
  requiredRole: 'analyst',
  ttl: 'other',
  input,
  output,
  sources(p): Source[] {
    switch (p.reportType) {
      case 'MEP_ACTIVITY': {
        const id = subject(parseMepId, p, 'an MEP id such as 1294');
        return [{ family: 'meps', path: `meps/${id}`, ttl: 'mep' }, currentBodies, { family: 'questions', path: 'parliamentary-questions', query: { 'work-type': 'QUESTION_WRITTEN', year: yearOf(p), limit: 1000 }, ttl: 'document', optional: true }];
      }
      case 'COMMITTEE_PERFORMANCE': {
        const ref = subject(parseCommitteeRef, p, 'a committee such as ENVI');
        if (ref.kind !== 'abbreviation') throw new UserError('subjectId for COMMITTEE_PERFORMANCE must be an abbreviation such as ENVI');
        return [currentBodies, { family: 'documents', path: 'committee-documents', query: { committee: ref.abbreviation, limit: 500 }, ttl: 'document', optional: true }];
      }
      case 'VOTING_STATISTICS': {
        const id = subject(parseSittingId, p, 'a sitting such as MTG-PL-2024-04-24');
        return [
          { family: 'meetings', path: `meetings/${id}/vote-results`, ttl: 'vote', optional: true },
          { family: 'meetings', path: `meetings/${id}/decisions`, ttl: 'vote', optional: true },
        ];
      }
      case 'LEGISLATION_PROGRESS': {
        const id = subject(parseProcedureId, p, 'a procedure such as 2024/0001(COD)');
        return [{ family: 'procedures', path: `procedures/${id}`, ttl: 'document' }];
      }
    }
  },
  resultKey: (p) => JSON.stringify(p),
  transform(raw, p) {
    const facts: Output['facts'] = {};
    let title: string;
    const lines: string[] = [];
    if (p.reportType === 'MEP_ACTIVITY') {
      const mep = mepFromDetail(records(raw[0])[0] ?? {}, { orgs: orgsFrom(raw[1]) });
      if (!mep) throw new UserError(`no MEP ${p.subjectId}`, 'not_found');
      const asked = records(raw[2]).map((r) => questionFromRecord(r)).filter((q): q is Question => q !== null && q.authorMepIds.includes(mep.id));
      title = `Activity of ${mep.name}`;
      Object.assign(facts, { country: mep.country, group: mep.politicalGroup?.display ?? null, committees: mep.committees.length, writtenQuestions: asked.length, answered: asked.filter((q) => q.answered).length });
      lines.push(`**${mep.name}** (${mep.country ?? '?'}, ${mep.politicalGroup?.name ?? 'no group'})`, '', '## Seats');
      lines.push(...(mep.committees.length ? mep.committees.map((c) => `- ${c.abbreviation ?? c.name ?? c.id}: ${c.role}`) : ['- none recorded']));
      lines.push('', `## Written questions in ${yearOf(p)}: ${asked.length} (${facts.answered} answered)`, ...asked.slice(0, 15).map((q) => `- ${q.label} ${q.date ?? ''}: ${q.title ?? ''}`));
    } else if (p.reportType === 'COMMITTEE_PERFORMANCE') {
      const ref = parseCommitteeRef(p.subjectId)!;
      const c = resolveCommittee(records(raw[0]).map((r) => committeeFromRecord(r, { current: true })).filter((x): x is Committee => x !== null), ref);
      if (!c) throw new UserError(`no current committee ${p.subjectId}`, 'not_found');
      const docs = records(raw[1]).map((r) => documentFromRecord(r)).filter((d): d is Document => d !== null && inRange(d.date, `${yearOf(p)}-01-01`, `${yearOf(p)}-12-31`));
      title = `${c.abbreviation ?? c.id}: ${c.name ?? ''}`;
      const byType = new Map<string, number>();
      for (const d of docs) byType.set(d.type ?? 'other', (byType.get(d.type ?? 'other') ?? 0) + 1);
      Object.assign(facts, { committee: c.abbreviation ?? c.id, documents: docs.length });
      lines.push(`## Documents in ${yearOf(p)}: ${docs.length}`, ...[...byType].map(([t, n]) => `- ${t}: ${n}`), '', ...docs.slice(0, 15).map((d) => `- ${d.label ?? d.id} ${d.date ?? ''}: ${d.title ?? ''}`));
    } else if (p.reportType === 'VOTING_STATISTICS') {
      const votes = joinVotes(records(raw[0]), records(raw[1]));
      const outcome = (o: string) => votes.filter((v) => v.outcome === o).length;
      title = `Votes of ${p.subjectId}`;
      Object.assign(facts, { votes: votes.length, rollCalls: votes.filter((v) => v.rollCall).length, adopted: outcome('ADOPTED'), rejected: outcome('REJECTED') });
      lines.push(`${votes.length} votes, ${facts.rollCalls} by roll call; ${facts.adopted} adopted, ${facts.rejected} rejected.`, '', ...votes.slice(0, 30).map((v) => `- ${v.title ?? v.label ?? v.id}: ${v.outcome ?? '?'}${v.tallies ? ` (${v.tallies.for}/${v.tallies.against}/${v.tallies.abstain})` : ''}`));
    } else {
      const proc = procedureFromRecord(records(raw[0])[0] ?? {});
      if (!proc) throw new UserError(`no procedure ${p.subjectId}`, 'not_found');
      title = `${proc.reference ?? proc.id}: ${proc.title ?? ''}`;
      Object.assign(facts, { stage: proc.currentStage?.name ?? proc.currentStage?.code ?? null, events: proc.summary.eventCount, lastEvent: proc.summary.lastEventDate, leadCommittee: proc.summary.leadCommittee ?? null });
      lines.push(`Stage: ${facts.stage ?? 'unknown'}; lead committee ${facts.leadCommittee ?? '?'}.`, '', '## Events', ...proc.events.map((e) => `- ${e.date ?? '?'}: ${e.type ?? e.id}`));
    }
    return { reportType: p.reportType, subjectId: p.subjectId, title, markdown: `# ${title}\n\n${lines.join('\n')}\n`, facts };
  },
  render: (r) => r.markdown,
};
