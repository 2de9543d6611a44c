// Upstream JSON-LD records shaped as in the facts sheet
// (/work/shared/ep-api/README.md §3, §5). "…" placeholders of the sheet are
// replaced by small invented values where a test needs one.
import type { JsonRecord } from '../../src/ep/jsonld.ts';

export const CONTEXT = [
  { data: '@graph', '@base': 'https://data.europarl.europa.eu/' },
  'https://data.europarl.europa.eu/api/v2/context.jsonld',
];

export const envelope = (...data: JsonRecord[]) => ({ data, '@context': CONTEXT });

export const mepListItem: JsonRecord = {
  id: 'person/1', type: 'Person', identifier: '1', label: 'Georg JARZEMBOWSKI',
  familyName: 'Jarzembowski', givenName: 'Georg', sortLabel: 'JARZEMBOWSKI',
};

export const mepCurrentItem: JsonRecord = {
  id: 'person/1294', type: 'Person', identifier: '1294', label: 'Elio DI RUPO',
  familyName: 'Di Rupo', givenName: 'Elio', sortLabel: 'DIRUPO',
  'api:country-of-representation': 'BE', 'api:political-group': 'S&D',
};

export const mepDetail: JsonRecord = {
  id: 'person/1294', type: 'Person', identifier: '1294', label: 'Elio DI RUPO',
  notation_codictPersonId: '1294',
  hasEmail: 'mailto:elio.dirupo@europarl.europa.eu',
  hasGender: 'http://publications.europa.eu/resource/authority/human-sex/MALE',
  hasHonorificPrefix: 'http://publications.europa.eu/resource/authority/honorific/MR',
  citizenship: 'http://publications.europa.eu/resource/authority/country/BEL',
  placeOfBirth: 'Morlanwelz',
  familyName: 'Di Rupo', givenName: 'Elio', sortLabel: 'DIRUPO',
  upperFamilyName: 'DI RUPO', upperGivenName: 'ELIO',
  img: 'https://www.europarl.europa.eu/mepphoto/1294.jpg',
  hasMembership: [
    {
      id: 'membership/1294-f-172890', type: 'Membership', identifier: '1294-f-172890',
      notation_codictFunctionId: '172890',
      memberDuring: { id: 'time-period/20240719', type: 'PeriodOfTime', startDate: '2024-07-19' },
      organization: 'org/6562',
      role: 'def/ep-roles/MEMBER',
      membershipClassification: 'def/ep-entities/COMMITTEE_PARLIAMENTARY_STANDING',
    },
    {
      id: 'membership/1294-m-16959', type: 'Membership', identifier: '1294-m-16959',
      notation_codictMandateId: '16959',
      represents: ['http://publications.europa.eu/resource/authority/country/BEL'],
      contactPoint: [{
        id: 'contact-point/1294-m-16959-13G115', type: 'ContactPoint', officeAddress: '13G115',
        hasTelephone: { id: 'tel/003222845453', type: 'Voice', hasValue: 'tel:+3222845453' },
        hasSite: 'http://publications.europa.eu/resource/authority/site/ASP',
      }],
      memberDuring: { id: 'time-period/20240716', type: 'PeriodOfTime', startDate: '2024-07-16' },
      organization: 'org/ep-10',
      role: 'def/ep-roles/MEMBER_PARLIAMENT',
    },
  ],
};

export const committeeListItem: JsonRecord = {
  id: 'org/1', type: 'Organization', identifier: '1', label: 'ECON',
  classification: 'def/ep-entities/COMMITTEE_PARLIAMENTARY_STANDING',
};

export const committeeDetail: JsonRecord = {
  id: 'org/1', type: 'Organization', identifier: '1',
  isVersionOf: 'org/ECON', source: 'EU_PARLIAMENT',
  temporal: { id: 'time-period/19890726-19920114', type: 'PeriodOfTime', startDate: '1989-07-26', endDate: '1992-01-14' },
  label: 'ECON',
  prefLabel: {
    en: 'Committee on Economic and Monetary Affairs and Industrial Policy',
    fr: 'Commission économique, monétaire et de la politique industrielle',
  },
  altLabel: { en: 'Economic and Monetary Affairs' },
  notation_providerTemporalBodyId: '1', notation_codictBodyId: '1',
  classification: 'def/ep-entities/COMMITTEE_PARLIAMENTARY_STANDING',
};

export const meetingItem: JsonRecord = {
  id: 'eli/dl/event/MTG-PL-2014-01-13', type: 'Activity',
  'eli-dl:activity_date': { '@value': '2014-01-13T00:00:00+01:00', type: 'xsd:dateTime' },
  activity_start_date: '2014-01-13T01:00:00+01:00',
  activity_end_date: '2014-01-13T23:00:00+01:00',
  activity_id: 'MTG-PL-2014-01-13',
  activity_label: { en: 'Monday, 13 January 2014', fr: 'Lundi 13 janvier 2014' },
  had_activity_type: 'def/ep-activities/PLENARY_SITTING',
  parliamentary_term: 'org/ep-7',
  hasLocality: 'http://publications.europa.eu/resource/authority/place/FRA_SXB',
};

