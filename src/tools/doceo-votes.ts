// A DOCEO roll-call file as domain votes (the shape the report workflow reads), with
// positions keyed by Open Data person id (PersId). The file arrives parsed: the doceo
// handler parses it in its thread (src/handlers/doceo-parse.ts).
import type { RollCallDay } from '../doceo/index.ts';
import type { Vote } from '../ep/domain.ts';

/** A doceo source's value: the parsed roll-call day, why the file could not be read, or nothing. */
export function readDoceoDay(value: unknown): { day: RollCallDay } | { unreadable: string } | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as { unreadable?: { message?: unknown }; votes?: unknown };
  if (v.unreadable) return { unreadable: String(v.unreadable.message ?? 'unreadable') };
  return Array.isArray(v.votes) ? { day: value as RollCallDay } : null;
}

/** A DOCEO roll-call file as votes with positions keyed by Open Data person id (PersId); none if unreadable. */
export function rollCallsOf(value: unknown, sittingId: string): Vote[] {
  const read = readDoceoDay(value);
  if (!read || !('day' in read)) return [];
  const { day } = read;
  return day.votes.map((v) => ({
    id: `${sittingId}-RCV-${v.votingId}`,
    sittingId,
    date: day.sittingDate,
    title: v.itemTitle ?? v.description,
    label: v.description,
    outcome: null,
    method: 'VOTE_ELECTRONIC_ROLLCALL',
    methodLabel: 'Roll-call vote',
    rollCall: true,
    votingId: v.votingId,
    dlvId: v.dlvId,
    order: null,
    tallies: { for: v.tallies.for, against: v.tallies.against, abstain: v.tallies.abstain, attendees: null },
    documents: [],
    minutes: [],
    procedures: [],
    positions: v.positions.flatMap((x) => (x.persId ? [{ mepId: x.persId, position: x.position }] : [])),
    source: 'decision',
  }));
}

