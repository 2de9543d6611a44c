import type { JsonRecord } from './jsonld.ts';

/** True for `{}` and other objects with no own keys; allocates nothing. */
function isEmpty(o: object): boolean {
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return false;
  return true;
}

/**
 * A record reader that remembers its answers for the default options, by
 * record object: a cached body's records are the same objects call after call,
 * and the roll-call tools read each of them two or three times per call.
 * Answers are shared, so callers treat them as read-only.
 */
export function perRecord<O extends object, T>(read: (rec: JsonRecord, opts: O) => T): (rec: JsonRecord, opts?: O) => T {
  const known = new WeakMap<JsonRecord, T>();
  return (rec, opts = {} as O) => {
    if (!isEmpty(opts)) return read(rec, opts);
    if (known.has(rec)) return known.get(rec)!;
    const value = read(rec, opts);
    known.set(rec, value);
    return value;
  };
}
