import { describe, expect, it } from 'vitest';
import { jsonLength, noteSize, sizeOf } from '../../src/sizes.ts';

describe('sizes', () => {
  it('estimates the JSON length of plain values exactly when there is nothing to escape', () => {
    const values: unknown[] = [
      null, true, false, 0, -12.5, 1e21, 'text', '', [], {}, [1, 'a', null, true],
      { a: 1, b: [{ c: 'x', d: null }], skipped: undefined, e: { f: [] } },
      { nested: Array.from({ length: 50 }, (_, i) => ({ id: String(i), score: i / 7, tags: ['x', 'y'] })) },
      [undefined, () => 1],
    ];
    for (const v of values) expect(jsonLength(v, 0)).toBe(JSON.stringify(v).length);
  });

  it('takes a noted size as given, and measures anything else', () => {
    const body = { data: [1, 2, 3] };
    expect(sizeOf(body)).toBe(JSON.stringify(body).length);
    noteSize(body, 12_345);
    expect(sizeOf(body)).toBe(12_345);
    expect(sizeOf('abc')).toBe(5);
  });
});
