/**
 * The fake upstream's whole data set, built in code and deterministic. The small fixture plan is
 * fixed (its own seeds) so tests can rely on the ids in FIXTURE; the `large` option adds a
 * full-size house and many generated roll calls (seeded by `seed`) on the same sittings.
 */
import type { Item } from './jsonld.ts';
import { buildBodies, type Body } from './fixtures/bodies.ts';
import { buildSittings, type Sitting } from './fixtures/calendar.ts';
import { buildDocuments } from './fixtures/documents.ts';
import { mepDetail, servedIn, type Mep } from './fixtures/meps.ts';
import { buildDeclarations, buildExternal } from './fixtures/misc.ts';
import { planLegislation, type Legislation, type Procedure } from './fixtures/plenary.ts';
import { buildQuestions } from './fixtures/questions.ts';
import { fixtureMeps } from './fixtures/roster.ts';
import { buildEvents, buildSpeeches, type EventEntry, type Speech } from './fixtures/speeches.ts';
import { loadVocabularies, type Vocabularies } from './fixtures/vocabularies.ts';
import type { VoteItem } from './fixtures/votes.ts';
import type { DocEntry, DocFamily } from './fixtures/works.ts';
import { generateVotes } from './generate.ts';

export type { DocEntry, DocFamily } from './fixtures/works.ts';
export type { Mep } from './fixtures/meps.ts';
export type { RollCall, VoteItem } from './fixtures/votes.ts';
export type { Sitting } from './fixtures/calendar.ts';
export type { Procedure } from './fixtures/plenary.ts';

/** The fake's "today": feeds and `mandate-date` default to it, so results never drift with the wall clock. */
export const FAKE_TODAY = '2025-07-11';

/**
 * Ids a test can rely on. They are fixed by the plan (not by the server seed); the fake's own
 * tests check every one of them, so a change to the fixtures that moves them fails loudly.
 */
export const FIXTURE = {
  meps: {
    /** BE, S&D; AFET member, BUDG substitute; also term 9 */
    diRupo: '1294',
    /** LU, Renew; AFET vice-chair, DEVE member */
    goerens: '840',
    /** DE, PPE; ENVI chair, ITRE substitute; terms 8–10 (the spec's default mep-id) */
    hofmeister: '124936',
    /** BE, PPE; ENVI member, AGRI substitute */
    verstraeten: '257118',
    /** FR, Verts/ALE; ENVI vice-chair, SANT member */
    roussel: '256810',
    /** DE, S&D; AFCO chair, LIBE substitute; rapporteur of 2024/2006(REG) in term 9 */
    reinhardt: '197435',
    /** PT, The Left; author of E-10-2024-001357 */
    oliveira: '257083',
  },
  /** SK: NI until 2025-01-31, ESN from 2025-02-01 */
  groupSwitcher: '257260',
  /** IT, S&D: mandate ended 2025-01-31 (show-outgoing) */
  outgoingMep: '197650',
  /** IT, S&D: mandate from 2025-02-03 (show-incoming) */
  incomingMep: '257640',
  /** Anna SCHMIDT (DE) and Peter SCHMIDT (AT): DOCEO prints "Schmidt Anna" / "Schmidt Peter" */
  homonyms: ['256901', '257186'],
  /** only in `meps` (terms 3–5); first item of the list */
  historicalMep: '1',
  currentMepCount: 45,
  committees: { AFET: '6562', ECON: '6570', AFCO: '6587', ENVI: '7913', SANT: '7912' },
  /** `corporate-bodies/ECON` answers this 1989–1992 body (Q13) */
  historicalEcon: '1',
  sittings: {
    /** term 10, Strasbourg; vote items 960223 (A-10-2025-0014, 2024/0166(COD)) and 960234 (B-10-2025-0049) */
    withDecisions: 'MTG-PL-2025-03-12',
    votingIds: ['170077', '170079', '170080'],
    /** term 9; the facts sheet's vote: DlvId 946131, votingId 168834, A-9-2024-0163, 2024/2006(REG) */
    term9: 'MTG-PL-2024-04-24',
    /** a Monday: a sitting without votes (DOCEO 404, empty decisions) */
    withoutVotes: 'MTG-PL-2025-03-10',
    /** ODP publication lag (Q10): DOCEO files exist, decisions/vote-results are empty */
    lagged: 'MTG-PL-2025-07-08',
    /** Brussels mini-session */
    brussels: 'MTG-PL-2024-11-13',
  },
  procedures: {
    /** full record: referral, committee adoption, tabling, plenary vote, decision; rapporteur + shadows */
    cod: '2024-0166',
    /** the facts sheet's record, term 9 */
    reg: '2024-2006',
    /** oldest in the list; has no events, so `procedures/1972-0003/events` is 404 (Q11) */
    oldest: '1972-0003',
    /** still in committee: referral only */
    pending: '2025-0124',
  },
  documents: {
    report: 'A-10-2025-0014',
    motion: 'B-10-2025-0049',
    adoptedText: 'TA-10-2025-0021',
    /** listed, but the detail is an empty shell (Q9) */
    pendingAdoptedText: 'TA-10-2025-0044',
    committeeDraft: 'SANT-PR-764444',
    term9Report: 'A-9-2024-0163',
    term9AdoptedText: 'TA-9-2024-0315',
    minutes: 'PV-10-2025-03-12',
  },
  questions: {
    /** written, to the Council, answered 2025-02-26 */
    answered: 'E-10-2024-001357',
    unanswered: 'E-10-2024-002467',
    oral: 'O-10-2024-000196',
  },
  speech: 'MTG-PL-2024-10-08-OTH-20040000',
} as const;

