import { z } from 'zod';
import { buildOrgLookup, sittingFromRecord, type OrgLookup, type PlenarySitting } from '../ep/domain.ts';
import { CommitteeRefSchema, DocIdSchema, LanguageSchema } from '../ep/ids.ts';
import { items, type JsonRecord } from '../ep/jsonld.ts';
import type { Source } from '../tools.ts';

/** Every list tool pages: at most 100 items per call keeps answers far below stdio's 10 MiB. */
export const MAX_LIMIT = 100;
export const paging = (defaultLimit: number) => ({
  limit: z.number().int().min(1).max(MAX_LIMIT).default(defaultLimit).describe(`Items per page, 1-${MAX_LIMIT}`),
  offset: z.number().int().min(0).max(100_000).default(0).describe('Items to skip (use nextOffset from the previous page)'),
});
export const lang = { lang: LanguageSchema.default('en').describe('Language for labels and titles (English is the fallback)') };
export const year = z.number().int().min(1952).max(2100);

/** The arguments are parsed twice (by the SDK, then by the pipeline), so transforms must give valid input back. */
export const docId = DocIdSchema.transform((r) => r.id);
export const committeeRef = CommitteeRefSchema.transform((r) => (r.kind === 'id' ? r.id : r.abbreviation));

/** Current bodies: labels for every org id an MEP or document points at. */
export const currentBodies: Source = { family: 'corporate-bodies', path: 'corporate-bodies/show-current', query: { limit: 1000 }, ttl: 'committee', optional: true };

export const records = (raw: unknown): JsonRecord[] => items(raw);
export const orgsFrom = (raw: unknown): OrgLookup => buildOrgLookup(records(raw), { current: true });

/** Plain YYYY-MM-DD bounds check; open ends allowed. */
export const inRange = (date: string | null, from?: string, to?: string) =>
  date !== null && (!from || date >= from) && (!to || date <= to);

/** Years covered by a date range (at most five, most recent first), defaulting to this year. */
export function yearsOf(from: string | undefined, to: string | undefined, fixed?: number): number[] {
  if (fixed) return [fixed];
  const end = to ? Number(to.slice(0, 4)) : from ? Math.max(Number(from.slice(0, 4)), new Date().getUTCFullYear()) : new Date().getUTCFullYear();
  const start = from ? Number(from.slice(0, 4)) : end;
  const out: number[] = [];
  for (let y = end; y >= start && out.length < 5; y--) out.push(y);
  return out;
}

export const contains = (text: string | null | undefined, needle: string | undefined) =>
  !needle || (text ?? '').toLowerCase().includes(needle.toLowerCase());

/** A methodology note and coverage warnings for derived numbers. */
export const Notes = z.object({
  methodology: z.string(),
  warnings: z.array(z.string()),
});

/** Detail fetches one call may make to fill in minimal list items. */
export const MAX_SCAN = 60;

export const Coverage = z.object({
  /** Items the list endpoint returned. */
  listed: z.number().int(),
  /** List positions read in detail by this call, from `offset`. */
  scanned: z.number().int(),
  /** When filters need details, offsets count list positions, not matches. */
  note: z.string().nullable(),
});

/**
 * The window of list positions to read in detail: the page itself when no
 * filter needs details, else up to MAX_SCAN positions to find matches in.
 */
export function scanWindow(listed: number, offset: number, limit: number, needsDetails: boolean) {
  const end = Math.min(listed, offset + (needsDetails ? Math.max(limit, MAX_SCAN) : limit));
  return { start: Math.min(offset, listed), end };
}

/** A page of matches from a scanned window of a list (see scanWindow). */
export function scannedPage<T>(hits: T[], p: { offset: number; limit: number }, listed: number, filtered: string | null) {
  const w = scanWindow(listed, p.offset, p.limit, filtered !== null);
  const more = w.end < listed;
  return {
    items: hits.slice(0, p.limit),
    offset: p.offset,
    limit: p.limit,
    ...(filtered === null ? { total: listed } : {}),
    nextOffset: more ? (filtered !== null ? w.end : p.offset + p.limit) : null,
    coverage: {
      listed,
      scanned: w.end - w.start,
      note: filtered !== null ? `${filtered} filters were applied to list positions ${w.start}-${w.end} of ${listed}, newest first; continue from nextOffset for more` : null,
    },
  };
}

/** Ids of the most recent plenary sittings in a date range (open end: today), from `meetings` lists. */
export function recentSittings(meetingLists: unknown[], from: string | undefined, to: string | undefined, max: number): string[] {
  const today = new Date().toISOString().slice(0, 10);
  return meetingLists
    .flatMap(records)
    .map((r) => sittingFromRecord(r))
    .filter((s): s is PlenarySitting => s !== null && inRange(s.date, from, to ?? today))
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))
    .slice(0, max)
    .map((s) => s.id);
}
