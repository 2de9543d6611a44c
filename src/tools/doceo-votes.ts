// A DOCEO roll-call file as domain votes (the shape the report workflow reads), with
// positions keyed by Open Data person id (PersId).
import type { Vote } from '../ep/domain.ts';
import { parseRollCalls } from '../doceo/index.ts';

/** A DOCEO roll-call file as votes with positions keyed by Open Data person id (PersId). */
export function rollCallsOf(xml: unknown, sittingId: string): Vote[] {
  if (typeof xml !== 'string' || xml.trim() === '') return [];
  const day = parseRollCalls(xml);
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

