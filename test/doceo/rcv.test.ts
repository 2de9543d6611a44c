import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DoceoParseError } from '../../src/doceo/errors.ts';
import { RollCallDaySchema, documentRefOf, parseRollCalls, type RollCallDay } from '../../src/doceo/rcv.ts';
import { rcvDocument } from './build.ts';

const sample = (name: string) => readFileSync(new URL(`./samples/${name}`, import.meta.url), 'utf8');

function parseOk(xml: string): RollCallDay {
  const day = parseRollCalls(xml);
  expect(RollCallDaySchema.parse(day)).toEqual(day);
  return day;
}

function parseError(xml: string): DoceoParseError {
  try {
    parseRollCalls(xml);
  } catch (e) {
    expect(e).toBeInstanceOf(DoceoParseError);
    expect((e as DoceoParseError).kind).toBe('RCV');
    return e as DoceoParseError;
  }
  throw new Error('expected a DoceoParseError');
}

const m = (persId: string, name: string, group: string, position: 'for' | 'against' | 'abstain') =>
  ({ persId, mepId: String(Number(persId) - 891000), name, group, position });

describe('parseRollCalls on the handwritten real-layout sample', () => {
  const day = parseOk(sample('handwritten-real-layout-rcv.xml'));

  it('reads the sitting', () => {
    expect(day.sittingDate).toBe('2030-01-15');
    expect(day.sittingIdentifier).toBe('9901');
    expect(day.reference).toBe('P10_PV(2030)01-15');
    expect(day.votes.map((v) => v.votingId)).toEqual(['990001', '990002']);
  });

  it('is plain data that can cross a worker-thread boundary', () => {
    expect(structuredClone(day)).toEqual(day);
  });

  it('reads the first vote completely, with intentions kept apart from the tallies', () => {
    expect(day.votes[0]).toEqual({
      votingId: '990001',
      dlvId: '999001',
      time: '2030-01-15 12:05:10',
      description: 'A10-0001/2030 – Example Rapporteur – Provisional agreement – Am 2',
      documentRef: 'A10-0001/2030',
      itemTitle: 'Example regulation on widgets ***I',
      tallies: { for: 4, against: 2, abstain: 1 },
      positions: [
        m('900001', 'Alphaname', 'PPE', 'for'),
        m('900002', 'Betaname Anna', 'PPE', 'for'),
        m('900003', 'Gammaname', 'S&D', 'for'),
        m('900004', 'Deltaname', 'Verts/ALE', 'for'),
        m('900005', 'Epsilonname', 'PfE', 'against'),
        m('900006', 'Zetaname', 'ESN', 'against'),
        m('900007', 'Etaname', 'The Left', 'abstain'),
      ],
      intentions: [
        { persId: '900005', mepId: '9005', name: 'Epsilonname', position: 'for' },
        { persId: '900008', mepId: '9008', name: 'Thetaname', position: 'abstain' },
      ],
      consistent: true,
    });
  });

  it('reads the second vote, whose abstention section is empty', () => {
    expect(day.votes[1]).toEqual({
      votingId: '990002',
      dlvId: '999002',
      time: '2030-01-15 12:06:40',
      description: 'B10-0002/2030 – Motion for a resolution (as a whole)',
      documentRef: 'B10-0002/2030',
      itemTitle: 'Example resolution on gadgets',
      tallies: { for: 2, against: 1, abstain: 0 },
      positions: [
        m('900009', 'Iotaname', 'ECR', 'for'),
        m('900010', 'Kappaname', 'Renew', 'for'),
        m('900011', 'Lambdaname', 'NI', 'against'),
      ],
      intentions: [],
      consistent: true,
    });
  });
});

const vote = (inner: string, attrs = 'Identifier="1" DlvId="2" Date="2030-01-15 12:00:00"') =>
  `<RollCallVote.Result ${attrs}>${inner}</RollCallVote.Result>`;
const desc = (text: string) => `<RollCallVote.Description.Text>${text}</RollCallVote.Description.Text>`;

