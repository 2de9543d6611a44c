import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JoinedDaySchema, joinRollCallWithVoteResults } from '../../src/doceo/join.ts';
import { parseRollCalls } from '../../src/doceo/rcv.ts';
import { parseVoteResults } from '../../src/doceo/vot.ts';

const sample = (name: string) => readFileSync(new URL(`./samples/${name}`, import.meta.url), 'utf8');
const rcvXml = sample('handwritten-real-layout-rcv.xml');
const votXml = sample('handwritten-real-layout-vot.xml');

describe('joinRollCallWithVoteResults', () => {
  it('pairs the handwritten samples on votingId with no disagreement', () => {
    const joined = joinRollCallWithVoteResults(parseRollCalls(rcvXml), parseVoteResults(votXml));
    expect(JoinedDaySchema.parse(joined)).toEqual(joined);
    expect(joined).toMatchObject({ sittingDate: '2030-01-15', votLanguage: 'EN', sameDay: true, mismatches: [], missingInVot: [], missingInRcv: [] });
    expect(joined.rollCalls.map((v) => [v.votingId, v.title, v.result, v.vot?.item.dlvId, v.vot?.voting.amendmentNumber])).toEqual([
      ['990001', 'Example regulation on widgets ***I', 'ADOPTED', '999001', '2'],
      ['990002', 'Example resolution on gadgets', 'ADOPTED', '999002', null],
    ]);
    // The RCV side is carried over untouched.
    expect(joined.rollCalls[0].positions).toHaveLength(7);
    expect(joined.rollCalls[0].vot?.item.documents).toEqual(['A10-0001/2030']);
  });

  it('reports tally and DlvId disagreements and votes missing on either side', () => {
    const vot = votXml
      .replace('numberFavor="4" numberAgainst="2"', 'numberFavor="5" numberAgainst="1"')
      .replace('dlvId="999002"', 'dlvId="999003"')
      .replace('resultType="RAISE_HAND"', 'resultType="ROLL_CALL"')
      .replace('"2030-01-15+01:00"', '"2030-01-16+01:00"')
      .replace('language="EN"', 'language="FR"');
    const rcv = rcvXml.replace('Identifier="990002"', 'Identifier="990777"');
    const joined = joinRollCallWithVoteResults(parseRollCalls(rcv), parseVoteResults(vot));
    expect(joined.mismatches).toEqual([
      { votingId: '990001', field: 'for', rcv: 4, vot: 5 },
      { votingId: '990001', field: 'against', rcv: 2, vot: 1 },
    ]);
    expect(joined.missingInVot).toEqual(['990777']);
    expect(joined.missingInRcv.sort()).toEqual(['990002', '990101']);
    expect(joined).toMatchObject({ sameDay: false, votLanguage: 'FR' });
    // Unmatched roll calls keep the RCV's own agenda title.
    expect(joined.rollCalls[1]).toMatchObject({ votingId: '990777', title: 'Example resolution on gadgets', result: null, vot: null });
  });

  it('reports a DlvId that differs between the files', () => {
    const vot = votXml.replace('dlvId="999002"', 'dlvId="999003"');
    const joined = joinRollCallWithVoteResults(parseRollCalls(rcvXml), parseVoteResults(vot));
    expect(joined.mismatches).toEqual([{ votingId: '990002', field: 'dlvId', rcv: '999002', vot: '999003' }]);
  });
});
