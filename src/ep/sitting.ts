// Plenary sittings from `meetings` / `meetings/{id}` records.
import { z } from 'zod';
import { parseTerm, sittingDateOf } from './ids.ts';
import { asString, field, idTail, langText, readDate, type JsonRecord } from './jsonld.ts';
import { placeName, type TransformOptions } from './labels.ts';
import { perRecord } from './per-record.ts';

export const PlenarySittingSchema = z.object({
  /** `MTG-PL-2024-07-16` (the record's `activity_id`). */
  id: z.string(),
  date: z.string().nullable(),
  /** `Strasbourg`, `Brussels`, or the humanised place code. */
  location: z.string().nullable(),
  /** Place authority code (`FRA_SXB`, `BEL_BRU`). */
  locationCode: z.string().nullable(),
  label: z.string().nullable(),
  term: z.number().int().nullable(),
  /** Activity type code, `PLENARY_SITTING` for sittings. */
  type: z.string().nullable(),
  /** Start/end date-times as sent upstream (with their offset). */
  start: z.string().nullable(),
  end: z.string().nullable(),
});
export type PlenarySitting = z.infer<typeof PlenarySittingSchema>;

/** A meetings record → PlenarySitting; null without an id. */
export const sittingFromRecord = perRecord(readSitting);

function readSitting(rec: JsonRecord, opts: TransformOptions): PlenarySitting | null {
  const id = asString(field(rec, 'activity_id')) ?? idTail(rec.id);
  if (id === null) return null;
  const locationCode = idTail(field(rec, 'hasLocality'));
  return {
    id,
    // The typed date (`eli-dl:activity_date`) is the usual carrier; the id holds it too.
    date: readDate(rec, 'activity_date') ?? sittingDateOf(id) ?? readDate(rec, 'activity_start_date'),
    location: locationCode === null ? null : placeName(locationCode),
    locationCode,
    label: langText(field(rec, 'activity_label'), opts.lang ?? 'en'),
    term: parseTerm(asString(field(rec, 'parliamentary_term'))),
    type: idTail(field(rec, 'had_activity_type')),
    start: asString(field(rec, 'activity_start_date')),
    end: asString(field(rec, 'activity_end_date')),
  };
}
