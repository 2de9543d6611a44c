import { z } from 'zod';
import { page, pageOf, PlenarySittingSchema, sittingFromRecord, type PlenarySitting } from '../ep/domain.ts';
import { DateSchema, SittingIdSchema } from '../ep/ids.ts';
import { UserError } from '../errors.ts';
import type { ToolDefinition } from '../tools.ts';
import { inRange, lang, paging, records, year, yearsOf } from './common.ts';

const input = z
  .object({
    eventId: SittingIdSchema.optional().describe('One sitting, e.g. MTG-PL-2024-07-16'),
    year: year.optional().describe('Sittings of this year (default: the years of dateFrom..dateTo, or this year)'),
    dateFrom: DateSchema.optional(),
    dateTo: DateSchema.optional(),
    location: z.enum(['Strasbourg', 'Brussels']).optional(),
    ...paging(50),
    ...lang,
  })
  .strict();
type Input = z.infer<typeof input>;
const output = page(PlenarySittingSchema);
type Output = z.infer<typeof output>;

export const getPlenarySessions: ToolDefinition<Input, Output> = {
  name: 'get_plenary_sessions',
  title: 'Plenary sittings',
  description: 'Plenary sittings of the European Parliament (MTG-PL-YYYY-MM-DD): date, place (Strasbourg or Brussels), term. One sitting by eventId, or the sittings of a year or date range, newest first.',
  family: 'meetings',
  requiredRole: 'reader',
  ttl: 'plenary',
  input,
  output,
  sources(p) {
    if (p.eventId) return [{ family: 'meetings', path: `meetings/${p.eventId}`, ttl: 'plenary' }];
    if (p.dateFrom && p.dateTo && p.dateFrom > p.dateTo) throw new UserError('dateFrom is after dateTo');
    // The API filters meetings by year only; dates and place are filtered here.
    return yearsOf(p.dateFrom, p.dateTo, p.year).map((y) => ({ family: 'meetings' as const, path: 'meetings', query: { year: y, limit: 500 }, ttl: 'plenary' as const }));
  },
  resultKey: (p) => JSON.stringify(p),
  transform(raw, p) {
    const all = raw
      .flatMap(records)
      .map((r) => sittingFromRecord(r, { lang: p.lang }))
      .filter((s): s is PlenarySitting => s !== null)
      .filter((s) => p.eventId || (inRange(s.date, p.dateFrom, p.dateTo) && (!p.location || s.location === p.location)))
      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
    if (p.eventId && all.length === 0) throw new UserError(`no plenary sitting ${p.eventId}`, 'not_found');
    return pageOf(all, p.offset, p.limit);
  },
  render: (r) =>
    `${r.total ?? r.items.length} sittings:\n${r.items.map((s) => `- ${s.id}: ${s.date ?? '?'} in ${s.location ?? '?'}`).join('\n')}${r.nextOffset !== null ? `\n(more: offset ${r.nextOffset})` : ''}`,
};
