// Identifier parsing for everything a client can send (facts sheet §4).
// Every value that ends up in an upstream URL passes through one of these
// parsers first. Each one matches the whole input against a closed pattern
// and rebuilds the id from the captured parts, so nothing outside the pattern
// (slashes, dots, query characters) can reach a URL.
//
// Convention: parseX(input: unknown) returns the canonical value or null; the
// zod schemas at the bottom wrap them for tool inputs.
import { z } from 'zod';
import { parseCountry } from './countries.ts';
import { MAX_INPUT, clean } from './input.ts';
import { parseGroup } from './groups.ts';

export * from './countries.ts';
export * from './groups.ts';

// ---------------------------------------------------------------------------
// Dates, years, terms, languages

export function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

/** `YYYY-MM-DD` that is a real calendar day, else null. */
export function parseDate(input: unknown): string | null {
  const s = clean(input);
  const m = s === null ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m || !isCalendarDate(+m[1], +m[2], +m[3])) return null;
  return s;
}

/** EP data starts in the 1950s; the upper bound only guards against nonsense. */
export const MIN_YEAR = 1952;
export const MAX_YEAR = 2100;

export function parseYear(input: unknown): number | null {
  const s = clean(input);
  if (s === null || !/^\d{4}$/.test(s)) return null;
  const y = Number(s);
  return y >= MIN_YEAR && y <= MAX_YEAR ? y : null;
}

/** Highest parliamentary term the API knows (term 10 = 2024–2029). */
export const MAX_TERM = 10;

/** Parliamentary term 1..MAX_TERM from `10`, `"10"`, `"ep-10"` or `"org/ep-10"`. */
export function parseTerm(input: unknown): number | null {
  const s = clean(input);
  const m = s === null ? null : /^(?:(?:org\/)?ep-)?(\d{1,2})$/i.exec(s);
  if (!m) return null;
  const t = Number(m[1]);
  return t >= 1 && t <= MAX_TERM ? t : null;
}

/** First sitting day of each term (constituent sitting); index = term - 1. */
const TERM_STARTS = [
  '1979-07-17', '1984-07-24', '1989-07-25', '1994-07-19', '1999-07-20',
  '2004-07-20', '2009-07-14', '2014-07-01', '2019-07-02', '2024-07-16',
];

/** The parliamentary term in office on a date (null before 1979-07-17 or for a bad date). */
export function termForDate(date: string): number | null {
  if (parseDate(date) === null) return null;
  for (let i = TERM_STARTS.length - 1; i >= 0; i--) if (date >= TERM_STARTS[i]) return i + 1;
  return null;
}

/** The 24 official EU languages, as ISO 639-1 codes used in language maps and `language=`. */
export const LANGUAGES = [
  'bg', 'es', 'cs', 'da', 'de', 'et', 'el', 'en', 'fr', 'ga', 'hr', 'it',
  'lv', 'lt', 'hu', 'mt', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'fi', 'sv',
] as const;
export type Language = (typeof LANGUAGES)[number];

export function parseLanguage(input: unknown): Language | null {
  const s = clean(input)?.toLowerCase() ?? null;
  return (LANGUAGES as readonly string[]).includes(s ?? '') ? (s as Language) : null;
}

/** Publications Office 3-letter language codes (expression `language` URIs) → ISO 639-1. */
export const LANGUAGE_FROM_AUTHORITY: Readonly<Record<string, Language>> = {
  BUL: 'bg', SPA: 'es', CES: 'cs', DAN: 'da', DEU: 'de', EST: 'et', ELL: 'el', ENG: 'en',
  FRA: 'fr', GLE: 'ga', HRV: 'hr', ITA: 'it', LAV: 'lv', LIT: 'lt', HUN: 'hu', MLT: 'mt',
  NLD: 'nl', POL: 'pl', POR: 'pt', RON: 'ro', SLK: 'sk', SLV: 'sl', FIN: 'fi', SWE: 'sv',
};

// ---------------------------------------------------------------------------
// MEPs

