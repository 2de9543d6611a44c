import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ABSENT, AGAINST, FOR, POSITION_CODES } from '../../src/analytics/index.ts';
import { parseRollCalls } from '../../src/doceo/index.ts';
import { run as parseInThread } from '../../src/handlers/doceo-parse.ts';
import { rollCallMatrix } from '../../src/tools/roll-call-matrix.ts';
import { lagging, rollCallSecond, rollCallThird, sittingsOf } from '../../src/tools/roll-call-sources.ts';

const XML = readFileSync(new URL('../doceo/samples/handwritten-real-layout-rcv.xml', import.meta.url), 'utf8');
/** A DOCEO roll-call file as the doceo handler's thread hands it over. */
const fromThread = (xml: string) => parseInThread({ kind: 'RCV', xml });
const roster = { data: [
  { id: 'person/1', identifier: '1', label: 'Ann ONE', 'api:country-of-representation': 'BE', 'api:political-group': 'S&D' },
  { id: 'person/2', identifier: '2', label: 'Bob TWO', 'api:country-of-representation': 'FR', 'api:political-group': 'PPE' },
] };
const decisions = { data: [{
  id: 'eli/dl/event/MTG-PL-2025-03-12-DEC-170077', activity_id: 'MTG-PL-2025-03-12-DEC-170077', activity_date: '2025-03-12',
  activity_label: { en: 'A10-0014/2025 – Am 40' }, decision_method: 'def/ep-decision-methods/VOTE_ELECTRONIC_ROLLCALL', notation_votingId: '170077',
  had_voter_favor: ['person/1'], had_voter_against: ['person/2', 'person/99'], decided_on_a_realization_of: ['eli/dl/doc/A-10-2025-0014'],
}] };
const voteResults = { data: [{
  id: 'eli/dl/event/MTG-PL-2025-03-12-VOT-ITM-960223', activity_id: 'MTG-PL-2025-03-12-VOT-ITM-960223', activity_date: '2025-03-12',
  activity_label: { en: 'Critical Medicines Act' }, based_on_a_realization_of: ['eli/dl/doc/A-10-2025-0014'], notation_dlvId: '960223',
}] };

describe('rollCallMatrix', () => {
  const p = { sittingIds: ['MTG-PL-2025-03-12', 'MTG-PL-2030-01-15'] };
  const first = [roster];

  it('plans decisions and vote-results per sitting, then DOCEO for the sitting without positions', () => {
    expect(sittingsOf(p, first)).toEqual(['MTG-PL-2030-01-15', 'MTG-PL-2025-03-12']);
    expect(rollCallSecond(p, first).map((s) => s.path)).toEqual([
      'meetings/MTG-PL-2030-01-15/decisions', 'meetings/MTG-PL-2025-03-12/decisions',
      'meetings/MTG-PL-2030-01-15/vote-results', 'meetings/MTG-PL-2025-03-12/vote-results',
    ]);
    const second = [null, decisions, null, voteResults];
    expect(lagging(p, first, second)).toEqual(['MTG-PL-2030-01-15']);
    expect(rollCallThird(p, first, second)).toEqual([{ family: 'doceo', path: 'document/PV-10-2030-01-15-RCV_EN.xml', accept: 'application/xml', ttl: 'vote', optional: true }]);
  });

  it('puts Open Data and DOCEO positions in the right cells, titles from vote-results, members outside the roster added', async () => {
    const d = await rollCallMatrix(p, first, [null, decisions, null, voteResults], [fromThread(XML)]);
    const day = parseRollCalls(XML);
    const { matrix } = d;
    expect(matrix.votes.map((v) => v.id)).toEqual(['RCV-170077', ...day.votes.map((v) => `RCV-${v.votingId}`)]);
    expect(matrix.votes[0]).toMatchObject({ date: '2025-03-12', title: 'Critical Medicines Act' });
    const at = (id: string) => matrix.members.findIndex((m) => m.id === id);
    expect([matrix.votes[0]!.positions[at('1')], matrix.votes[0]!.positions[at('2')], matrix.votes[0]!.positions[at('99')]]).toEqual([FOR, AGAINST, AGAINST]);
    expect(matrix.members[at('99')]).toEqual({ id: '99', name: 'person/99', group: null, country: null });
    // Every DOCEO position lands on its PersId, with the group DOCEO gives for members outside the roster.
    day.votes.forEach((v, k) => {
      const row = matrix.votes[k + 1]!.positions;
      for (const x of v.positions) expect(row[at(x.persId!)]).toBe(POSITION_CODES[x.position]);
      expect([...row].filter((c) => c !== ABSENT)).toHaveLength(v.positions.length);
    });
    const persIds = new Set(day.votes.flatMap((v) => v.positions.map((x) => x.persId)));
    const first900 = day.votes[0]!.positions[0]!;
    expect(matrix.members[at(first900.persId!)]!.group).toBe(first900.group);
    expect(d.coverage).toEqual({ sittings: 2, fromOpenData: 1, fromDoceo: 1, rollCalls: 1 + day.votes.length, members: 3 + persIds.size, outsideRoster: 1 + persIds.size });
    expect(d.seats).toEqual({ 'S&D': 1, PPE: 1 });
    expect(d.warnings.join(' ')).toMatch(/1 sitting\(s\) read from DOCEO/);
    expect(d.warnings.join(' ')).toMatch(new RegExp(`${1 + persIds.size} member\\(s\\) who voted are not in the current roster`));
    // All votes share one buffer.
    expect(new Set(matrix.votes.map((v) => v.positions.buffer)).size).toBe(1);
  });

  it('warns about an unreadable DOCEO file and keeps the rest', async () => {
    const d = await rollCallMatrix(p, first, [null, decisions, null, voteResults], [fromThread('<PV.RollCallVoteResult/>')]);
    expect(d.matrix.votes).toHaveLength(1);
    expect(d.warnings.join(' ')).toMatch(/DOCEO roll-call file of MTG-PL-2030-01-15 could not be read/);
  });
});
