/**
 * What a value weighs, for the L1 cache's byte bound. A body parsed from the
 * EP API or read from the store already had a size as text: it is noted here
 * once, so accounting for it does not serialise a 300 KB body again on the
 * event loop. Anything else is measured as its JSON.
 */
const known = new WeakMap<object, number>();

export function noteSize(value: unknown, bytes: number): void {
  if (value !== null && typeof value === 'object') known.set(value, bytes);
}

export function sizeOf(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value) + 2;
  if (value !== null && typeof value === 'object') {
    const bytes = known.get(value);
    if (bytes !== undefined) return bytes;
  }
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}
