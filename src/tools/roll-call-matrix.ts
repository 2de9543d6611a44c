// Raw roll-call data (roster, Open Data decisions and vote-results, DOCEO files) into the
// analytics' vote matrix.
// Positions are read straight from the `had_voter_*` links, mapped to member indexes through one
// Map and kept as integer pairs until the matrix is laid out: a busy period holds close to a
// million of them, and an object per position would keep the garbage collector busy.
import { ABSTAIN, AGAINST, FOR, POSITION_CODES, type MatrixMember, type VoteMatrix } from '../analytics/index.ts';
import { joinVotes, mepFromListItem, voteFromDecision, type Mep } from '../ep/domain.ts';
import { asArray, field, idOf, type JsonRecord } from '../ep/jsonld.ts';
import { parseGroup, parseMepId, termForDate } from '../ep/ids.ts';
import { lagging, MAX_ANALYSIS_SITTINGS, sittingsOf, type Scope } from './roll-call-sources.ts';
import { records } from './common.ts';
import { readDoceoDay } from './doceo-votes.ts';
import { mainThread } from '../time-slice.ts';
import { perRecord } from '../ep/per-record.ts';

export interface RollCallData {
  matrix: VoteMatrix;
  /** Seats per group in the current roster. */
  seats: Record<string, number>;
  /** Sittings read, newest first. */
  sittings: string[];
  coverage: {
    sittings: number;
    /** Sittings that had roll calls, by source. */
    fromOpenData: number;
    fromDoceo: number;
    rollCalls: number;
    members: number;
    /** Members who voted but are not in the current roster (no group known). */
    outsideRoster: number;
  };
  warnings: string[];
}

/** The roster's members, remembered per roster body: the cached body is the same object call after call. */
const rosterMembers = perRecord((body: object): readonly MatrixMember[] =>
  records(body)
    .map((r) => mepFromListItem(r, { active: true }))
    .filter((m): m is Mep => m !== null)
    .map((m): MatrixMember => ({ id: m.id, name: m.name, group: m.politicalGroup?.code ?? null, country: m.country })),
);
const rosterOf = (body: unknown): readonly MatrixMember[] => (body !== null && typeof body === 'object' ? rosterMembers(body) : []);

const KINDS = [['had_voter_favor', 'for'], ['had_voter_against', 'against'], ['had_voter_abstention', 'abstain']] as const;
const CODES = [FOR, AGAINST, ABSTAIN];

/**
 * A period's roll calls joined into one matrix. On the main thread, in slices
 * (src/time-slice.ts): a full period holds about a million positions.
 */
