// Committees (and any corporate body) from `corporate-bodies` records, and the
// organisation lookup other transforms use to label `org/…` ids.
import { z } from 'zod';
import type { CommitteeRef } from './ids.ts';
import { asString, field, idTail, isRecord, langText, readDate, type JsonRecord } from './jsonld.ts';
import { covers, today, type OrgLabel, type TransformOptions } from './labels.ts';

export const CommitteeSchema = z.object({
  /** Numeric body id as a string (`"6562"`), what `corporate-bodies/{id}` takes. */
  id: z.string(),
  abbreviation: z.string().nullable(),
  name: z.string().nullable(),
  shortName: z.string().nullable(),
  /** `COMMITTEE_PARLIAMENTARY_STANDING`, `EU_POLITICAL_GROUP`, … */
  classification: z.string().nullable(),
  start: z.string().nullable(),
  end: z.string().nullable(),
  current: z.boolean(),
});
export type Committee = z.infer<typeof CommitteeSchema>;

export interface CommitteeOptions extends TransformOptions {
  /** Force `current` (list items of `corporate-bodies/show-current` carry no period). */
  current?: boolean;
}

/** A corporate-body record (list item or detail) → Committee; null without an id. */
export function committeeFromRecord(rec: JsonRecord, opts: CommitteeOptions = {}): Committee | null {
  const id = asString(rec.identifier) ?? idTail(rec.id);
  if (id === null) return null;
  const period = field(rec, 'temporal');
  const start = isRecord(period) ? readDate(period, 'startDate') : readDate(rec, 'startDate');
  const end = isRecord(period) ? readDate(period, 'endDate') : readDate(rec, 'endDate');
  const lang = opts.lang ?? 'en';
  return {
    id,
    abbreviation: asString(rec.label) ?? idTail(field(rec, 'isVersionOf')),
    name: langText(field(rec, 'prefLabel'), lang),
    shortName: langText(field(rec, 'altLabel'), lang),
    classification: idTail(field(rec, 'classification')),
    start,
    end,
    current: opts.current ?? (start !== null || end !== null ? covers(start, end, opts.asOf ?? today()) : false),
  };
}

/**
 * Organisation labels keyed by `org/{id}`, plus `org/{abbreviation}` (the form
 * procedures and documents use). When several bodies share an abbreviation
 * (historic ECON vs today's), the current or most recent one wins the alias.
 */
export function buildOrgLookup(records: JsonRecord[], opts: CommitteeOptions = {}): Map<string, OrgLabel> {
  const out = new Map<string, OrgLabel>();
  const aliasOwner = new Map<string, Committee>();
  for (const rec of records) {
    const c = committeeFromRecord(rec, opts);
    if (c === null) continue;
    const label: OrgLabel = { abbreviation: c.abbreviation, name: c.name ?? c.shortName };
    out.set(`org/${c.id}`, label);
    if (c.abbreviation === null || c.abbreviation === c.id) continue;
    const key = `org/${c.abbreviation}`;
    const prev = aliasOwner.get(key);
    if (prev === undefined || newer(c, prev)) {
      aliasOwner.set(key, c);
      out.set(key, label);
    }
  }
  return out;
}

function newer(a: Committee, b: Committee): boolean {
  if (a.current !== b.current) return a.current;
  return (a.start ?? '') > (b.start ?? '');
}

/**
 * Find a body by abbreviation or numeric id in already-transformed records.
 * An abbreviation can match historic bodies too (quirk Q13): current first,
 * then the most recent.
 */
export function resolveCommittee(committees: Committee[], ref: CommitteeRef): Committee | null {
  const hits = committees.filter((c) => (ref.kind === 'id' ? c.id === ref.id : c.abbreviation?.toUpperCase() === ref.abbreviation));
  let best: Committee | null = null;
  for (const c of hits) if (best === null || newer(c, best)) best = c;
  return best;
}
