import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DoceoParseError } from '../../src/doceo/errors.ts';
import { VoteResultDaySchema, parseVoteResults, type VoteResultDay } from '../../src/doceo/vot.ts';

const sample = (name: string) => readFileSync(new URL(`./samples/${name}`, import.meta.url), 'utf8');

function parseOk(xml: string): VoteResultDay {
  const day = parseVoteResults(xml);
  expect(VoteResultDaySchema.parse(day)).toEqual(day);
  return day;
}

function parseError(xml: string): DoceoParseError {
  try {
    parseVoteResults(xml);
  } catch (e) {
    expect(e).toBeInstanceOf(DoceoParseError);
    expect((e as DoceoParseError).kind).toBe('VOT');
    return e as DoceoParseError;
  }
  throw new Error('expected a DoceoParseError');
}

const noVoting = { result: null, resultType: null, for: null, against: null, abstain: null, voters: null, rollCall: false };

describe('parseVoteResults on the handwritten real-layout sample', () => {
  const day = parseOk(sample('handwritten-real-layout-vot.xml'));

  it('reads language and sitting date (offset dropped)', () => {
    expect(day.language).toBe('EN');
    expect(day.date).toBe('2030-01-15');
    expect(day.items.map((i) => [i.dlvId, i.type, i.info])).toEqual([
      ['999001', 'REPORT', false],
      ['999002', 'RESOLUTION', false],
      ['999999', 'INFO', true],
    ]);
  });

  it('reads a report item with a heading, a roll call and a show of hands', () => {
    expect(day.items[0]).toEqual({
      dlvId: '999001',
      type: 'REPORT',
      info: false,
      title: 'Example regulation on widgets ***I',
      label: 'Report: Example Rapporteur (A10-0001/2030)',
      author: 'RAPPORTEUR',
      committee: 'Committee: Committee on Budgets',
      documents: ['A10-0001/2030'],
      votings: [
        {
          ...noVoting, votingId: '990100', type: 'TITLE_BLOCK', title: 'Provisional agreement', label: null, subject: null,
          amendmentNumber: null, amendmentAuthor: null, timestamp: '2030-01-15T18:40:00.000+01:00',
        },
        {
          votingId: '990001', type: 'AMENDMENT', result: 'ADOPTED', resultType: 'ROLL_CALL',
          for: 4, against: 2, abstain: 1, voters: 7, rollCall: true,
          title: null, label: 'A10-0001/2030 – Example Rapporteur – Provisional agreement – Am 2', subject: 'Provisional agreement',
          amendmentNumber: '2', amendmentAuthor: 'committee', timestamp: '2030-01-15T12:05:10.000+01:00',
        },
        {
          ...noVoting, votingId: '990101', type: 'AMENDMENT', result: 'REJECTED', resultType: 'RAISE_HAND',
          title: null, label: null, subject: '§ 3', amendmentNumber: '5', amendmentAuthor: 'PfE', timestamp: '2030-01-15T18:40:01.000+01:00',
        },
      ],
    });
  });

  it('reads a resolution item and keeps the INFO note without votings', () => {
    expect(day.items[1]).toMatchObject({
      title: 'Example resolution on gadgets', label: 'Motions for resolutions: B10-0002/2030', author: null, committee: null, documents: ['B10-0002/2030'],
    });
    expect(day.items[1].votings).toEqual([expect.objectContaining({ votingId: '990002', result: 'ADOPTED', for: 2, against: 1, abstain: 0, voters: 3, rollCall: true, title: 'Motion for a resolution (as a whole)' })]);
    expect(day.items[2]).toEqual({
      dlvId: '999999', type: 'INFO', info: true, title: null, label: 'Additional information', author: null, committee: null, documents: [], votings: [],
    });
  });
});

const file = (votes: string, language = 'EN') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><file language="${language}" date="2030-01-16+01:00" version="2"><glossary/><sitting date="2030-01-15+01:00"><votes>${votes}</votes></sitting></file>`;

describe('parseVoteResults tolerance', () => {
  it('reports the language so a French file served under _EN can be detected', () => {
    expect(parseOk(file('', 'FR')).language).toBe('FR');
  });

  it('handles a single vote with a single voting and document, and a day without votes', () => {
    const day = parseOk(file('<vote dlvId="5" type="PROPOSAL"><title>T</title><votings><voting votingId="9" resultType="ELECTRONICAL" result="lapsed" numberFavor="x"/></votings><documents><document documentNumber="C10-0001/2030"/></documents></vote>'));
    expect(day.items).toHaveLength(1);
    expect(day.items[0]).toMatchObject({ type: 'PROPOSAL', documents: ['C10-0001/2030'] });
    expect(day.items[0].votings[0]).toMatchObject({ votingId: '9', resultType: 'ELECTRONICAL', result: 'LAPSED', for: null, rollCall: false });
    expect(parseOk(file('')).items).toEqual([]);
  });

  it('maps unknown result codes to null and treats an rcv marker as a roll call', () => {
    const day = parseOk(file('<vote dlvId="5" type="REPORT"><votings><voting votingId="9" result="POSTPONED"><rcv type="RCV"><value>RCV</value></rcv></voting></votings></vote>'));
    expect(day.items[0].votings[0]).toMatchObject({ result: null, resultType: null, rollCall: true });
  });
});

describe('parseVoteResults refuses what is not a term-10 VOT file', () => {
  it('refuses the synthetic canonical layout', () => {
    const e = parseError(sample('canonical-doceo-vot.xml'));
    expect(e.code).toBe('wrong_document');
    expect(e.message).toContain('<PV.VoteResult>');
  });

  it('refuses an RCV file, HTML, text and a <file> without <sitting>', () => {
    expect(parseError(sample('handwritten-real-layout-rcv.xml')).code).toBe('wrong_document');
    expect(parseError('<html><body>Forbidden</body></html>').code).toBe('wrong_document');
    expect(parseError('Forbidden').code).toBe('wrong_document');
    expect(parseError('<file language="EN"><other/></file>').code).toBe('wrong_document');
  });

  it('refuses a cut-off download', () => {
    const full = sample('handwritten-real-layout-vot.xml');
    expect(parseError(full.slice(0, full.indexOf('</votes>'))).code).toBe('truncated');
  });
});
