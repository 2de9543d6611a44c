// Lenient readers for the EP API's compacted JSON-LD. Upstream is inconsistent
// (facts sheet §3.2, quirk Q12): the same field can be a string, an array, a
// typed {"@value"} object or sit under a prefixed key, so every domain
// transform goes through these helpers instead of reading keys directly.
import { UpstreamError } from '../errors.ts';
import { isCalendarDate } from './ids.ts';

export type JsonRecord = Record<string, unknown>;

const BASE = 'https://data.europarl.europa.eu/';

export function isRecord(v: unknown): v is JsonRecord {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** undefined/null → [], an array as is, anything else → [v]. */
export function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** The records in a value that may be one record, an array, or mixed junk. */
export function asRecords(v: unknown): JsonRecord[] {
  return asArray(v).filter(isRecord);
}

/** A non-empty string from a string, number, {"@value"} object or the first usable array entry. */
export function asString(v: unknown): string | null {
  if (typeof v === 'string') {
    const s = v.trim();
    return s === '' ? null : s;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (Array.isArray(v)) {
    for (const x of v) {
      const s = asString(x);
      if (s !== null) return s;
    }
    return null;
  }
  if (isRecord(v) && '@value' in v) return asString(v['@value']);
  return null;
}

/** A finite number; numeric strings ("499") count too, since upstream sometimes sends them (§3.2). */
export function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') {
    const s = v.trim();
    if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
    return Number(s);
  }
  if (Array.isArray(v)) return v.length > 0 ? asNumber(v[0]) : null;
  if (isRecord(v) && '@value' in v) return asNumber(v['@value']);
  return null;
}

export function asBoolean(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (isRecord(v) && '@value' in v) return asBoolean(v['@value']);
  return null;
}

/** The id of a link: the string itself, or an embedded record's `id`. Absolute EP URLs are made relative. */
export function idOf(v: unknown): string | null {
  const s = isRecord(v) ? asString(v.id) : asString(v);
  if (s === null) return null;
  return s.startsWith(BASE) ? s.slice(BASE.length) : s;
}

/** All link ids in a field that may be a string, a record or an array of either. */
export function idsOf(v: unknown): string[] {
  const out: string[] = [];
  for (const x of asArray(v)) {
    const id = idOf(x);
    if (id !== null) out.push(id);
  }
  return out;
}

/** Last path segment: "person/1294" → "1294", ".../country/BEL" → "BEL", "def/ep-roles/CHAIR" → "CHAIR". */
export function idTail(v: unknown): string | null {
  const id = idOf(v);
  if (id === null) return null;
  const tail = id.replace(/[/#]+$/, '').split(/[/#]/).pop() ?? '';
  return tail === '' ? null : tail;
}

/**
 * The value of `key`, or of a prefixed variant (`api:political-group`,
 * `eli-dl:activity_date`). The plain key wins when both carry a value.
 */
export function field(record: unknown, key: string): unknown {
  if (!isRecord(record)) return undefined;
  const plain = record[key];
  if (plain !== undefined && plain !== null) return plain;
  const suffix = `:${key}`;
  for (const k of Object.keys(record)) {
    if (k.endsWith(suffix) && record[k] !== undefined && record[k] !== null) return record[k];
  }
  return undefined;
}

/** First non-empty value among several keys (each also tried with a prefix). */
export function firstField(record: unknown, ...keys: string[]): unknown {
  for (const k of keys) {
    const v = field(record, k);
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) return v;
  }
  return undefined;
}

/** Whether `type` (a string or an array of strings) includes `type`. */
export function typeIncludes(record: unknown, type: string): boolean {
  return asArray(field(record, 'type')).some((t) => t === type);
}

/** Collect a language map from `{en: "…"}`, `[{"@language","@value"}]`, or one such object. */
function languageEntries(v: unknown): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const push = (lang: unknown, value: unknown) => {
    const s = asString(value);
    if (s !== null) out.push([typeof lang === 'string' ? lang.toLowerCase() : '', s]);
  };
  for (const x of asArray(v)) {
    if (typeof x === 'string') push('', x);
    else if (isRecord(x) && ('@value' in x || '@language' in x)) push(x['@language'], x['@value']);
    else if (isRecord(x)) for (const [lang, value] of Object.entries(x)) push(lang, value);
  }
  return out;
}

/**
 * Text of a language map in `lang`, else English, else `mul`, else the first
 * value present. A plain string is returned as is. Null when nothing usable.
 */
