import { z } from 'zod';
import { page, pageOf, questionFromRecord, QuestionSchema, type Question } from '../ep/domain.ts';
import { DateSchema, MepIdSchema } from '../ep/ids.ts';
import { UserError } from '../errors.ts';
import type { ToolDefinition } from '../tools.ts';
import { contains, Coverage, inRange, lang, paging, records, scannedPage, scanWindow, year } from './common.ts';
import { idTail } from '../ep/jsonld.ts';
import type { Source } from '../tools.ts';

const WORK_TYPES = { written: 'QUESTION_WRITTEN', oral: 'QUESTION_ORAL', 'priority-written': 'QUESTION_WRITTEN_PRIORITY', 'question-time': 'QUESTION_TIME' } as const;

const input = z
  .object({
    docId: z.string().regex(/^[A-Z]-\d{1,2}-\d{4}-\d{6}$/, 'expected a question id such as E-10-2024-001357').optional(),
    type: z.enum(['written', 'oral', 'priority-written', 'question-time']).default('written'),
    year: year.optional().describe('Year asked (default: this year)'),
    author: MepIdSchema.optional().describe('MEP who asked'),
    status: z.enum(['PENDING', 'ANSWERED']).optional(),
    topic: z.string().min(2).max(100).optional().describe('Words to look for in the title'),
    dateFrom: DateSchema.optional(),
    dateTo: DateSchema.optional(),
    ...paging(20),
    ...lang,
  })
  .strict();
type Input = z.infer<typeof input>;
const output = page(QuestionSchema).extend({ coverage: Coverage });
type Output = z.infer<typeof output>;

const needsDetails = (p: Input) => Boolean(p.author || p.status || p.topic || p.dateFrom || p.dateTo);

/** Question ids, newest first (the id ends in year and a running number). */
function listedIds(list: unknown): string[] {
  const ids = records(list).map((r) => idTail(r.id)).filter((id): id is string => Boolean(id && /^[A-Z]-\d{1,2}-\d{4}-\d{6}$/.test(id)));
  return [...new Set(ids)].sort((a, b) => b.slice(-11).localeCompare(a.slice(-11)));
}

export const getParliamentaryQuestions: ToolDefinition<Input, Output> = {
  name: 'get_parliamentary_questions',
  title: 'Parliamentary questions',
  description:
    'Questions MEPs put to the Commission, the Council and the VP/HR: title, authors, addressee, date, and whether (and when) it was answered. ' +
    'One by docId, or a year\'s questions filtered by type, author, status, topic and dates. The question text itself is only in the linked documents.',
  family: 'questions',
  requiredRole: 'reader',
  ttl: 'document',
  input,
  output,
  sources(p) {
    if (p.docId) return [{ family: 'questions', path: `parliamentary-questions/${p.docId}`, query: { language: p.lang }, ttl: 'document' }];
    const y = p.year ?? Number((p.dateFrom ?? p.dateTo ?? new Date().toISOString()).slice(0, 4));
    // The API filters by type and year only; author, status and topic are filtered here.
    return [{ family: 'questions', path: 'parliamentary-questions', query: { 'work-type': WORK_TYPES[p.type], year: y, limit: 1000 }, ttl: 'document' }];
  },
  // List items carry only ids: read the window's records in detail (each cached on its own).
  expand(p, [list]) {
    if (p.docId) return [];
    const ids = listedIds(list);
    const w = scanWindow(ids.length, p.offset, p.limit, needsDetails(p));
    return ids.slice(w.start, w.end).map((id): Source => ({ family: 'questions', path: `parliamentary-questions/${id}`, query: { language: p.lang }, ttl: 'document', optional: true }));
  },
  resultKey: (p) => JSON.stringify(p),
  transform(raw, p) {
    const details = p.docId ? raw : raw.slice(1);
    const qs = details
      .flatMap(records)
      .map((r) => questionFromRecord(r, { lang: p.lang }))
      .filter((q): q is Question => q !== null);
    if (p.docId) {
      if (qs.length === 0) throw new UserError(`no question ${p.docId}`, 'not_found');
      return { ...pageOf(qs, 0, 1), coverage: { listed: 1, scanned: 1, note: null } };
    }
    const listed = listedIds(raw[0]).length;
    const hits = qs.filter(
      (q) =>
        (!p.author || q.authorMepIds.includes(p.author)) &&
        (!p.status || q.answered === (p.status === 'ANSWERED')) &&
        contains(q.title, p.topic) &&
        (!(p.dateFrom || p.dateTo) || inRange(q.date, p.dateFrom, p.dateTo)),
    );
    return scannedPage(hits, p, listed, needsDetails(p) ? 'author, status, topic and date' : null);
  },
  render: (r) =>
    `${r.total ?? r.items.length} questions:\n${r.items.map((q) => `- ${q.label} (${q.date ?? '?'}, ${q.answered ? 'answered' : 'pending'}): ${q.title ?? ''}`).join('\n')}${r.nextOffset !== null ? `\n(more: offset ${r.nextOffset})` : ''}`,
};
