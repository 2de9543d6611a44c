import type { FetchStep } from '../../machines/report-workflow.ts';
import type { Committee, Document, Mep, Procedure, Question, Vote } from '../ep/domain.ts';
import { docFamily } from '../ep/ids.ts';
import type { Source } from '../tools.ts';
import { doceoSource } from '../tools/analyze-voting-patterns.ts';
import { currentBodies } from '../tools/common.ts';
import type { ReportPlan } from './input.ts';
import {
  committeeDocumentsOf, committeeOf, doceoSittings, documentsOf, lagging, mepOf, procedureOf, questionsOf, rosterOf, sittingsInPeriod, sittingsOfProcedure, votesOf,
  type Member, type Raw,
} from './read.ts';

export interface MepData { mep: Mep | null; committee: Committee | null; roster: Member[] }
export interface VotingData {
  /** Sittings whose votes were read. */
  sittings: string[];
  /** Every vote read; roll calls carry each MEP's position. */
  votes: Vote[];
  /** Sittings whose roll calls came from DOCEO's files (Open Data not yet published). */
  doceoSittings: string[];
  procedure: Procedure | null;
}
export interface DocumentsData { questions: Question[]; documents: Document[] }
export interface ReportData { mep: MepData | null; voting: VotingData | null; documents: DocumentsData | null }
type StepValue = MepData | VotingData | DocumentsData;

/** One round of a fetch step: the sources to fetch together, planned from what is already in. */
export type Stage = (sofar: Raw) => Record<string, Source>;

/** What a fetch step reads for one report, and how its raw data becomes domain data. */
export interface StepPlan<T extends StepValue = StepValue> {
  stages: Stage[];
  read(raw: Raw): T;
}

const roster: Source = { family: 'meps', path: 'meps/show-current', query: { limit: 1000 }, ttl: 'mep' };
const mepDetail = (id: string): Source => ({ family: 'meps', path: `meps/${id}`, ttl: 'mep' });
const meetings = (year: number): Source => ({ family: 'meetings', path: 'meetings', query: { year, limit: 500 }, ttl: 'plenary' });
const decisions = (sittingId: string): Source => ({ family: 'meetings', path: `meetings/${sittingId}/decisions`, ttl: 'vote', optional: true });
const voteResults = (sittingId: string): Source => ({ family: 'meetings', path: `meetings/${sittingId}/vote-results`, ttl: 'vote', optional: true });
const questions = (year: number): Source => ({ family: 'questions', path: 'parliamentary-questions', query: { 'work-type': 'QUESTION_WRITTEN', year, limit: 1000 }, ttl: 'document', optional: true });
const committeeDocuments = (abbreviation: string): Source => ({ family: 'documents', path: 'committee-documents', query: { committee: abbreviation, limit: 500 }, ttl: 'document', optional: true });
const procedure = (id: string): Source => ({ family: 'procedures', path: `procedures/${id}`, ttl: 'document' });
const document = (id: string): Source => ({ family: 'documents', path: `${docFamily(id) ?? 'documents'}/${id}`, query: { language: 'en' }, ttl: 'document', optional: true });

const keyed = <T>(items: T[], key: (t: T) => string, source: (t: T) => Source) => Object.fromEntries(items.map((t) => [key(t), source(t)]));
const bySitting = (prefix: string, source: (s: string) => Source) => (sittings: string[]) => keyed(sittings, (s) => `${prefix}:${s}`, source);
const decisionsOf = bySitting('decisions', decisions);
/** Vote-results name each vote's item, documents and procedures; decisions carry the numbers and positions. */
const votesOfSittings = (sittings: string[]) => ({ ...bySitting('voteResults', voteResults)(sittings), ...decisionsOf(sittings) });
const doceoOf = bySitting('rcv', doceoSource);

const voting = (sittings: string[], raw: Raw, procedure: Procedure | null = null): VotingData => ({
  sittings,
  // A procedure's report is about its own votes only.
  votes: votesOf(raw).filter((v) => !procedure || v.procedures.includes(procedure.id)),
  doceoSittings: doceoSittings(raw),
  procedure,
});
const noVotes: VotingData = { sittings: [], votes: [], doceoSittings: [], procedure: null };

/** Documents voted in the sitting, or the procedure's own, at most `maxDocuments`. */
function documentIds(plan: ReportPlan, prev: ReportData): string[] {
  const v = prev.voting;
  const ids = v?.procedure ? [...v.procedure.documents, ...v.procedure.events.flatMap((e) => e.documents)] : (v?.votes ?? []).flatMap((x) => x.documents);
  return [...new Set(ids)].slice(0, plan.maxDocuments);
}

/** What each fetch step reads, per report type; `prev` holds the earlier steps' data. */
export function stepPlan(plan: ReportPlan, step: FetchStep, prev: ReportData): StepPlan {
  const s = plan.subject;
  const docs = (): StepPlan<DocumentsData> => ({
    stages: [() => keyed(documentIds(plan, prev), (id) => `doc:${id}`, document)],
    read: (raw) => ({ questions: [], documents: documentsOf(raw) }),
  });
  switch (plan.reportType) {
    case 'MEP_ACTIVITY':
      if (step === 'mep') return { stages: [() => ({ mep: mepDetail(s), bodies: currentBodies, roster })], read: (raw) => ({ mep: mepOf(plan, raw), committee: null, roster: rosterOf(raw) }) };
      if (step === 'voting') {
        return {
          stages: [
            () => keyed(plan.years, (y) => `meetings:${y}`, meetings),
            (raw) => decisionsOf(sittingsInPeriod(plan, raw)),
            (raw) => doceoOf(lagging(sittingsInPeriod(plan, raw), raw)),
          ],
          read: (raw) => voting(sittingsInPeriod(plan, raw), raw),
        };
      }
      return { stages: [() => keyed(plan.years, (y) => `questions:${y}`, questions)], read: (raw) => ({ questions: questionsOf(s, raw), documents: [] }) };
    case 'VOTING_STATISTICS':
      if (step === 'mep') return { stages: [() => ({ roster })], read: (raw) => ({ mep: null, committee: null, roster: rosterOf(raw) }) };
      if (step === 'voting') {
        return {
          stages: [() => votesOfSittings([s]), (raw) => doceoOf(lagging([s], raw))],
          read: (raw) => voting([s], raw),
        };
      }
      return docs();
    case 'COMMITTEE_PERFORMANCE':
      if (step === 'mep') return { stages: [() => ({ bodies: currentBodies })], read: (raw) => ({ mep: null, committee: committeeOf(plan, raw), roster: [] }) };
      // Plenary roll calls are not attributed to committees in the EP's data.
      if (step === 'voting') return { stages: [], read: () => noVotes };
      return { stages: [() => ({ committeeDocuments: committeeDocuments(s) })], read: (raw) => ({ questions: [], documents: committeeDocumentsOf(plan, raw) }) };
    case 'LEGISLATION_PROGRESS':
      if (step === 'mep') return { stages: [() => ({ roster })], read: (raw) => ({ mep: null, committee: null, roster: rosterOf(raw) }) };
      if (step === 'voting') {
        // DOCEO's roll-call files do not name procedures, so only decisions can be attributed to this one.
        const sittings = (raw: Raw) => sittingsOfProcedure(plan, procedureOf(plan, raw));
        return {
          stages: [() => ({ procedure: procedure(s) }), (raw) => votesOfSittings(sittings(raw))],
          read: (raw) => voting(sittings(raw), raw, procedureOf(plan, raw)),
        };
      }
      return docs();
  }
}