export function langText(map: unknown, lang = 'en'): string | null {
  const entries = languageEntries(map);
  if (entries.length === 0) return null;
  const want = lang.toLowerCase();
  for (const pick of [want, 'en', 'mul']) {
    const hit = entries.find(([l]) => l === pick);
    if (hit) return hit[1];
  }
  return entries[0][1];
}

/**
 * The calendar date of a date or date-time value, as written (no time-zone
 * shift: "2014-01-13T00:00:00+01:00" is 2014-01-13 in Strasbourg, even though
 * it is 2014-01-12 in UTC).
 */
export function toIsoDate(v: unknown): string | null {
  const s = asString(v);
  if (s === null) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ]|[+-]\d{2}:?\d{2}$|Z$)/.exec(s);
  if (!m) return null;
  return isCalendarDate(+m[1], +m[2], +m[3]) ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** `record[key]` (or its prefixed twin) read as a YYYY-MM-DD date; null if absent or not a date. */
export function readDate(record: unknown, key: string): string | null {
  return toIsoDate(field(record, key));
}

// ---------------------------------------------------------------------------
// Envelopes

/** The payload was not a usable envelope: an error-in-body (Q3) or garbage (Q5, Q15). */
export class EpPayloadError extends UpstreamError {
  constructor(message: string, code: 'error_in_body' | 'bad_payload', status?: number) {
    // Both kinds are upstream trouble worth a retry: Q3 is a failed enrichment
    // step upstream, garbage is usually a proxy page or a truncated body.
    super(message, { code, transient: true, ...(status !== undefined ? { status } : {}) });
    this.name = 'EpPayloadError';
  }
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  if (body.trim() === '') return null;
  try {
    return JSON.parse(body);
  } catch {
    throw new EpPayloadError('upstream body is not JSON (truncated or an HTML page)', 'bad_payload');
  }
}

function errorInBody(message: string): EpPayloadError {
  const m = /\b([1-5]\d{2})\b/.exec(message);
  const status = m ? Number(m[1]) : undefined;
  return new EpPayloadError(`upstream error in body: ${message.slice(0, 200)}`, 'error_in_body', status);
}

/**
 * The records of an API response body (parsed JSON or raw text). Empty bodies
 * (204, zero bytes, whitespace, null) give []. Throws EpPayloadError for an
 * `{"error": "…"}` body (status = the 3-digit code inside the message, if any)
 * and for anything that is not an envelope.
 */
export function items(body: unknown): JsonRecord[] {
  const parsed = parseBody(body);
  if (parsed === undefined || parsed === null) return [];
  if (Array.isArray(parsed)) return parsed.filter(isRecord);
  if (!isRecord(parsed)) throw new EpPayloadError(`upstream body is not an envelope (${typeof parsed})`, 'bad_payload');
  const data = 'data' in parsed ? parsed.data : parsed['@graph'];
  if (Array.isArray(data)) return data.filter(isRecord);
  if (isRecord(data)) return [data];
  if ('error' in parsed) {
    const e = parsed.error;
    const text = asString(e) ?? (isRecord(e) ? asString(e.message) ?? JSON.stringify(e) : 'unknown error');
    throw errorInBody(text);
  }
  if ('data' in parsed && data === null) return [];
  throw new EpPayloadError('upstream body has no data array', 'bad_payload');
}

/** The single record of a detail response, or null when the body is empty (treat as not found). */
export function firstItem(body: unknown): JsonRecord | null {
  return items(body)[0] ?? null;
}

/** `meta.total` of search-backed envelopes (speeches), when present. */
export function envelopeTotal(body: unknown): number | null {
  const parsed = parseBody(body);
  return isRecord(parsed) && isRecord(parsed.meta) ? asNumber(parsed.meta.total) : null;
}

/**
 * Whether a detail record is an empty shell (only id/type/identifier/label):
 * fresh adopted texts are indexed before their content (Q9).
 */
export function isHollow(record: JsonRecord): boolean {
  const meta = new Set(['id', 'type', 'identifier', 'label', '@context']);
  return Object.keys(record).every((k) => meta.has(k));
}

/** Absolute URL of an EP-relative path such as `distribution/…/x.pdf`. */
export function epUrl(path: string): string {
  return /^https?:\/\//.test(path) ? path : BASE + path.replace(/^\/+/, '');
}
