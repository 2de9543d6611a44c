// The one input every analytic reads: members and roll-call votes, positions integer-coded in
// typed arrays. Plain data only (strings, numbers, Uint8Arrays), so a matrix can be posted to a
// worker thread as it is; encodeMatrix can put every vote's positions in one transferable buffer.

/** Position codes in `MatrixVote.positions`. */
export const ABSENT = 0;
export const FOR = 1;
export const AGAINST = 2;
export const ABSTAIN = 3;
export type PositionCode = typeof ABSENT | typeof FOR | typeof AGAINST | typeof ABSTAIN;
export type PositionName = 'for' | 'against' | 'abstain';

export const POSITION_NAMES: readonly (PositionName | null)[] = [null, 'for', 'against', 'abstain'];
export const POSITION_CODES: Readonly<Record<PositionName, PositionCode>> = { for: FOR, against: AGAINST, abstain: ABSTAIN };

export interface MatrixMember {
  /** Open Data person id (`"1294"`). */
  id: string;
  name: string;
  /** Canonical group code (`PPE`, `S&D`, `NI`…); null when unknown. */
  group: string | null;
  /** EP ISO-2 country code; null when unknown. */
  country: string | null;
}

export interface MatrixVote {
  id: string;
  /** YYYY-MM-DD */
  date: string;
  title: string | null;
  /** One code per member, in `members` order: 0 no recorded position, 1 for, 2 against, 3 abstain. */
  positions: Uint8Array;
}

export interface VoteMatrix {
  members: MatrixMember[];
  /** Chronological (date, then the order given). */
  votes: MatrixVote[];
}

export interface VoteInput {
  id: string;
  date: string;
  title: string | null;
  positions: ReadonlyArray<{ mepId: string; position: PositionName }>;
}

/**
 * A matrix from per-vote position lists. Positions of ids not among `members` are skipped
 * and counted in `unmatched`. All positions share one ArrayBuffer (`buffer`), for transfer.
 */
export function encodeMatrix(members: MatrixMember[], votes: readonly VoteInput[]): { matrix: VoteMatrix; unmatched: number; buffer: ArrayBuffer } {
  const index = new Map(members.map((m, i) => [m.id, i]));
  const m = members.length;
  const buffer = new ArrayBuffer(m * votes.length);
  let unmatched = 0;
  const sorted = votes.map((v, i) => ({ v, i })).sort((a, b) => (a.v.date < b.v.date ? -1 : a.v.date > b.v.date ? 1 : a.i - b.i));
  const out: MatrixVote[] = sorted.map(({ v }, k) => {
    const positions = new Uint8Array(buffer, k * m, m);
    for (const p of v.positions) {
      const at = index.get(p.mepId);
      if (at === undefined) unmatched++;
      else positions[at] = POSITION_CODES[p.position];
    }
    return { id: v.id, date: v.date, title: v.title, positions };
  });
  return { matrix: { members, votes: out }, unmatched, buffer };
}

/** Index of a member by id, or -1. */
export function memberIndex(matrix: VoteMatrix, id: string): number {
  return matrix.members.findIndex((m) => m.id === id);
}

/** Throws on a malformed matrix (wrong position lengths, unknown codes, bad dates). */
export function checkMatrix(matrix: VoteMatrix): void {
  const m = matrix.members.length;
  for (const v of matrix.votes) {
    if (v.positions.length !== m) throw new RangeError(`vote ${v.id}: ${v.positions.length} positions for ${m} members`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) throw new RangeError(`vote ${v.id}: date ${v.date} is not YYYY-MM-DD`);
    for (let i = 0; i < m; i++) if (v.positions[i]! > ABSTAIN) throw new RangeError(`vote ${v.id}: unknown position code ${v.positions[i]}`);
  }
}