/** MEP id from `1294`, `person/1294` or `MEP-1294` → `"1294"` (leading zeros dropped). */
export function parseMepId(input: unknown): string | null {
  const s = clean(input);
  const m = s === null ? null : /^(?:person\/|mep-)?(\d{1,7})$/i.exec(s);
  if (!m) return null;
  const id = m[1].replace(/^0+/, '');
  return id === '' ? null : id;
}

// ---------------------------------------------------------------------------
// Plenary sittings and activities

/** `MTG-PL-YYYY-MM-DD` (a real date); the JSON-LD form `eli/dl/event/MTG-PL-…` is accepted too. */
export function parseSittingId(input: unknown): string | null {
  const s = clean(input);
  const m = s === null ? null : /^(?:eli\/dl\/event\/)?MTG-PL-(\d{4})-(\d{2})-(\d{2})$/i.exec(s);
  if (!m || !isCalendarDate(+m[1], +m[2], +m[3])) return null;
  return `MTG-PL-${m[1]}-${m[2]}-${m[3]}`;
}

export function sittingIdForDate(date: string): string | null {
  return parseDate(date) === null ? null : `MTG-PL-${date}`;
}

/** The date of a sitting id or of any activity id under it (`MTG-PL-2024-04-24-VOT-ITM-946131`). */
export function sittingDateOf(activityId: string): string | null {
  const m = /^(?:eli\/dl\/event\/)?MTG-PL-(\d{4}-\d{2}-\d{2})(?:-|$)/.exec(activityId);
  return m ? parseDate(m[1]) : null;
}

/** The sitting an activity id belongs to: `MTG-PL-2024-04-24-VOT-ITM-946131` → `MTG-PL-2024-04-24`. */
export function sittingIdOf(activityId: string): string | null {
  const date = sittingDateOf(activityId);
  return date === null ? null : `MTG-PL-${date}`;
}

/** The DOCEO DlvId inside a vote-result activity id (`…-VOT-ITM-946131` → `"946131"`). */
export function dlvIdOf(activityId: string): string | null {
  const m = /-VOT-ITM-(\d+)(?:-\d+)?$/.exec(activityId);
  return m ? m[1] : null;
}

// ---------------------------------------------------------------------------
// Procedures

export interface ProcedureRef {
  /** API form `2024-0001` (what `procedures/{id}` takes). */
  id: string;
  /** Three-letter type (`COD`) when the input carried it. */
  type: string | null;
  /** Human form `2024/0001(COD)`, or `2024/0001` without a type. */
  label: string;
}

export function procedureLabel(id: string, type?: string | null): string {
  const [year, num] = id.split('-');
  return type ? `${year}/${num}(${type})` : `${year}/${num}`;
}

/** `2024/0001(COD)`, `2024/0001`, `2024-0001`, `2016-0280A` or `eli/dl/proc/2024-0001`. */
export function parseProcedureRef(input: unknown): ProcedureRef | null {
  const s = clean(input);
  if (s === null) return null;
  const human = /^(\d{4})\/(\d{4}[A-Z]?)\s*(?:\(\s*([A-Z]{3})\s*\))?$/i.exec(s);
  const api = /^(?:eli\/dl\/proc\/)?(\d{4})-(\d{4}[A-Z]?)$/i.exec(s);
  const m = human ?? api;
  if (!m) return null;
  const id = `${m[1]}-${m[2].toUpperCase()}`;
  const type = human?.[3]?.toUpperCase() ?? null;
  return { id, type, label: procedureLabel(id, type) };
}

/** The API form (`2024-0001`) of any accepted procedure reference. */
export function parseProcedureId(input: unknown): string | null {
  return parseProcedureRef(input)?.id ?? null;
}

// ---------------------------------------------------------------------------
// Documents

/** Which `{family}/{doc-id}` endpoint serves a document. */
export const DOC_FAMILIES = [
  'plenary-documents', 'adopted-texts', 'committee-documents',
  'plenary-session-documents', 'parliamentary-questions', 'documents',
] as const;
export type DocFamily = (typeof DOC_FAMILIES)[number];