export const voteResultItem: JsonRecord = {
  id: 'eli/dl/event/MTG-PL-2024-04-24-VOT-ITM-946131', type: 'Activity',
  activity_date: '2024-04-24',
  activity_id: 'MTG-PL-2024-04-24-VOT-ITM-946131',
  activity_label: { en: 'Amendments to Parliament’s Rules of Procedure' },
  had_activity_type: 'def/ep-activities/PLENARY_VOTE_RESULTS',
  based_on_a_realization_of: ['eli/dl/doc/A-9-2024-0163'],
  recorded_in_a_realization_of: ['eli/dl/doc/PV-9-2024-04-24-VOT-ITM-001'],
  executed: ['eli/dl/event/MTG-PL-2024-04-24-OJ-ITM-V-148'],
  notation_dlvId: '946131',
  structuredLabel: { fr: '<structuredLabel><title>Modification du règlement</title><label>Rapport: …</label></structuredLabel>' },
  inverse_consists_of: [
    { id: 'eli/dl/event/MTG-PL-2024-04-24', consists_of: ['eli/dl/event/MTG-PL-2024-04-24-VOT-ITM-946131'] },
    { id: 'eli/dl/proc/2024-2006', consists_of: ['eli/dl/event/MTG-PL-2024-04-24-VOT-ITM-946131'] },
  ],
};

export const decisionItem: JsonRecord = {
  id: 'eli/dl/event/MTG-PL-2025-03-11-DEC-1',
  type: 'Decision',
  activity_date: '2025-03-11',
  activity_start_date: '2025-03-11T12:56:14+01:00',
  activity_id: 'MTG-PL-2025-03-11-DEC-1',
  activity_label: { en: 'A10-0006/2025 - Provisional agreement - Am 2' },
  activity_order: 12,
  had_activity_type: 'def/ep-activities/PLENARY_VOTE',
  decision_method: 'def/ep-decision-methods/VOTE_ELECTRONIC_ROLLCALL',
  had_decision_outcome: 'def/ep-decision-outcomes/ADOPTED',
  notation_votingId: '172102',
  number_of_attendees: 660,
  number_of_votes_favor: 499, number_of_votes_against: 117, number_of_votes_abstention: 44,
  had_voter_favor: ['person/257118', 'person/1294'],
  had_voter_against: ['person/197795'],
  had_voter_abstention: ['person/197500'],
  had_voter_intended_favor: [], had_voter_intended_against: [], had_voter_intended_abstention: [],
  decided_on_a_realization_of: ['eli/dl/doc/A-10-2025-0006'],
  recorded_in_a_realization_of: ['eli/dl/doc/PV-10-2025-03-11-VOT-ITM-002'],
  inverse_consists_of: ['eli/dl/event/MTG-PL-2025-03-11'],
};

export const procedureListItem: JsonRecord = {
  id: 'eli/dl/proc/1972-0003', type: 'Process', process_id: '1972-0003',
  process_type: 'def/ep-procedure-types/COD', label: '1972/0003(COD)',
};

export const procedureDetail: JsonRecord = {
  id: 'eli/dl/proc/2024-2006', type: 'Process',
  process_id: '2024-2006', label: '2024/2006(REG)', identifierYear: '2024',
  process_type: 'def/ep-procedure-types/REG',
  process_title: { en: 'Amendments to Parliament’s Rules of Procedure', es: 'Modificación del Reglamento interno del Parlamento' },
  current_stage: 'http://publications.europa.eu/resource/authority/procedure-phase/RDG1',
  created_a_realization_of: ['eli/dl/doc/AFCO-PR-759748', 'eli/dl/doc/A-9-2024-0163', 'eli/dl/doc/TA-9-2024-0315'],
  consists_of: [
    {
      id: 'eli/dl/event/2024-2006-ANPRO-2024-04-10', type: 'Activity', activity_date: '2024-04-10',
      activity_id: '2024-2006-ANPRO-2024-04-10', had_activity_type: 'def/ep-activities/REFERRAL',
      occured_at_stage: 'http://publications.europa.eu/resource/authority/procedure-phase/RDG1',
    },
    {
      id: 'eli/dl/event/MTG-PL-2024-04-24-VOT-ITM-946131', type: 'Activity', activity_date: '2024-04-24',
      activity_id: 'MTG-PL-2024-04-24-VOT-ITM-946131', based_on_a_realization_of: ['eli/dl/doc/A-9-2024-0163'],
      had_activity_type: 'def/ep-activities/PLENARY_VOTE_RESULTS',
      recorded_in_a_realization_of: ['eli/dl/doc/PV-9-2024-04-24-VOT-ITM-001'],
    },
    {
      id: 'eli/dl/event/2024-2006-DEC-DCPL-2024-04-24', type: 'Decision', activity_date: '2024-04-24',
      activity_id: '2024-2006-DEC-DCPL-2024-04-24', decided_on_a_realization_of: ['eli/dl/doc/TA-9-2024-0315'],
      occured_at_stage: 'http://publications.europa.eu/resource/authority/procedure-phase/RDG1',
    },
  ],
  had_participation: [
    {
      id: 'eli/dl/participation/2024-2006-MAIN-AFCO', type: 'Participation',
      had_participant_organization: ['org/AFCO'], participation_role: 'def/ep-roles/COMMITTEE_LEAD',
    },
    {
      id: 'eli/dl/participation/2024-2006-NMCP-197435-AFCO-2024-02-29', type: 'Participation',
      activity_date: '2024-02-29', had_participant_person: ['person/197435'],
      participation_in_name_of: 'org/AFCO', participation_role: 'def/ep-roles/RAPPORTEUR',
      politicalGroup: 'org/S-D', parliamentary_term: 'org/ep-9', precedenceOrder: 2202,
      occured_at_stage: 'http://publications.europa.eu/resource/authority/procedure-phase/RDG1',
    },
  ],
};

