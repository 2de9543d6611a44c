import { z } from 'zod';
import { documentFromRecord, DocumentSchema, page, pageOf, type Document } from '../ep/domain.ts';
import { DateSchema, docFamily } from '../ep/ids.ts';
import { UserError } from '../errors.ts';
import type { Source, ToolDefinition } from '../tools.ts';
import { committeeRef, contains, Coverage, docId, inRange, lang, paging, records, scannedPage, scanWindow, year } from './common.ts';
import { docFamily as familyOf, parseDocRef } from '../ep/ids.ts';
import { idTail } from '../ep/jsonld.ts';

const TYPES = {
  report: { path: 'plenary-documents', workType: 'REPORT_PLENARY' },
  resolution: { path: 'plenary-documents', workType: 'RESOLUTION_MOTION' },
  'joint-resolution': { path: 'plenary-documents', workType: 'RESOLUTION_MOTION_JOINT' },
  'adopted-text': { path: 'adopted-texts', workType: 'TEXT_ADOPTED' },
} as const;

const input = z
  .object({
    docId: docId.optional().describe('One document by id or label (A-10-2024-0001, A10-0001/2024, TA-9-2024-0315, AFCO-PA-745315, PV-9-2023-11-21)'),
    keyword: z.string().min(2).max(100).optional().describe('Words to look for in titles'),
    documentType: z.enum(['report', 'resolution', 'joint-resolution', 'adopted-text']).optional(),
    committee: committeeRef.optional().describe('Committee documents of this committee (e.g. AFCO)'),
    year: year.optional().describe('Year of the documents (default: this year)'),
    dateFrom: DateSchema.optional(),
    dateTo: DateSchema.optional(),
    ...paging(20),
    ...lang,
  })
  .strict();
type Input = z.infer<typeof input>;
const output = page(DocumentSchema).extend({ coverage: Coverage });
type Output = z.infer<typeof output>;

const needsDetails = (p: Input) => Boolean(p.keyword || p.dateFrom || p.dateTo);

/** Ids of every listed document, by id descending (within a family: newest first). */
function listedIds(lists: unknown[]): string[] {
  const ids = lists.flatMap(records).map((r) => parseDocRef(idTail(r.id) ?? '')?.id).filter((id): id is string => Boolean(id));
  return [...new Set(ids)].sort((a, b) => b.localeCompare(a));
}

export const searchDocuments: ToolDefinition<Input, Output> = {
  name: 'search_documents',
  title: 'Search EP documents',
  description:
    'EP documents: plenary reports and resolutions, adopted texts, committee documents, session documents. One by docId, or a year\'s documents filtered by type, committee, keyword (in titles) and dates. ' +
    'Each carries its type, date, title, authors, procedure and links to the PDF/DOCX files.',
  family: 'documents',
  requiredRole: 'reader',
  ttl: 'document',
  input,
  output,
  sources(p): Source[] {
    if (p.docId) return [{ family: 'documents', path: `${docFamily(p.docId)}/${p.docId}`, query: { language: p.lang }, ttl: 'document' }];
    const y = p.year ?? Number((p.dateFrom ?? p.dateTo ?? new Date().toISOString()).slice(0, 4));
    if (p.committee) {
      if (!/^[A-Z]{4}$/.test(p.committee)) throw new UserError('committee documents are filed by abbreviation, e.g. AFCO');
      return [{ family: 'documents', path: 'committee-documents', query: { committee: p.committee, limit: 500 }, ttl: 'document' }];
    }
    const types = p.documentType ? [TYPES[p.documentType]] : [TYPES.report, TYPES['adopted-text']];
    return types.map((t) => ({ family: 'documents' as const, path: t.path, query: { year: y, 'work-type': t.workType, limit: 500 }, ttl: 'document' as const }));
  },
  // List items carry only ids: read the window's records in detail (each cached on its own).
  expand(p, lists) {
    if (p.docId) return [];
    const ids = listedIds(lists);
    const w = scanWindow(ids.length, p.offset, p.limit, needsDetails(p));
    return ids.slice(w.start, w.end).map((id): Source => ({ family: 'documents', path: `${familyOf(id)}/${id}`, query: { language: p.lang }, ttl: 'document', optional: true }));
  },
  resultKey: (p) => JSON.stringify(p),
  transform(raw, p) {
    const lists = p.docId ? [] : raw.slice(0, this.sources(p).length);
    const details = p.docId ? raw : raw.slice(lists.length);
    const docs = details
      .flatMap(records)
      .map((r) => documentFromRecord(r, { lang: p.lang }))
      .filter((d): d is Document => d !== null);
    if (p.docId) {
      if (docs.length === 0) throw new UserError(`no document ${p.docId}`, 'not_found');
      return { ...pageOf(docs, 0, p.limit), coverage: { listed: 1, scanned: 1, note: null } };
    }
    const listed = listedIds(lists).length;
    const hits = docs.filter((d) => contains(`${d.title ?? ''} ${d.label ?? ''}`, p.keyword) && (!(p.dateFrom || p.dateTo) || inRange(d.date, p.dateFrom, p.dateTo)));
    return scannedPage(hits, p, listed, needsDetails(p) ? 'keyword and date' : null);
  },
  render: (r) =>
    `${r.total ?? r.items.length} documents:\n${r.items.map((d) => `- ${d.label ?? d.id} (${d.date ?? '?'}): ${d.title ?? '(no title)'}`).join('\n')}${r.nextOffset !== null ? `\n(more: offset ${r.nextOffset})` : ''}`,
};
