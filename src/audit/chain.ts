import { createHmac, timingSafeEqual } from 'node:crypto';

/** An entry before it is sealed: everything but the MAC. */
export interface Unsealed {
  seq: number;
  ts: string;
  type: string;
  prev: string;
  [field: string]: unknown;
}

/**
 * One audit entry, written as one JSON line:
 *   {"seq":0,"ts":"…","type":"…",…fields,"prev":"genesis","mac":"…"}
 * `prev` is the MAC of the entry before (GENESIS for the first), so every MAC
 * covers the whole history up to its entry. (Unsealed is its own interface
 * because Omit<Entry, 'mac'> would lose the named keys to the index signature.)
 */
export interface Entry extends Unsealed {
  mac: string;
}

/** The `prev` of the first entry in a chain. */
export const GENESIS = 'genesis';

/**
 * JSON with object keys sorted at every depth. The value is first taken
 * through JSON.stringify/parse so that toJSON, undefined, NaN, -0 and the like
 * become what a reader of the file will see: canonical(x) equals
 * canonical(JSON.parse(JSON.stringify(x))), hence re-serialising never
 * changes a MAC. The string is built directly (not via a sorted object) so a
 * key such as "__proto__" cannot slip through as a prototype.
 */
export function canonical(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('canonical: value is not JSON-serialisable');
  return sorted(JSON.parse(json));
}

function sorted(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(sorted).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${sorted(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** HMAC-SHA256 over the canonical entry without its `mac`. */
export function macOf(entry: Unsealed | Entry, key: Buffer): string {
  const { mac: _ignored, ...rest } = entry as Entry;
  return createHmac('sha256', key).update(canonical(rest)).digest('hex');
}

/**
 * The entry with its MAC. Fields are normalised as JSON first, so what is
 * returned (and written) is exactly what the MAC covers.
 */
export function seal(entry: Unsealed, key: Buffer): Entry {
  const plain = JSON.parse(JSON.stringify(entry)) as Unsealed;
  return { ...plain, mac: macOf(plain, key) };
}

/** Whether `entry.mac` is the MAC of its content (constant-time compare). */
export function macValid(entry: Entry, key: Buffer): boolean {
  // Buffer.from(…, 'hex') stops at the first non-hex character, so check the
  // shape first: "<valid mac>zz" must not pass.
  if (typeof entry.mac !== 'string' || !/^[0-9a-f]{64}$/.test(entry.mac)) return false;
  const want = Buffer.from(macOf(entry, key), 'hex');
  const got = Buffer.from(entry.mac, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}