describe('parseRollCalls tolerance', () => {
  it('handles a single vote with a single member in a single group (no arrays in the XML)', () => {
    const day = parseOk(rcvDocument(vote(desc('X') +
      '<Result.For Number="1"><Result.PoliticalGroup.List Identifier="NI"><PoliticalGroup.Member.Name MepId="7" PersId="70">Solo</PoliticalGroup.Member.Name></Result.PoliticalGroup.List></Result.For>')));
    expect(day.votes).toHaveLength(1);
    expect(day.votes[0].positions).toEqual([{ persId: '70', mepId: '7', name: 'Solo', group: 'NI', position: 'for' }]);
    expect(day.votes[0].tallies).toEqual({ for: 1, against: 0, abstain: 0 });
    expect(day.votes[0].consistent).toBe(true);
  });

  it('counts empty, self-closing and absent sections as 0', () => {
    const day = parseOk(rcvDocument(vote(desc('X') + '<Result.For Number="0"></Result.For><Result.Against Number="0"/>')));
    expect(day.votes[0].tallies).toEqual({ for: 0, against: 0, abstain: 0 });
    expect(day.votes[0].positions).toEqual([]);
    expect(day.votes[0].consistent).toBe(true);
  });

  it('keeps members without PersId (older files) with persId null', () => {
    const day = parseOk(rcvDocument(vote(desc('X') +
      '<Result.Against Number="2"><Result.PoliticalGroup.List Identifier="ID"><PoliticalGroup.Member.Name  MepId="4561">Legacy</PoliticalGroup.Member.Name><PoliticalGroup.Member.Name MepId="4562" PersId="">Blank</PoliticalGroup.Member.Name></Result.PoliticalGroup.List></Result.Against>')));
    expect(day.votes[0].positions).toEqual([
      { persId: null, mepId: '4561', name: 'Legacy', group: 'ID', position: 'against' },
      { persId: null, mepId: '4562', name: 'Blank', group: 'ID', position: 'against' },
    ]);
  });

  it('takes the full text of a term-9 description with an <a> child, in order', () => {
    const a = '<a href="#reds:iPlRc/RC-9-2023-0331" data-rel="reds" redmap-uri="/reds:iPlRc/RC-9-2023-0331">RC-B9-0331/2023</a>';
    const day = parseOk(rcvDocument(vote(desc(`${a} -  Situation in X &amp; Y\n  - § 3/2`))));
    expect(day.votes[0].description).toBe('RC-B9-0331/2023 - Situation in X & Y - § 3/2');
    expect(day.votes[0].documentRef).toBe('RC-B9-0331/2023');
  });

  it('turns <text:line-break/> into a space and decodes character references', () => {
    const day = parseOk(rcvDocument(vote(desc('A10-0006/2025 – Mure&#351;an<text:line-break/>Am 2'))));
    expect(day.votes[0].description).toBe('A10-0006/2025 – Mureşan Am 2');
  });

  it('finds the document label with a hyphen separator and none when the text starts otherwise', () => {
    expect(documentRefOf('A9-0163/2024 - Gabriele Bischoff - Am 1')).toBe('A9-0163/2024');
    expect(documentRefOf('B10-0002/2030 – Motion for a resolution')).toBe('B10-0002/2030');
    expect(documentRefOf('C10-0001/2024')).toBe('C10-0001/2024');
    expect(documentRefOf('Order of business – Wednesday')).toBeNull();
    expect(documentRefOf('A10-0006/20251 – too long')).toBeNull();
    expect(documentRefOf('')).toBeNull();
  });

  it('unescapes group ids and names and normalises whitespace in names', () => {
    const day = parseOk(rcvDocument(vote(desc('X') +
      '<Result.For Number="1"><Result.PoliticalGroup.List Identifier="S&amp;D"><PoliticalGroup.Member.Name  MepId="1" PersId="2">\n  O&apos;Neill   Mary\n</PoliticalGroup.Member.Name></Result.PoliticalGroup.List></Result.For>')));
    expect(day.votes[0].positions[0]).toMatchObject({ group: 'S&D', name: "O'Neill Mary" });
  });

  it('flags a section whose Number disagrees with its members, keeping the stated Number', () => {
    const day = parseOk(rcvDocument(vote(desc('X') +
      '<Result.For Number="3"><Result.PoliticalGroup.List Identifier="PPE"><PoliticalGroup.Member.Name MepId="1" PersId="10">A</PoliticalGroup.Member.Name><PoliticalGroup.Member.Name MepId="2" PersId="20">B</PoliticalGroup.Member.Name></Result.PoliticalGroup.List></Result.For>' +
      '<Result.Against><Result.PoliticalGroup.List Identifier="ECR"><PoliticalGroup.Member.Name MepId="3" PersId="30">C</PoliticalGroup.Member.Name></Result.PoliticalGroup.List></Result.Against>')));
    expect(day.votes[0].tallies).toEqual({ for: 3, against: 1, abstain: 0 });
    expect(day.votes[0].consistent).toBe(false);
  });

  it('reads older votes without DlvId and with a date-only Date', () => {
    const day = parseOk(rcvDocument(vote(desc('A8-0001/2019 - Name - Am 1'), 'Identifier="95123" Number="1." Date="2019-01-15"'), '2019-01-15'));
    expect(day.votes[0]).toMatchObject({ votingId: '95123', dlvId: null, time: '2019-01-15', itemTitle: null, documentRef: 'A8-0001/2019' });
  });

  it('falls back to the first vote date when Sitting.Date is missing', () => {
    const xml = rcvDocument(vote(desc('X'))).replace(' Sitting.Date="2030-01-15"', '');
    expect(parseOk(xml).sittingDate).toBe('2030-01-15');
  });

  it('accepts a day without votes, a byte-order mark and trailing whitespace', () => {
    const day = parseOk(`\uFEFF${rcvDocument('')}\n\n`);
    expect(day).toEqual({ sittingDate: '2030-01-15', sittingIdentifier: '9901', reference: 'P10_PV(2030)01-15', votes: [] });
  });

  it('reads intentions in every position, also when a block holds one member', () => {
    const day = parseOk(rcvDocument(vote(desc('X') +
      '<Intentions Code="100"><Intentions.Result.Against><Member.Name MepId="1" PersId="11">One</Member.Name></Intentions.Result.Against>' +
      '<Intentions.Result.For><Member.Name MepId="2" PersId="22">Two</Member.Name><Member.Name MepId="3">Three</Member.Name></Intentions.Result.For></Intentions>')));
    expect(day.votes[0].intentions).toEqual([
      { persId: '22', mepId: '2', name: 'Two', position: 'for' },
      { persId: null, mepId: '3', name: 'Three', position: 'for' },
      { persId: '11', mepId: '1', name: 'One', position: 'against' },
    ]);
    expect(day.votes[0].tallies).toEqual({ for: 0, against: 0, abstain: 0 });
  });
});