/** API-form patterns, checked in order; `documents` is the generic family for the rest. */
const DOC_PATTERNS: Array<[RegExp, DocFamily]> = [
  [/^(?:A|B|RC)-\d{1,2}-\d{4}-\d{4}$/, 'plenary-documents'],
  [/^TA-\d{1,2}-\d{4}-\d{4}$/, 'adopted-texts'],
  [/^C-\d{1,2}-\d{4}-\d{4}$/, 'documents'],
  [/^[A-Z]{1,4}-\d{1,2}-\d{4}-\d{4}-AM-\d{3}-\d{3}$/, 'documents'],
  [/^[A-Z][A-Z0-9]{3}-[A-Z]{2}-\d{6}$/, 'committee-documents'],
  [/^(?:PV|CRE|OJQ)-\d{1,2}-\d{4}-\d{2}-\d{2}(?:-[A-Z0-9]{1,12}){0,6}$/, 'plenary-session-documents'],
  [/^[A-Z]-\d{1,2}-\d{4}-\d{6}$/, 'parliamentary-questions'],
  // Answers to questions: which family serves them is not recorded, so use the generic one.
  [/^[A-Z]-\d{1,2}-\d{4}-\d{6}-ASW$/, 'documents'],
];

export interface DocRef {
  id: string;
  family: DocFamily;
}

/** Human labels → API ids: `A10-0001/2024`, `RC-B10-0260/2025`, `T9-0315/2024`, `P9_A(2024)0163`. */
function fromHumanLabel(s: string): string | null {
  let m = /^(A|B)(\d{1,2})-(\d{4})\/(\d{4})$/.exec(s);
  if (m) return `${m[1]}-${m[2]}-${m[4]}-${m[3]}`;
  m = /^RC-B(\d{1,2})-(\d{4})\/(\d{4})$/.exec(s);
  if (m) return `RC-${m[1]}-${m[3]}-${m[2]}`;
  m = /^T(\d{1,2})-(\d{4})\/(\d{4})$/.exec(s);
  if (m) return `TA-${m[1]}-${m[3]}-${m[2]}`;
  m = /^P(\d{1,2})_(A|B|TA)\((\d{4})\)(\d{4})$/.exec(s);
  if (m) return `${m[2]}-${m[1]}-${m[3]}-${m[4]}`;
  return null;
}

/** The endpoint family of an API-form document id, or null if the id is not recognised. */
export function docFamily(id: string): DocFamily | null {
  if (id.length > MAX_INPUT) return null;
  for (const [re, family] of DOC_PATTERNS) if (re.test(id)) return family;
  return null;
}

