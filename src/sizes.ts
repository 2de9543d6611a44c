/**
 * What a value weighs as JSON, for the L1 cache's byte bound and a large
 * answer's parts. A body parsed from the EP API or read from the store already
 * had a size as text: it is noted here once. Anything else is estimated by
 * walking it, which allocates nothing: serialising a 700 KB answer only to
 * count it took ~10 ms of the event loop and as much garbage.
 */
const known = new WeakMap<object, number>();

export function noteSize(value: unknown, bytes: number): void {
  if (value !== null && typeof value === 'object') known.set(value, bytes);
}

export function sizeOf(value: unknown): number {
  if (value !== null && typeof value === 'object') {
    const bytes = known.get(value);
    if (bytes !== undefined) return bytes;
  }
  return jsonLength(value, 0);
}

/** Deeper than this is no answer of ours; measured exactly instead. */
const MAX_DEPTH = 200;

/**
 * The length of `JSON.stringify(value)`, counting each string as its length
 * plus quotes (escapes and multi-byte characters make the text a little longer).
 */
export function jsonLength(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      return 0;
  }
  if (value === null) return 4;
  if (depth > MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function' || ArrayBuffer.isView(value)) {
    return Buffer.byteLength(JSON.stringify(value) ?? '');
  }
  if (Array.isArray(value)) {
    let n = 2 + Math.max(0, value.length - 1);
    for (const x of value) n += x === undefined || typeof x === 'function' ? 4 : jsonLength(x, depth + 1);
    return n;
  }
  let n = 2;
  let fields = 0;
  for (const key in value as Record<string, unknown>) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const x = (value as Record<string, unknown>)[key];
    if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
    n += key.length + 3 + jsonLength(x, depth + 1);
    fields++;
  }
  return n + Math.max(0, fields - 1);
}
