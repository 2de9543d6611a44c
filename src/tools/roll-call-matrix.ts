// Raw roll-call data (roster, Open Data decisions and vote-results, DOCEO files) into the
// analytics' vote matrix.
// Positions are read straight from the `had_voter_*` links and mapped to member indexes through
// one Map, since a busy period holds close to a million of them.
import { encodeMatrix, type MatrixMember, type VoteMatrix } from '../analytics/index.ts';
import { joinVotes, mepFromListItem, voteFromDecision, type Mep } from '../ep/domain.ts';
import { field, idsOf, type JsonRecord } from '../ep/jsonld.ts';
import { parseGroup, parseMepId, termForDate } from '../ep/ids.ts';
import { parseRollCalls } from '../doceo/index.ts';
import { lagging, MAX_ANALYSIS_SITTINGS, sittingsOf, type Scope } from './roll-call-sources.ts';
import { records } from './common.ts';

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

const KINDS = [['had_voter_favor', 'for'], ['had_voter_against', 'against'], ['had_voter_abstention', 'abstain']] as const;

export function rollCallMatrix(p: Scope, first: unknown[], second: unknown[], third: unknown[]): RollCallData {
  const sittings = sittingsOf(p, first);
  const late = lagging(p, first, second);
  const rosterMeps = records(first[0]).map((r) => mepFromListItem(r, { active: true })).filter((m): m is Mep => m !== null);
  const members: MatrixMember[] = rosterMeps.map((m) => ({ id: m.id, name: m.name, group: m.politicalGroup?.code ?? null, country: m.country }));
  const seats: Record<string, number> = {};
  for (const m of members) if (m.group) seats[m.group] = (seats[m.group] ?? 0) + 1;
  const known = new Set(members.map((m) => m.id));
  const extra = new Map<string, MatrixMember>();
  const outsider = (id: string, name?: string, group?: string | null) => {
    if (known.has(id) || extra.has(id)) return;
    extra.set(id, { id, name: name ?? `person/${id}`, group: group ? parseGroup(group) ?? group : null, country: null });
  };

  type Pos = { mepId: string; position: 'for' | 'against' | 'abstain' };
  const votes: Array<{ id: string; date: string; title: string | null; positions: Pos[] }> = [];
  const linkIds = new Map<string, string | null>();
  const idOfLink = (link: string) => {
    let id = linkIds.get(link);
    if (id === undefined) linkIds.set(link, (id = parseMepId(link)));
    return id;
  };
  let fromOpenData = 0;
  const n = sittings.length;
  second.slice(0, n).forEach((body, i) => {
    let any = false;
    // Titles of the voted items, by decision id, from the sitting's vote-results.
    const titles = new Map(joinVotes(records(second[n + i]), records(body)).map((v) => [v.id, v.title]));
    for (const rec of records(body) as JsonRecord[]) {
      const v = voteFromDecision(rec);
      if (!v || !v.date) continue;
      const positions: Pos[] = [];
      for (const [key, position] of KINDS) {
        for (const link of idsOf(field(rec, key))) {
          const mepId = idOfLink(link);
          if (mepId === null) continue;
          outsider(mepId);
          positions.push({ mepId, position });
        }
      }
      if (positions.length === 0) continue;
      any = true;
      votes.push({ id: v.votingId ? `RCV-${v.votingId}` : v.id, date: v.date, title: titles.get(v.id) ?? v.title ?? v.label, positions });
    }
    if (any) fromOpenData++;
  });
  let fromDoceo = 0;
  const warnings: string[] = [];
  third.slice(0, late.length).forEach((xml, i) => {
    if (typeof xml !== 'string' || xml.trim() === '') return;
    let day;
    try {
      day = parseRollCalls(xml);
    } catch (e) {
      warnings.push(`the DOCEO roll-call file of ${late[i]} could not be read (${(e as Error).message}); its votes are missing`);
      return;
    }
    if (day.votes.length) fromDoceo++;
    for (const v of day.votes) {
      const positions: Pos[] = [];
      for (const x of v.positions) {
        if (!x.persId) continue;
        outsider(x.persId, x.name, x.group);
        positions.push({ mepId: x.persId, position: x.position });
      }
      votes.push({ id: `RCV-${v.votingId}`, date: day.sittingDate, title: v.itemTitle ?? v.description, positions });
    }
  });
  const all = [...members, ...extra.values()];
  const { matrix } = encodeMatrix(all, votes);

  if (sittings.length === 0) warnings.push('no plenary sitting in the period');
  else if (votes.length === 0) warnings.push('no roll-call data for these sittings yet (the EP publishes Open Data roll calls weeks after the vote; DOCEO files had none either)');
  if (fromDoceo) warnings.push(`${fromDoceo} sitting(s) read from DOCEO roll-call files, as their Open Data records are not published yet`);
  if (!p.sittingIds && sittings.length === MAX_ANALYSIS_SITTINGS) warnings.push(`only the ${MAX_ANALYSIS_SITTINGS} most recent sittings of the period were read (${sittings.at(-1)} to ${sittings[0]})`);
  if (extra.size) warnings.push(`${extra.size} member(s) who voted are not in the current roster: they count for attendance and co-voting, and for group figures only where DOCEO gave their group`);
  const oldest = sittings.at(-1)?.slice('MTG-PL-'.length);
  if (oldest && (termForDate(oldest) ?? 10) < 10) warnings.push('the period reaches before the current term (2024-07-16): groups are today\'s, so earlier votes are attributed to current groups or none');
  else if (votes.length) warnings.push('groups are those of the current roster; a member who changed group is counted in the new one for earlier votes');

  return {
    matrix,
    seats,
    sittings,
    coverage: { sittings: sittings.length, fromOpenData, fromDoceo, rollCalls: matrix.votes.length, members: all.length, outsideRoster: extra.size },
    warnings,
  };
}
