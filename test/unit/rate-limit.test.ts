import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../src/rate-limit.ts';

describe('per-principal token buckets', () => {
  it('admits a burst of capacity, then says how long to wait, and refills', () => {
    const b = new TokenBuckets(3, 10);
    expect([1, 2, 3].map(() => b.take('p', 0).admitted)).toEqual([true, true, true]);
    expect(b.take('p', 0)).toEqual({ admitted: false, retryAfterMs: 100 });
    expect(b.take('p', 100).admitted).toBe(true);
    expect(b.take('other', 0).admitted).toBe(true);
  });

  it('never limits an exempt principal (the owner of a stdio server)', () => {
    const b = new TokenBuckets(1, 1);
    b.exempt('local');
    expect(Array.from({ length: 50 }, () => b.take('local', 0).admitted).every(Boolean)).toBe(true);
  });
});
