import type { JsonRecord } from './jsonld.ts';

/** True for `{}` and other objects with no own keys; allocates nothing. */
function isEmpty(o: object): boolean {
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) return false;
  return true;
}

/**
 * A record reader that remembers its answers for the default options, by
 * record (or body) object: a cached body's records are the same objects call after call,
 * and the roll-call tools read each of them two or three times per call.
 * Answers are shared, so callers treat them as read-only.
 */
export function perRecord<O extends object, T, R extends object = JsonRecord>(read: (rec: R, opts: O) => T): (rec: R, opts?: O) => T {
  const known = new WeakMap<R, T>();
  return (rec, opts = {} as O) => {
    if (!isEmpty(opts)) return read(rec, opts);
    if (known.has(rec)) return known.get(rec)!;
    const value = read(rec, opts);
    known.set(rec, value);
    return value;
  };
}