export interface Dataset {
  meps: Mep[];
  mepById: Map<string, Mep>;
  mepDetail(id: string): Item | undefined;
  bodies: Body[];
  sittings: Sitting[];
  sittingById: Map<string, Sitting>;
  voteItemsByDate: Map<string, VoteItem[]>;
  legislation: Legislation;
  procedures: Procedure[];
  procedureById: Map<string, Procedure>;
  docs: Record<DocFamily, DocEntry[]>;
  /** every Work for the `documents` route, oldest first */
  allDocuments: DocEntry[];
  speeches: Speech[];
  events: EventEntry[];
  vocabularies: Vocabularies;
}

export interface DatasetOptions {
  seed?: number;
  large?: { meps: number; votes: number };
}

export function buildDataset(options: DatasetOptions = {}): Dataset {
  const fixtures = fixtureMeps();
  const sittings = buildSittings();
  const legislation = planLegislation(fixtures, sittings);
  let meps = [...fixtures];
  const voteItemsByDate = new Map<string, VoteItem[]>();
  for (const item of legislation.voteItems) voteItemsByDate.set(item.date, [...(voteItemsByDate.get(item.date) ?? []), item]);

  if (options.large) {
    const generated = generateVotes({ ...options.large, seed: options.seed ?? 1, base: fixtures.filter((m) => servedIn(m, 10)) });
    meps = [...meps, ...generated.meps];
    for (const item of generated.items) {
      const today = voteItemsByDate.get(item.date) ?? [];
      const offset = today.reduce((n, i) => n + i.votings.length, 0);
      for (const v of item.votings) v.order += offset;
      voteItemsByDate.set(item.date, [...today, item]);
    }
  }
  meps.sort((a, b) => Number(a.id) - Number(b.id));
  const mepById = new Map(meps.map((m) => [m.id, m]));
  const details = new Map<string, Item>();

  const { plenary, adopted, committee, session, sessionItems } = buildDocuments(legislation, sittings, fixtures);
  const docs: Record<DocFamily, DocEntry[]> = {
    'plenary-documents': plenary,
    'adopted-texts': adopted,
    'committee-documents': committee,
    'plenary-session-documents': session,
    'plenary-session-documents-items': sessionItems,
    'parliamentary-questions': buildQuestions(fixtures),
    'meps-declarations': buildDeclarations(fixtures),
    'external-documents': buildExternal(legislation.adoptedTexts),
  };
  const allDocuments = (['plenary-documents', 'adopted-texts', 'committee-documents', 'plenary-session-documents', 'parliamentary-questions', 'external-documents'] as const)
    .flatMap((f) => docs[f])
    .sort((a, b) => a.date.localeCompare(b.date) || a.key.localeCompare(b.key));

  return {
    meps,
    mepById,
    mepDetail(id) {
      const mep = mepById.get(id);
      if (!mep) return undefined;
      let d = details.get(id);
      if (!d) details.set(id, (d = mepDetail(mep)));
      return d;
    },
    bodies: buildBodies(),
    sittings,
    sittingById: new Map(sittings.map((s) => [s.id, s])),
    voteItemsByDate,
    legislation,
    procedures: legislation.procedures,
    procedureById: new Map(legislation.procedures.map((p) => [p.id, p])),
    docs,
    allDocuments,
    speeches: buildSpeeches(sittings, legislation.voteItems, fixtures),
    events: buildEvents(sittings, legislation.voteItems),
    vocabularies: loadVocabularies(),
  };
}