/** Document id (API form or a human label, optionally `eli/dl/doc/`-prefixed) with its family. */
export function parseDocRef(input: unknown): DocRef | null {
  const raw = clean(input);
  if (raw === null) return null;
  const s = raw.replace(/^eli\/dl\/doc\//i, '').toUpperCase();
  const id = fromHumanLabel(s) ?? s;
  const family = docFamily(id);
  if (family === null) return null;
  // Session documents embed a sitting date: reject impossible ones.
  const d = /^(?:PV|CRE|OJQ)-\d{1,2}-(\d{4})-(\d{2})-(\d{2})/.exec(id);
  if (d && !isCalendarDate(+d[1], +d[2], +d[3])) return null;
  return { id, family };
}

export function parseDocId(input: unknown): string | null {
  return parseDocRef(input)?.id ?? null;
}

/** Human label of a plenary/adopted document id: `A-10-2024-0001` → `A10-0001/2024`; null for other kinds. */
export function docLabel(id: string): string | null {
  const m = /^(A|B|RC|TA)-(\d{1,2})-(\d{4})-(\d{4})$/.exec(id);
  if (!m) return null;
  if (m[1] === 'RC') return `RC-B${m[2]}-${m[4]}/${m[3]}`;
  return `${m[1] === 'TA' ? 'T' : m[1]}${m[2]}-${m[4]}/${m[3]}`;
}

/** Human label of a question id: `E-10-2024-001357` → `E-001357/2024`. */
export function questionLabel(id: string): string | null {
  const m = /^([A-Z])-\d{1,2}-(\d{4})-(\d{6})$/.exec(id);
  return m ? `${m[1]}-${m[3]}/${m[2]}` : null;
}

// ---------------------------------------------------------------------------
// Committees and other corporate bodies

export type CommitteeRef = { kind: 'abbreviation'; abbreviation: string } | { kind: 'id'; id: string };

/** `ENVI`/`envi`, `CJ01` (joint committee) → abbreviation; `7913`/`org/7913` → numeric body id. */
export function parseCommitteeRef(input: unknown): CommitteeRef | null {
  const s = clean(input);
  if (s === null) return null;
  const num = /^(?:org\/)?(\d{1,6})$/i.exec(s);
  if (num) return { kind: 'id', id: num[1].replace(/^0+(?=\d)/, '') };
  const abbr = /^(?:org\/)?([A-Z]{2,6}|CJ\d{2})$/i.exec(s);
  return abbr ? { kind: 'abbreviation', abbreviation: abbr[1].toUpperCase() } : null;
}

// ---------------------------------------------------------------------------
// zod schemas for tool inputs

function idSchema<T>(parse: (s: string) => T | null, message: string, description: string) {
  return z
    .string()
    .describe(description)
    .transform((s, ctx): T => {
      const v = parse(s);
      if (v === null) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return v;
    });
}

export const MepIdSchema = idSchema(parseMepId,
  'expected an MEP id such as 1294 or person/1294',
  'MEP id: 1294, person/1294 or MEP-1294');
export const SittingIdSchema = idSchema(parseSittingId,
  'expected a plenary sitting id such as MTG-PL-2024-07-16 (a real date)',
  'Plenary sitting id MTG-PL-YYYY-MM-DD');
export const ProcedureIdSchema = idSchema(parseProcedureId,
  'expected a procedure reference such as 2024/0001(COD) or 2024-0001',
  'Procedure: 2024/0001(COD) or 2024-0001');
export const DocIdSchema = idSchema(parseDocRef,
  'expected a document id such as A-10-2024-0001, TA-9-2024-0315, AFCO-PA-745315, PV-9-2023-11-21 or E-10-2024-001357',
  'EP document id (A-10-2024-0001, A10-0001/2024, TA-9-2024-0315, AFCO-PA-745315, PV-9-2023-11-21, E-10-2024-001357)');
export const CommitteeRefSchema = idSchema(parseCommitteeRef,
  'expected a committee abbreviation such as ENVI or a numeric body id such as 7913',
  'Committee abbreviation (ENVI) or numeric body id (7913)');
export const CountrySchema = idSchema(parseCountry,
  'expected an EU country code such as BE, DE or EL (GR is accepted for Greece)',
  'Country: ISO 3166 alpha-2 code, EP style (EL = Greece, UK kept)');
export const DateSchema = idSchema(parseDate,
  'expected a real date as YYYY-MM-DD',
  'Date YYYY-MM-DD');
export const YearSchema = idSchema(parseYear,
  `expected a year between ${MIN_YEAR} and ${MAX_YEAR}`,
  'Year YYYY');
export const TermSchema = idSchema(parseTerm,
  `expected a parliamentary term between 1 and ${MAX_TERM}`,
  `Parliamentary term 1..${MAX_TERM}`);
export const LanguageSchema = idSchema(parseLanguage,
  'expected one of the 24 EU language codes such as en, fr or de',
  'Language (ISO 639-1, one of the 24 EU languages)');
export const GroupSchema = idSchema(parseGroup,
  'expected a political group such as EPP, S&D, PfE, ECR, Renew, Greens/EFA, The Left, ESN or NI',
  'Political group (EPP, S&D, PfE, ECR, Renew, Greens/EFA, The Left, ESN, NI; other spellings accepted)');
