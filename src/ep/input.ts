// The first step of every identifier parser: only short, non-empty strings
// (or non-negative integers, for numeric ids) are looked at at all.

/** Longest input any parser looks at; longer strings are rejected outright. */
export const MAX_INPUT = 100;

export function clean(input: unknown): string | null {
  if (typeof input === 'number' && Number.isInteger(input) && input >= 0) return String(input);
  if (typeof input !== 'string') return null;
  const s = input.trim();
  return s === '' || s.length > MAX_INPUT ? null : s;
}
