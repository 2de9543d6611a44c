// Documents of every family (plenary A/B/RC, adopted texts, committee and
// session documents, generic `documents`). Records are FRBR trees: the Work
// holds metadata, `is_realized_by` one Expression per language, and each
// Expression's `is_embodied_by` the PDF/DOCX Manifestations with their paths.
import { z } from 'zod';
import { LANGUAGE_FROM_AUTHORITY, docFamily, docLabel, parseMepId, parseTerm, questionLabel, DOC_FAMILIES } from './ids.ts';
import { asRecords, asString, epUrl, field, idOf, idsOf, idTail, langText, readDate, type JsonRecord } from './jsonld.ts';
import { documentTypeOf, orgLabel, type TransformOptions } from './labels.ts';
import { docIdOfLink, procedureIdsOf } from './links.ts';
import { ParticipantSchema, participantFromRecord } from './participant.ts';

export const CreatorSchema = z.object({
  kind: z.enum(['person', 'organisation']),
  /** Person id (`"197435"`) or organisation id tail (`"AFCO"`, `"6562"`). */
  id: z.string(),
  name: z.string().nullable(),
});

export const DocumentFileSchema = z.object({
  language: z.string(),
  /** File type code: `PDF`, `DOCX`, … */
  format: z.string(),
  url: z.string(),
});

export const DocumentSchema = z.object({
  id: z.string(),
  /** Human label (`A9-0163/2024`), else the id. */
  label: z.string(),
  family: z.enum(DOC_FAMILIES).nullable(),
  /** Readable work type (`EP plenary report`) and its code (`REPORT_PLENARY`). */
  type: z.string().nullable(),
  typeCode: z.string().nullable(),
  date: z.string().nullable(),
  title: z.string().nullable(),
  term: z.number().int().nullable(),
  creators: z.array(CreatorSchema),
  participants: z.array(ParticipantSchema),
  /** Procedure this document belongs to, API form (`2024-2006`). */
  procedureId: z.string().nullable(),
  publicRegister: z.string().nullable(),
  epNumber: z.string().nullable(),
  /** Files in the requested language (else English, else the first language present). */
  files: z.array(DocumentFileSchema),
});
export type Document = z.infer<typeof DocumentSchema>;

interface Expression {
  language: string;
  record: JsonRecord;
}

function expressions(rec: JsonRecord): Expression[] {
  return asRecords(field(rec, 'is_realized_by')).map((e) => {
    const code = idTail(field(e, 'language'));
    const language = (code && LANGUAGE_FROM_AUTHORITY[code]) ?? idTail(e.id) ?? '';
    return { language, record: e };
  });
}

function pickExpression(list: Expression[], lang: string): Expression | null {
  return list.find((e) => e.language === lang) ?? list.find((e) => e.language === 'en') ?? list[0] ?? null;
}

function filesOf(e: Expression | null): Array<z.infer<typeof DocumentFileSchema>> {
  if (e === null) return [];
  const out: Array<z.infer<typeof DocumentFileSchema>> = [];
  for (const m of asRecords(field(e.record, 'is_embodied_by'))) {
    const path = asString(field(m, 'is_exemplified_by'));
    if (path === null) continue;
    const format = idTail(field(m, 'format')) ?? (path.split('.').pop() ?? 'FILE').toUpperCase();
    out.push({ language: e.language, format, url: epUrl(path) });
  }
  return out;
}

/** A document Work record (list item or detail) → Document; null without an id. */
export function documentFromRecord(rec: JsonRecord, opts: TransformOptions = {}): Document | null {
  const id = asString(rec.identifier) ?? docIdOfLink(idOf(rec.id) ?? '');
  if (id === null) return null;
  const lang = opts.lang ?? 'en';
  const exprs = expressions(rec);
  const expr = pickExpression(exprs, lang);
  const type = documentTypeOf(field(rec, 'work_type'));
  const creators = idsOf(field(rec, 'creator')).map((link) => {
    const person = link.startsWith('person/') ? parseMepId(link) : null;
    if (person !== null) return { kind: 'person' as const, id: person, name: null };
    const org = orgLabel(opts.orgs, link);
    return { kind: 'organisation' as const, id: org.id, name: org.name ?? org.abbreviation };
  });
  return {
    id,
    label: asString(rec.label) ?? docLabel(id) ?? questionLabel(id) ?? id,
    family: docFamily(id),
    type: type?.label ?? null,
    typeCode: type?.code ?? null,
    date: readDate(rec, 'document_date') ?? readDate(rec, 'date'),
    title:
      langText(field(rec, 'title_dcterms'), lang) ??
      (expr ? langText(field(expr.record, 'title'), lang) ?? langText(field(expr.record, 'title_alternative'), lang) : null) ??
      langText(field(rec, 'title'), lang),
    term: parseTerm(asString(field(rec, 'parliamentary_term'))),
    creators,
    participants: asRecords(field(rec, 'workHadParticipation'))
      .map((p) => participantFromRecord(p, opts.orgs))
      .filter((p) => p !== null),
    procedureId: procedureIdsOf(field(rec, 'inverse_created_a_realization_of'))[0] ?? null,
    publicRegister: asString(field(rec, 'notation_publicRegister')),
    epNumber: asString(field(rec, 'epNumber')),
    files: filesOf(expr),
  };
}
