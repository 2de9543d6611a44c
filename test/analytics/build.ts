// Small hand-written vote matrices: one string per vote, one character per member.
// y = for, n = against, a = abstain, . = no position.
import { encodeMatrix, type MatrixMember, type PositionName, type VoteMatrix } from '../../src/analytics/index.ts';

const CODES: Record<string, PositionName | null> = { y: 'for', n: 'against', a: 'abstain', '.': null };

/** Members `m0…` with the given groups (null = unknown). */
export function members(groups: Array<string | null>): MatrixMember[] {
  return groups.map((group, i) => ({ id: `m${i}`, name: `Member ${i}`, group, country: i % 2 ? 'BE' : 'FR' }));
}

export function matrixOf(groups: Array<string | null>, rows: Array<string | { date: string; title?: string; row: string }>): VoteMatrix {
  const ms = members(groups);
  const votes = rows.map((r, v) => {
    const { date, title, row } = typeof r === 'string' ? { date: `2025-01-${String(10 + (v % 20)).padStart(2, '0')}`, title: undefined, row: r } : r;
    if (row.length !== ms.length) throw new Error(`row ${v} has ${row.length} positions for ${ms.length} members`);
    const positions = [...row].flatMap((c, i) => (CODES[c] ? [{ mepId: ms[i]!.id, position: CODES[c]! }] : []));
    return { id: `v${v}`, date, title: title ?? `Vote ${v}`, positions };
  });
  return encodeMatrix(ms, votes).matrix;
}

/** Deterministic pseudo-random matrix for comparisons against naive loops. */
export function randomMatrix(m: number, v: number, seed = 7): VoteMatrix {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const groups = Array.from({ length: m }, (_, i) => ['A', 'B', 'C', 'NI'][i % 4]!);
  const rows = Array.from({ length: v }, (_, k) => ({ date: `2025-0${1 + (k % 6)}-15`, row: Array.from({ length: m }, () => 'yyna.'[Math.floor(rnd() * 5)]).join('') }));
  return matrixOf(groups, rows);
}
