import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../src/rate-limit.ts';

describe('per-principal token buckets', () => {
  it('admits a burst of capacity, then says how long to wait, and refills', async () => {
    const b = new TokenBuckets(3, 10);
    expect(await Promise.all([1, 2, 3].map(async () => (await b.take('p', 0)).admitted))).toEqual([true, true, true]);
    expect(await b.take('p', 0)).toEqual({ admitted: false, retryAfterMs: 100 });
    expect((await b.take('p', 100)).admitted).toBe(true);
    expect((await b.take('other', 0)).admitted).toBe(true);
  });

  it('never limits an exempt principal (the owner of a stdio server)', async () => {
    const b = new TokenBuckets(1, 1);
    b.exempt('local');
    expect((await Promise.all(Array.from({ length: 50 }, async () => (await b.take('local', 0)).admitted))).every(Boolean)).toBe(true);
  });
});
