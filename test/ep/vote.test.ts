import { describe, expect, it } from 'vitest';
import { VoteSchema, countPositions, joinVotes, voteFromDecision, voteFromVoteResult } from '../../src/ep/vote.ts';
import type { JsonRecord } from '../../src/ep/jsonld.ts';
import { decisionItem, voteResultItem } from './fixtures.ts';

describe('vote-results items', () => {
  it('carry title, DlvId, documents and procedure but no tallies', () => {
    const v = voteFromVoteResult(voteResultItem);
    expect(v).toEqual({
      id: 'MTG-PL-2024-04-24-VOT-ITM-946131', sittingId: 'MTG-PL-2024-04-24', date: '2024-04-24',
      title: 'Amendments to Parliament’s Rules of Procedure', label: null,
      outcome: null, method: null, methodLabel: null, rollCall: false,
      votingId: null, dlvId: '946131', order: null, tallies: null,
      documents: ['A-9-2024-0163'], minutes: ['PV-9-2024-04-24-VOT-ITM-001'], procedures: ['2024-2006'],
      source: 'vote-result',
    });
    expect(VoteSchema.parse(v)).toEqual(v);
  });
  it('fall back to the structuredLabel title and the DlvId in the id', () => {
    const { activity_label: _l, notation_dlvId: _d, ...rest } = voteResultItem;
    const v = voteFromVoteResult(rest, { lang: 'fr' })!;
    expect(v.title).toBe('Modification du règlement');
    expect(v.dlvId).toBe('946131');
  });
});

describe('decisions items', () => {
  it('carry tallies, outcome, method and votingId', () => {
    const v = voteFromDecision(decisionItem);
    expect(v).toEqual({
      id: 'MTG-PL-2025-03-11-DEC-1', sittingId: 'MTG-PL-2025-03-11', date: '2025-03-11',
      title: 'A10-0006/2025 - Provisional agreement - Am 2', label: 'A10-0006/2025 - Provisional agreement - Am 2',
      outcome: 'ADOPTED', method: 'VOTE_ELECTRONIC_ROLLCALL', methodLabel: 'Electronic roll-call vote', rollCall: true,
      votingId: '172102', dlvId: null, order: 12,
      tallies: { for: 499, against: 117, abstain: 44, attendees: 660 },
      documents: ['A-10-2025-0006'], minutes: ['PV-10-2025-03-11-VOT-ITM-002'], procedures: [],
      source: 'decision',
    });
    expect(VoteSchema.parse(v)).toEqual(v);
  });
  it('give per-MEP positions on request', () => {
    const v = voteFromDecision(decisionItem, { withPositions: true })!;
    expect(v.positions).toEqual([
      { mepId: '257118', position: 'for' },
      { mepId: '1294', position: 'for' },
      { mepId: '197795', position: 'against' },
      { mepId: '197500', position: 'abstain' },
    ]);
    expect(v.intentions).toEqual([]);
    expect(countPositions(v.positions!)).toEqual({ for: 2, against: 1, abstain: 1 });
    expect(VoteSchema.parse(v)).toEqual(v);
  });
  it('read prefixed keys, string numbers and a type array', () => {
    const rec: JsonRecord = {
      id: 'eli/dl/event/MTG-PL-2014-01-16-DEC-3', type: ['Decision', 'Activity'],
      'eli-dl:activity_date': { '@value': '2014-01-16T00:00:00+01:00', type: 'xsd:dateTime' },
      'eli-dl:decision_outcome': 'def/ep-statuses/rejected',
      'eli-dl:activity_order': '3',
      decision_method: 'def/ep-decision-methods/VOTE_HAND',
      number_of_votes_favor: '120', number_of_votes_against: '300',
    };
    const v = voteFromDecision(rec)!;
    expect(v).toMatchObject({
      id: 'MTG-PL-2014-01-16-DEC-3', date: '2014-01-16', sittingId: 'MTG-PL-2014-01-16', outcome: 'REJECTED',
      order: 3, method: 'VOTE_HAND', rollCall: false, tallies: { for: 120, against: 300, abstain: null, attendees: null },
    });
  });
});

describe('joining vote-results and decisions', () => {
  const vr = voteResultItem;
  const dec = (extra: JsonRecord): JsonRecord => ({
    ...decisionItem,
    activity_date: '2024-04-24',
    activity_id: `MTG-PL-2024-04-24-DEC-${String(extra.n)}`,
    id: `eli/dl/event/MTG-PL-2024-04-24-DEC-${String(extra.n)}`,
    inverse_consists_of: ['eli/dl/event/MTG-PL-2024-04-24'],
    decided_on_a_realization_of: [],
    ...extra,
  });

  it('matches by DlvId, by link, and by the only vote-result sharing a document', () => {
    const byDlv = dec({ n: 1, notation_dlvId: '946131' });
    const byLink = dec({ n: 2, was_motivated_by: ['eli/dl/event/MTG-PL-2024-04-24-VOT-ITM-946131'] });
    const byDoc = dec({ n: 3, decided_on_a_realization_of: ['eli/dl/doc/A-9-2024-0163'] });
    const votes = joinVotes([vr], [byDlv, byLink, byDoc]);
    expect(votes).toHaveLength(3);
    for (const v of votes) {
      expect(v).toMatchObject({
        source: 'joined', title: 'Amendments to Parliament’s Rules of Procedure', dlvId: '946131',
        tallies: { for: 499, against: 117, abstain: 44, attendees: 660 }, procedures: ['2024-2006'],
      });
      expect(v.documents).toContain('A-9-2024-0163');
      expect(VoteSchema.parse(v)).toEqual(v);
    }
  });
  it('keeps unmatched decisions and vote-results; an ambiguous document match is not guessed', () => {
    const other = { ...vr, id: 'eli/dl/event/MTG-PL-2024-04-24-VOT-ITM-946200', activity_id: 'MTG-PL-2024-04-24-VOT-ITM-946200', notation_dlvId: '946200' };
    const d = dec({ n: 4, decided_on_a_realization_of: ['eli/dl/doc/A-9-2024-0163'] });
    const votes = joinVotes([vr, other], [d]);
    expect(votes.map((v) => v.source)).toEqual(['decision', 'vote-result', 'vote-result']);
    expect(votes[0].title).toBe('A10-0006/2025 - Provisional agreement - Am 2');
  });
  it('handles empty sides', () => {
    expect(joinVotes([], [])).toEqual([]);
    expect(joinVotes([vr], []).map((v) => v.source)).toEqual(['vote-result']);
  });
});
