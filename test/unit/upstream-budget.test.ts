import { describe, expect, it } from 'vitest';
import { UpstreamBudget } from '../../src/upstream-budget.ts';

describe('upstream budget', () => {
  it('limits each family in a sliding window and says when there is room again', async () => {
    const b = new UpstreamBudget(2, 1000);
    expect((await b.take('meps', 0)).ok).toBe(true);
    expect((await b.take('meps', 100)).ok).toBe(true);
    expect((await b.take('meps', 200))).toEqual({ ok: false, retryAfterMs: 800, scope: 'family' });
    expect((await b.take('documents', 200)).ok).toBe(true);
    expect((await b.take('meps', 1000)).ok).toBe(true); // the first call left the window
    expect(b.used('meps', 1000)).toBe(2);
  });

  it('also caps all families together', async () => {
    const b = new UpstreamBudget(10, 1000, 3);
    for (const f of ['meps', 'documents', 'meetings']) expect((await b.take(f, 0)).ok).toBe(true);
    expect((await b.take('questions', 10))).toEqual({ ok: false, retryAfterMs: 990, scope: 'global' });
    expect(b.usedInAll(10)).toBe(3);
  });
});
