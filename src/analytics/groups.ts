// Members' groups as small integers, so per-group counting runs over typed arrays.
import type { MatrixMember } from './matrix.ts';

/** Non-attached members share a label, not a whip: they have no group line to follow or leave. */
export const NON_ATTACHED = 'NI';

export interface GroupIndex {
  /** Group codes, largest first (ties by code). */
  names: string[];
  /** Members per group, in `names` order. */
  sizes: number[];
  /** Member index → group index, or -1 when the member's group is unknown. */
  of: Int16Array;
}

export function indexGroups(members: readonly MatrixMember[]): GroupIndex {
  const counts = new Map<string, number>();
  for (const m of members) if (m.group) counts.set(m.group, (counts.get(m.group) ?? 0) + 1);
  const names = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : 1));
  const at = new Map(names.map((g, i) => [g, i]));
  const of = new Int16Array(members.length);
  members.forEach((m, i) => (of[i] = m.group ? at.get(m.group)! : -1));
  return { names, sizes: names.map((g) => counts.get(g)!), of };
}

/** Whether a group has a line its members can follow or leave. */
export const hasLine = (group: string) => group !== NON_ATTACHED;
