import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makePage, page, pageOf } from '../../src/ep/page.ts';

describe('pages', () => {
  it('a full upstream page means there may be more; a short one ends', () => {
    expect(makePage([1, 2], 0, 2)).toEqual({ items: [1, 2], offset: 0, limit: 2, nextOffset: 2 });
    expect(makePage([1], 2, 2)).toEqual({ items: [1], offset: 2, limit: 2, nextOffset: null });
    expect(makePage([], 4, 2)).toEqual({ items: [], offset: 4, limit: 2, nextOffset: null });
  });
  it('with a known total, nextOffset follows it', () => {
    expect(pageOf(['a', 'b', 'c', 'd', 'e'], 2, 2)).toEqual({ items: ['c', 'd'], offset: 2, limit: 2, total: 5, nextOffset: 4 });
    expect(pageOf(['a', 'b', 'c', 'd'], 2, 2).nextOffset).toBeNull();
  });
  it('page(schema) validates the envelope', () => {
    const schema = page(z.object({ id: z.string() }));
    expect(schema.parse(makePage([{ id: 'x' }], 0, 1))).toEqual({ items: [{ id: 'x' }], offset: 0, limit: 1, nextOffset: 1 });
    expect(schema.safeParse({ items: [{ id: 1 }], offset: 0, limit: 1, nextOffset: null }).success).toBe(false);
    expect(z.toJSONSchema(schema)).toMatchObject({ type: 'object', required: expect.arrayContaining(['items', 'nextOffset']) });
  });
});
