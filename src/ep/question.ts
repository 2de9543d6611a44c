// Parliamentary questions. There is no status field upstream: a question is
// answered when its record lists an answer Work in `inverse_answers_to`.
import { z } from 'zod';
import { parseMepId, parseTerm, questionLabel } from './ids.ts';
import { asRecords, asString, field, idOf, idsOf, idTail, langText, readDate, type JsonRecord } from './jsonld.ts';
import { orgLabel, type TransformOptions } from './labels.ts';
import { docIdOfLink } from './links.ts';

export const QUESTION_TYPES = ['written', 'priority-written', 'oral', 'question-time', 'major-interpellation', 'minor-interpellation', 'other'] as const;

const TYPE_BY_WORK_TYPE: Readonly<Record<string, (typeof QUESTION_TYPES)[number]>> = {
  QUESTION_WRITTEN: 'written',
  QUESTION_WRITTEN_PRIORITY: 'priority-written',
  QUESTION_ORAL: 'oral',
  QUESTION_TIME: 'question-time',
  INTERPELLATION_MAJOR: 'major-interpellation',
  INTERPELLATION_MINOR: 'minor-interpellation',
};

/** Addressee org ids seen in data (`org/CS` …). */
const ADDRESSEES: Readonly<Record<string, string>> = {
  CE: 'European Commission',
  CS: 'Council of the European Union',
  VP: 'Vice-President of the Commission / High Representative',
};

export const QuestionSchema = z.object({
  id: z.string(),
  /** `E-001357/2024`. */
  label: z.string(),
  type: z.enum(QUESTION_TYPES),
  /** Upstream work type, e.g. `QUESTION_WRITTEN`. */
  typeCode: z.string().nullable(),
  date: z.string().nullable(),
  title: z.string().nullable(),
  /** Header line of the question ("Question for written answer … - to the Council - …"), when present. */
  subtitle: z.string().nullable(),
  term: z.number().int().nullable(),
  authorMepIds: z.array(z.string()),
  addressee: z.object({ id: z.string(), name: z.string() }).nullable(),
  answered: z.boolean(),
  answerId: z.string().nullable(),
  answerDate: z.string().nullable(),
});
export type Question = z.infer<typeof QuestionSchema>;

/**
 * A parliamentary-questions record → Question; null without an id. Note that
 * `answered` can only be true when the record carries `inverse_answers_to`;
 * minimal list items may not, so check detail records before saying "pending".
 */
export function questionFromRecord(rec: JsonRecord, opts: TransformOptions = {}): Question | null {
  const id = asString(rec.identifier) ?? docIdOfLink(idOf(rec.id) ?? '');
  if (id === null) return null;
  const lang = opts.lang ?? 'en';
  const typeCode = idTail(field(rec, 'work_type'));
  const participations = asRecords(field(rec, 'workHadParticipation'));
  const withRole = (role: string) => participations.filter((p) => idTail(field(p, 'participation_role')) === role);

  const authors = new Set<string>();
  for (const link of [...idsOf(field(rec, 'creator')), ...withRole('AUTHOR').flatMap((p) => idsOf(field(p, 'had_participant_person')))]) {
    const mep = link.startsWith('person/') ? parseMepId(link) : null;
    if (mep !== null) authors.add(mep);
  }

  const addresseeId = withRole('ADDRESSEE').flatMap((p) => idsOf(field(p, 'had_participant_organization')))[0];
  const addressee = addresseeId === undefined ? null : orgLabel(opts.orgs, addresseeId);

  const answer = asRecords(field(rec, 'inverse_answers_to'))[0];
  const answerLink = answer ? null : idsOf(field(rec, 'inverse_answers_to'))[0];
  // One Expression per language, each with a one-language map: merge them so langText can choose.
  const subtitles = asRecords(field(rec, 'is_realized_by')).map((e) => field(e, 'title_alternative'));
  const subtitle = langText(subtitles.filter((t) => t !== undefined), lang);

  return {
    id,
    label: questionLabel(id) ?? asString(rec.label) ?? id,
    type: (typeCode && TYPE_BY_WORK_TYPE[typeCode]) || 'other',
    typeCode,
    date: readDate(rec, 'document_date'),
    title: langText(field(rec, 'title_dcterms'), lang),
    subtitle,
    term: parseTerm(asString(field(rec, 'parliamentary_term'))),
    authorMepIds: [...authors],
    addressee: addressee === null ? null : { id: addressee.id, name: ADDRESSEES[addressee.id] ?? addressee.name ?? addressee.id },
    answered: answer !== undefined || answerLink !== undefined,
    answerId: answer ? docIdOfLink(idOf(answer) ?? '') : answerLink ? docIdOfLink(answerLink) : null,
    answerDate: answer ? readDate(answer, 'document_date') : null,
  };
}
