// Calendar months as the unit of "over time": plenary part-sessions are monthly, so a month
// holds one part-session's votes in most cases.

/** `YYYY-MM` of a `YYYY-MM-DD` date. */
export const monthOf = (date: string) => date.slice(0, 7);

/** Months between two `YYYY-MM` keys (b - a). */
export function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + (Number(b.slice(5, 7)) - Number(a.slice(5, 7)));
}

/**
 * Least-squares slope of `value` against months since the first point (change per month);
 * null with fewer than two points. Points are weighted equally.
 */
export function slopePerMonth(points: ReadonlyArray<{ period: string; value: number }>): number | null {
  if (points.length < 2) return null;
  const first = points[0]!.period;
  const xs = points.map((p) => monthsBetween(first, p.period));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = points.reduce((a, p) => a + p.value, 0) / points.length;
  let num = 0;
  let den = 0;
  points.forEach((p, i) => {
    num += (xs[i]! - mx) * (p.value - my);
    den += (xs[i]! - mx) ** 2;
  });
  return den === 0 ? null : num / den;
}
