import { describe, expect, it } from 'vitest';
import { agreementIndex } from '../../src/analytics/index.ts';

describe('Hix Agreement Index', () => {
  it('is 1 when everyone votes alike, 0 for an even three-way split', () => {
    expect(agreementIndex(10, 0, 0)).toBe(1);
    expect(agreementIndex(0, 7, 0)).toBe(1);
    expect(agreementIndex(4, 4, 4)).toBe(0);
  });
  it('matches the formula on known splits', () => {
    // (max - (total - max) / 2) / total
    expect(agreementIndex(5, 5, 0)).toBe(0.25);
    expect(agreementIndex(6, 3, 1)).toBeCloseTo(0.4, 12);
    expect(agreementIndex(2, 1, 0)).toBeCloseTo(0.5, 12);
    expect(agreementIndex(90, 5, 5)).toBeCloseTo(0.85, 12);
  });
  it('is NaN when nobody voted', () => {
    expect(agreementIndex(0, 0, 0)).toBeNaN();
  });
});