describe('parseRollCalls refuses what is not a complete RCV file', () => {
  it('refuses an HTML page (e.g. a WAF challenge)', () => {
    const e = parseError('<!DOCTYPE html><html><head><title>Just a moment…</title></head><body><p>Checking</p></body></html>');
    expect(e.code).toBe('wrong_document');
    expect(e.message).toContain('<html>');
  });

  it('refuses plain text, JSON and an empty body', () => {
    for (const body of ['Service unavailable', '{"error":true}', '']) expect(parseError(body).code).toBe('wrong_document');
  });

  it('refuses the synthetic canonical layout (singular root) rather than reading invented attributes', () => {
    const e = parseError(sample('canonical-doceo-rcv.xml'));
    expect(e.code).toBe('wrong_document');
    expect(e.message).toContain('<PV.RollCallVoteResult>');
  });

  it('refuses a VOT file', () => {
    expect(parseError(sample('handwritten-real-layout-vot.xml')).code).toBe('wrong_document');
  });

  it('refuses a cut-off download, whether it stops in text or inside a tag', () => {
    const full = sample('handwritten-real-layout-rcv.xml');
    const inText = full.slice(0, full.indexOf('Gammaname') + 3);
    expect(parseError(inText).code).toBe('truncated');
    const inTag = full.slice(0, full.indexOf('MepId="9005"') + 4);
    expect(['truncated', 'malformed']).toContain(parseError(inTag).code);
  });

  it('refuses a vote without Identifier and a file without any date', () => {
    expect(parseError(rcvDocument(vote(desc('X'), 'DlvId="2"'))).code).toBe('missing_field');
    expect(parseError(rcvDocument('').replace(' Sitting.Date="2030-01-15"', '')).code).toBe('missing_field');
  });
});
