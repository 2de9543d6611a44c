// DOCEO file names (facts sheet §9.1). Paths are relative to the DOCEO base
// (https://www.europarl.europa.eu/doceo/ upstream, `doceoUrl` of the fake server in tests).
import { UserError } from '../errors.ts';
import { MAX_TERM, parseDate, termForDate } from '../ep/ids.ts';

export const DOCEO_BASE = 'https://www.europarl.europa.eu/doceo/';

export type DoceoKind = 'RCV' | 'VOT';
export type DoceoLanguage = 'EN' | 'FR';

/** `document/PV-10-2024-09-18-RCV_EN.xml`. Throws UserError on a bad term, date, kind or language. */
export function doceoPath(term: number, date: string, kind: DoceoKind, lang: DoceoLanguage = 'EN'): string {
  if (!Number.isInteger(term) || term < 1 || term > MAX_TERM) throw new UserError(`term must be an integer from 1 to ${MAX_TERM}, got ${String(term)}`);
  if (parseDate(date) === null) throw new UserError(`date must be a real calendar day as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  if (kind !== 'RCV' && kind !== 'VOT') throw new UserError(`kind must be RCV or VOT, got ${JSON.stringify(kind)}`);
  if (lang !== 'EN' && lang !== 'FR') throw new UserError(`language must be EN or FR, got ${JSON.stringify(lang)}`);
  return `document/PV-${term}-${date}-${kind}_${lang}.xml`;
}

/**
 * Parliamentary term of a sitting day (10 from 2024-07-16, 9 from 2019-07-02, 8 from 2014-07-01…).
 * Throws UserError for a bad date or one before the first elected Parliament (1979-07-17).
 * Dates after the last known term start map to that term.
 */
export function termForSittingDate(date: string): number {
  if (parseDate(date) === null) throw new UserError(`date must be a real calendar day as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const term = termForDate(date);
  if (term === null) throw new UserError(`no parliamentary term on ${date} (term 1 began on 1979-07-17)`);
  return term;
}

/** Path of a sitting day's file with the term worked out from the date. */
export function doceoPathForDate(date: string, kind: DoceoKind, lang: DoceoLanguage = 'EN'): string {
  return doceoPath(termForSittingDate(date), date, kind, lang);
}