export async function rollCallMatrix(p: Scope, first: unknown[], second: unknown[], third: unknown[]): Promise<RollCallData> {
  const slice = mainThread;
  const sittings = sittingsOf(p, first);
  const late = lagging(p, first, second);
  const members: MatrixMember[] = [...rosterOf(first[0])];
  const seats: Record<string, number> = {};
  for (const m of members) if (m.group) seats[m.group] = (seats[m.group] ?? 0) + 1;
  const index = new Map(members.map((m, i) => [m.id, i]));
  let outsideRoster = 0;
  /** The member's index, adding a member who is not in the roster. */
  const memberAt = (id: string, name?: string, group?: string | null) => {
    let at = index.get(id);
    if (at === undefined) {
      index.set(id, (at = members.length));
      members.push({ id, name: name ?? `person/${id}`, group: group ? parseGroup(group) ?? group : null, country: null });
      outsideRoster++;
    }
    return at;
  };

  // Votes keep (member index, position code) pairs in one growing Int32Array until the house size is known.
  type Pending = { id: string; date: string; title: string | null; from: number; to: number };
  const pending: Pending[] = [];
  let pairs = new Int32Array(1 << 16);
  let used = 0;
  const push = (at: number, code: number) => {
    if (used + 2 > pairs.length) {
      const bigger = new Int32Array(pairs.length * 2);
      bigger.set(pairs);
      pairs = bigger;
    }
    pairs[used++] = at;
    pairs[used++] = code;
  };
  const linkAt = new Map<string, number>();

  let fromOpenData = 0;
  const n = sittings.length;
  for (let i = 0; i < n; i++) {
    await slice.pause();
    const body = second[i];
    let any = false;
    // Titles of the voted items, by decision id, from the sitting's vote-results.
    const titles = new Map(joinVotes(records(second[n + i]), records(body)).map((v) => [v.id, v.title]));
    for (const rec of records(body) as JsonRecord[]) {
      await slice.pause();
      const v = voteFromDecision(rec);
      if (!v || !v.date) continue;
      const from = used;
      KINDS.forEach(([key], k) => {
        for (const x of asArray(field(rec, key))) {
          const link = idOf(x);
          if (link === null) continue;
          let at = linkAt.get(link);
          if (at === undefined) {
            const mepId = parseMepId(link);
            at = mepId === null ? -1 : memberAt(mepId);
            linkAt.set(link, at);
          }
          if (at >= 0) push(at, CODES[k]!);
        }
      });
      if (used === from) continue;
      any = true;
      pending.push({ id: v.votingId ? `RCV-${v.votingId}` : v.id, date: v.date, title: titles.get(v.id) ?? v.title ?? v.label, from, to: used });
    }
    if (any) fromOpenData++;
  }
  let fromDoceo = 0;
  const warnings: string[] = [];
  // Parsed in the doceo handler's thread.
  for (let i = 0; i < late.length && i < third.length; i++) {
    await slice.pause();
    const read = readDoceoDay(third[i]);
    if (!read) continue;
    if ('unreadable' in read) {
      warnings.push(`the DOCEO roll-call file of ${late[i]} could not be read (${read.unreadable}); its votes are missing`);
      continue;
    }
    const { day } = read;
    if (day.votes.length) fromDoceo++;
    for (const v of day.votes) {
      await slice.pause();
      const from = used;
      for (const x of v.positions) if (x.persId) push(memberAt(x.persId, x.name, x.group), POSITION_CODES[x.position]);
      pending.push({ id: `RCV-${v.votingId}`, date: day.sittingDate, title: v.itemTitle ?? v.description, from, to: used });
    }
  }

  // One buffer for all positions, votes in date order (stable), as encodeMatrix lays them out.
  const M = members.length;
  const buffer = new ArrayBuffer(M * pending.length);
  const ordered = pending.map((v, k) => ({ v, k })).sort((a, b) => (a.v.date < b.v.date ? -1 : a.v.date > b.v.date ? 1 : a.k - b.k));
  const votes: VoteMatrix['votes'] = [];
  for (let k = 0; k < ordered.length; k++) {
    await slice.pause();
    const { v } = ordered[k]!;
    const positions = new Uint8Array(buffer, k * M, M);
    for (let j = v.from; j < v.to; j += 2) positions[pairs[j]!] = pairs[j + 1]!;
    votes.push({ id: v.id, date: v.date, title: v.title, positions });
  }
  const matrix: VoteMatrix = { members, votes };

  if (sittings.length === 0) warnings.push('no plenary sitting in the period');
  else if (pending.length === 0) warnings.push('no roll-call data for these sittings yet (the EP publishes Open Data roll calls weeks after the vote; DOCEO files had none either)');
  if (fromDoceo) warnings.push(`${fromDoceo} sitting(s) read from DOCEO roll-call files, as their Open Data records are not published yet`);
  if (!p.sittingIds && sittings.length === MAX_ANALYSIS_SITTINGS) warnings.push(`only the ${MAX_ANALYSIS_SITTINGS} most recent sittings of the period were read (${sittings.at(-1)} to ${sittings[0]})`);
  if (outsideRoster) warnings.push(`${outsideRoster} member(s) who voted are not in the current roster: they count for attendance and co-voting, and for group figures only where DOCEO gave their group`);
  const oldest = sittings.at(-1)?.slice('MTG-PL-'.length);
  if (oldest && (termForDate(oldest) ?? 10) < 10) warnings.push('the period reaches before the current term (2024-07-16): groups are today\'s, so earlier votes are attributed to current groups or none');
  else if (pending.length) warnings.push('groups are those of the current roster; a member who changed group is counted in the new one for earlier votes');

  return {
    matrix,
    seats,
    sittings,
    coverage: { sittings: sittings.length, fromOpenData, fromDoceo, rollCalls: matrix.votes.length, members: M, outsideRoster },
    warnings,
  };
}