export const plenaryDocument: JsonRecord = {
  id: 'eli/dl/doc/A-9-2024-0163', type: 'Work',
  identifier: 'A-9-2024-0163', label: 'A9-0163/2024',
  notation_publicRegister: 'P9_A(2024)0163', epNumber: 'PE759.748', epNumberVersion: '0300',
  work_type: 'def/ep-document-types/REPORT_PLENARY',
  document_date: '2024-04-04', identifierYear: '2024', parliamentary_term: 'org/ep-9',
  creator: ['org/AFCO'], publisher: 'org/EU_PARLIAMENT',
  title_dcterms: { en: "REPORT on amendments to Parliament's Rules of Procedure" },
  is_about: ['http://eurovoc.europa.eu/5659'],
  isAboutSubjectMatter: ['http://publications.europa.eu/resource/authority/subject-matter/INST'],
  originalLanguage: ['http://publications.europa.eu/resource/authority/language/ENG'],
  adopts: ['eli/dl/doc/AFCO-PR-759748'],
  workHadParticipation: [{
    id: 'eli/dl/participation/A-9-2024-0163_197435', type: 'Participation',
    had_participant_person: ['person/197435'], participation_in_name_of: 'org/AFCO',
    participation_role: 'def/ep-roles/RAPPORTEUR',
  }],
  is_realized_by: [{
    id: 'eli/dl/doc/A-9-2024-0163/en', type: 'Expression',
    language: 'http://publications.europa.eu/resource/authority/language/ENG',
    title: { en: 'Report on amendments' }, title_alternative: { en: 'A9-0163/2024' },
    is_embodied_by: [{
      id: 'eli/dl/doc/A-9-2024-0163/en/pdf', type: 'Manifestation',
      is_exemplified_by: 'distribution/reds_iPlRp/A-9-2024-0163/A-9-2024-0163_en.pdf',
      media_type: 'https://www.iana.org/assignments/media-types/application/pdf',
      format: 'http://publications.europa.eu/resource/authority/file-type/PDF',
      issued: '2024-04-05T10:00:00+02:00', byteSize: '123456',
    }],
  }],
  inverse_created_a_realization_of: ['eli/dl/proc/2024-2006'],
  inverse_based_on_a_realization_of: ['eli/dl/event/2024-2006-DEPOT-2024-04-04'],
};

export const amendmentListItem: JsonRecord = {
  id: 'eli/dl/doc/A-10-0034-0034-AM-001-001', type: 'Work',
  work_type: 'def/ep-document-types/AMENDMENT_LIST', identifier: 'A-10-0034-0034-AM-001-001',
};

export const questionItem: JsonRecord = {
  id: 'eli/dl/doc/E-10-2024-001357', type: 'Work',
  identifier: 'E-10-2024-001357', identifierYear: '2024',
  work_type: 'def/ep-document-types/QUESTION_WRITTEN',
  document_date: '2024-07-16', parliamentary_term: 'org/ep-10',
  creator: ['person/257083'], publisher: 'org/EU_PARLIAMENT', epNumber: 'PE763.351',
  title_dcterms: { en: 'Suspension of the EU-Israel Association Agreement and recognition of the State of Palestine' },
  originalLanguage: ['http://publications.europa.eu/resource/authority/language/POR'],
  workHadParticipation: [
    {
      id: 'eli/dl/participation/E-10-2024-001357_257083', type: 'Participation',
      had_participant_person: ['person/257083'], participation_role: 'def/ep-roles/AUTHOR',
    },
    {
      id: 'eli/dl/participation/E-10-2024-001357_CS', type: 'Participation',
      had_participant_organization: ['org/CS'], participation_role: 'def/ep-roles/ADDRESSEE',
    },
  ],
  is_realized_by: [{
    id: 'eli/dl/doc/E-10-2024-001357/en', type: 'Expression',
    title_alternative: { en: 'Question for written answer E-001357/2024 - to the Council - Rule 144 - João Oliveira (The Left)' },
    is_embodied_by: ['…'],
  }],
  inverse_answers_to: [{
    id: 'eli/dl/doc/E-10-2024-001357-ASW', type: 'Work',
    answers_to: 'eli/dl/doc/E-10-2024-001357',
    work_type: 'def/ep-document-types/QUESTION_WRITTEN_ANSWER',
    document_date: '2025-02-26', creator: ['org/EU_COUNCIL'],
  }],
};
