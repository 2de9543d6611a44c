// Small numeric helpers shared by the analytics' outputs.

/** Round for output: enough digits to compare, few enough to read. */
export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** `round`, with NaN, null and undefined as null. */
export function roundOrNull(x: number | null | undefined, digits = 4): number | null {
  return x === null || x === undefined || Number.isNaN(x) ? null : round(x, digits);
}

/** a / b, or null when b is 0. */
export const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

/** Mean and population standard deviation; NaN for an empty list. */
export function meanSd(xs: ArrayLike<number>): { mean: number; sd: number } {
  const n = xs.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN };
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i]!;
  const mean = s / n;
  let q = 0;
  for (let i = 0; i < n; i++) q += (xs[i]! - mean) ** 2;
  return { mean, sd: Math.sqrt(q / n) };
}

/** Standard score of x; 0 when the spread is 0. */
export const zScore = (x: number, mean: number, sd: number) => (sd > 0 ? (x - mean) / sd : 0);
