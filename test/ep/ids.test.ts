import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CommitteeRefSchema, CountrySchema, DateSchema, DocIdSchema, GROUPS, GroupSchema, LanguageSchema, MepIdSchema,
  ProcedureIdSchema, SittingIdSchema, TermSchema, YearSchema,
  docFamily, docLabel, dlvIdOf, parseCommitteeRef, parseCountry, parseDate, parseDocRef, parseGroup,
  parseLanguage, parseMepId, parseProcedureId, parseProcedureRef, parseSittingId, parseTerm, parseYear,
  procedureLabel, questionLabel, sittingIdOf, termForDate,
} from '../../src/ep/ids.ts';

// Inputs that must never get through any parser: path traversal, query and
// SQL-ish suffixes, encoded slashes, control characters, non-strings.
const HOSTILE = [
  '1294/../../x', '../1294', '1294?format=x', '1294#x', '1294;DROP', '1294%2F..', '12\n94', '1294\u0000', 'person/1294/extra',
  '2024-0001;DROP', '2024-0001/../../meps', 'MTG-PL-2024-13-45', 'MTG-PL-2024-07-16/../x', 'A-10-2024-0001/..',
  'ENVI/../meps', 'ENVI?x=1', 'BE,FR', '', '   ', 'x'.repeat(500), null, undefined, {}, [], -1, 1.5,
];

describe('hostile input', () => {
  const parsers = {
    parseMepId, parseSittingId, parseProcedureId, parseCommitteeRef, parseCountry, parseDate,
    parseYear, parseTerm, parseLanguage, parseGroup, parseDocRef,
  };
  for (const [name, parse] of Object.entries(parsers)) {
    it(`${name} rejects traversal, injection and junk`, () => {
      for (const input of HOSTILE) expect(parse(input), `${name}(${JSON.stringify(input)})`).toBeNull();
    });
  }
});

describe('MEP ids', () => {
  it('accepts the three user forms and returns the bare number', () => {
    expect(parseMepId('1294')).toBe('1294');
    expect(parseMepId('person/1294')).toBe('1294');
    expect(parseMepId('MEP-1294')).toBe('1294');
    expect(parseMepId('mep-1294')).toBe('1294');
    expect(parseMepId(' 124936 ')).toBe('124936');
    expect(parseMepId(257118)).toBe('257118');
    expect(parseMepId('001294')).toBe('1294');
  });
  it('rejects other shapes', () => {
    for (const bad of ['0', 'abc', '12345678', 'person/', 'MEP-', 'org/1294', 'person:1294', '12 94', '-1294', '1294.0']) {
      expect(parseMepId(bad), bad).toBeNull();
    }
  });
});

describe('plenary sittings', () => {
  it('accepts real dates in MTG-PL form, also the JSON-LD id', () => {
    expect(parseSittingId('MTG-PL-2024-07-16')).toBe('MTG-PL-2024-07-16');
    expect(parseSittingId('eli/dl/event/MTG-PL-2024-07-16')).toBe('MTG-PL-2024-07-16');
    expect(parseSittingId('mtg-pl-2024-02-29')).toBe('MTG-PL-2024-02-29');
  });
  it('rejects impossible dates and other activity ids', () => {
    for (const bad of ['MTG-PL-2024-13-45', 'MTG-PL-2023-02-29', 'MTG-PL-2024-04-31', 'MTG-PL-2024-7-16', 'MTG-PL-2024-04-24-VOT-ITM-946131', '2024-07-16']) {
      expect(parseSittingId(bad), bad).toBeNull();
    }
  });
  it('finds the sitting and DlvId inside activity ids', () => {
    expect(sittingIdOf('MTG-PL-2024-04-24-VOT-ITM-946131')).toBe('MTG-PL-2024-04-24');
    expect(sittingIdOf('eli/dl/event/MTG-PL-2024-04-24')).toBe('MTG-PL-2024-04-24');
    expect(sittingIdOf('2024-2006-ANPRO-2024-04-10')).toBeNull();
    expect(dlvIdOf('MTG-PL-2024-04-24-VOT-ITM-946131')).toBe('946131');
    expect(dlvIdOf('MTG-PL-2014-01-16-VOT-ITM-344715-3')).toBe('344715');
    expect(dlvIdOf('MTG-PL-2024-04-24-OJ-ITM-V-148')).toBeNull();
  });
});

describe('procedures', () => {
  it('converts the human reference to the API form and keeps the label', () => {
    expect(parseProcedureRef('2024/0001(COD)')).toEqual({ id: '2024-0001', type: 'COD', label: '2024/0001(COD)' });
    expect(parseProcedureRef('2024/2006 (reg)')).toEqual({ id: '2024-2006', type: 'REG', label: '2024/2006(REG)' });
    expect(parseProcedureRef('2024-0001')).toEqual({ id: '2024-0001', type: null, label: '2024/0001' });
    expect(parseProcedureId('eli/dl/proc/2018-0218')).toBe('2018-0218');
    expect(parseProcedureId('2016-0280a')).toBe('2016-0280A');
    expect(procedureLabel('2024-2006', 'REG')).toBe('2024/2006(REG)');
  });
  it('rejects malformed references', () => {
    for (const bad of ['2024-0001;DROP', '2024/0001(CODX)', '2024/001(COD)', '24-0001', '2024-00011', '2024_0001', '2024/0001(COD)x']) {
      expect(parseProcedureId(bad), bad).toBeNull();
    }
  });
});

describe('documents', () => {
  it('maps each id format to its endpoint family', () => {
    const cases: Array<[string, string]> = [
      ['A-10-2024-0001', 'plenary-documents'],
      ['B-10-2024-0020', 'plenary-documents'],
      ['RC-10-2025-0260', 'plenary-documents'],
      ['TA-9-2024-0315', 'adopted-texts'],
      ['C-9-2022-0123', 'documents'],
      ['A-10-2026-0070-AM-019-019', 'documents'],
      ['AFCO-PA-745315', 'committee-documents'],
      ['INTA-AM-779461', 'committee-documents'],
      ['PV-9-2023-11-21', 'plenary-session-documents'],
      ['PV-9-2024-04-24-VOT-ITM-001', 'plenary-session-documents'],
      ['CRE-9-2022-04-05-ITM-003', 'plenary-session-documents'],
      ['OJQ-10-2026-03-26', 'plenary-session-documents'],
      ['E-10-2024-001357', 'parliamentary-questions'],
      ['E-9-2022-000342', 'parliamentary-questions'],
      ['E-10-2024-001357-ASW', 'documents'],
    ];
    for (const [id, family] of cases) {
      expect(docFamily(id), id).toBe(family);
      expect(parseDocRef(id), id).toEqual({ id, family });
    }
  });
  it('accepts the JSON-LD id and human labels', () => {
    expect(parseDocRef('eli/dl/doc/A-9-2024-0163')?.id).toBe('A-9-2024-0163');
    expect(parseDocRef('A10-0001/2024')?.id).toBe('A-10-2024-0001');
    expect(parseDocRef('B10-0020/2024')?.id).toBe('B-10-2024-0020');
    expect(parseDocRef('RC-B10-0260/2025')?.id).toBe('RC-10-2025-0260');
    expect(parseDocRef('P9_A(2024)0163')?.id).toBe('A-9-2024-0163');
    expect(parseDocRef('P9_TA(2024)0315')).toEqual({ id: 'TA-9-2024-0315', family: 'adopted-texts' });
    expect(parseDocRef('a-10-2024-0001')?.id).toBe('A-10-2024-0001');
  });
  it('labels ids the human way', () => {
    expect(docLabel('A-10-2024-0001')).toBe('A10-0001/2024');
    expect(docLabel('RC-10-2025-0260')).toBe('RC-B10-0260/2025');
    expect(docLabel('TA-9-2024-0315')).toBe('T9-0315/2024');
    expect(questionLabel('E-10-2024-001357')).toBe('E-001357/2024');
  });
  it('rejects unknown shapes and impossible session dates', () => {
    for (const bad of ['A-10-2024-001', 'X-10-2024-0001', 'PV-9-2023-02-30', 'PV-9-2023-11-21-../x', 'AFCO-PA-74531', 'E-10-2024-1357', 'A-10-2024-0001 OR 1=1']) {
      expect(parseDocRef(bad), bad).toBeNull();
    }
  });
});

describe('committees', () => {
  it('accepts abbreviations and numeric body ids', () => {
    expect(parseCommitteeRef('ENVI')).toEqual({ kind: 'abbreviation', abbreviation: 'ENVI' });
    expect(parseCommitteeRef('envi')).toEqual({ kind: 'abbreviation', abbreviation: 'ENVI' });
    expect(parseCommitteeRef('CJ01')).toEqual({ kind: 'abbreviation', abbreviation: 'CJ01' });
    expect(parseCommitteeRef('7913')).toEqual({ kind: 'id', id: '7913' });
    expect(parseCommitteeRef('org/6562')).toEqual({ kind: 'id', id: '6562' });
  });
  it('rejects other shapes', () => {
    for (const bad of ['E', 'ENVIRONMENT', 'EN-VI', '1234567', 'ENVI1']) expect(parseCommitteeRef(bad), bad).toBeNull();
  });
});

describe('countries', () => {
  it('normalises to EP ISO-2', () => {
    expect(parseCountry('BE')).toBe('BE');
    expect(parseCountry('be')).toBe('BE');
    expect(parseCountry('GR')).toBe('EL');
    expect(parseCountry('EL')).toBe('EL');
    expect(parseCountry('UK')).toBe('UK');
    expect(parseCountry('GB')).toBe('UK');
    expect(parseCountry('Germany')).toBe('DE');
    expect(parseCountry('DEU')).toBe('DE');
    expect(parseCountry('http://publications.europa.eu/resource/authority/country/BEL')).toBe('BE');
  });
  it('rejects non-members and junk', () => {
    for (const bad of ['US', 'XX', 'B', 'B-E', 'BE FR', 'Atlantis']) expect(parseCountry(bad), bad).toBeNull();
  });
});

describe('dates, years, terms, languages', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('2000-02-29')).toBe('2000-02-29');
    for (const bad of ['2023-02-29', '1900-02-29', '2024-13-01', '2024-00-10', '2024-1-1', '2024-01-01T00:00:00Z', '20240101']) {
      expect(parseDate(bad), bad).toBeNull();
    }
  });
  it('years and terms', () => {
    expect(parseYear('2024')).toBe(2024);
    expect(parseYear(2024)).toBe(2024);
    expect(parseYear('1800')).toBeNull();
    expect(parseYear('24')).toBeNull();
    expect(parseTerm('10')).toBe(10);
    expect(parseTerm(9)).toBe(9);
    expect(parseTerm('org/ep-7')).toBe(7);
    expect(parseTerm('0')).toBeNull();
    expect(parseTerm('11')).toBeNull();
    expect(termForDate('2024-07-15')).toBe(9);
    expect(termForDate('2024-07-16')).toBe(10);
    expect(termForDate('1970-01-01')).toBeNull();
  });
  it('languages: the 24 EU codes, any case', () => {
    expect(parseLanguage('en')).toBe('en');
    expect(parseLanguage('GA')).toBe('ga');
    expect(parseLanguage('mul')).toBeNull();
    expect(parseLanguage('eng')).toBeNull();
    expect(parseLanguage('no')).toBeNull();
  });
});

describe('political groups', () => {
  it('normalises what users type to one canonical code', () => {
    const cases: Array<[string, string]> = [
      ['EPP', 'PPE'], ['PPE', 'PPE'], ['epp', 'PPE'], ['org/PPE', 'PPE'],
      ['S&D', 'S&D'], ['S-D', 'S&D'], ['s&d', 'S&D'], ['S&amp;D', 'S&D'], ['org/S-D', 'S&D'],
      ['Greens/EFA', 'Verts/ALE'], ['VERTS-ALE', 'Verts/ALE'], ['Verts/ALE', 'Verts/ALE'],
      ['GUE/NGL', 'The Left'], ['The Left', 'The Left'], ['THE-LEFT', 'The Left'],
      ['Renew', 'Renew'], ['RENEW', 'Renew'], ['Renew Europe', 'Renew'],
      ['ID', 'ID'], ['PfE', 'PfE'], ['PFE', 'PfE'], ['Patriots', 'PfE'], ['Patriots for Europe', 'PfE'],
      ['ESN', 'ESN'], ['ECR', 'ECR'], ['NI', 'NI'], ['non-attached', 'NI'], ['Non-attached Members', 'NI'],
    ];
    for (const [input, code] of cases) expect(parseGroup(input), input).toBe(code);
  });
  it('rejects unknown groups', () => {
    for (const bad of ['XYZ', 'EPP;DROP', 'S', '']) expect(parseGroup(bad), bad).toBeNull();
  });
  it('maps codes to the API param, participation org id and English names', () => {
    expect(GROUPS['S&D']).toMatchObject({ apiParam: 'S-D', orgId: 'org/S-D', display: 'S&D' });
    expect(GROUPS.PPE).toMatchObject({ apiParam: 'PPE', orgId: 'org/PPE', display: 'EPP' });
    expect(GROUPS['Verts/ALE']).toMatchObject({ apiParam: 'VERTS-ALE', orgId: 'org/VERTS-ALE', display: 'Greens/EFA' });
    expect(GROUPS['The Left']).toMatchObject({ apiParam: 'THE-LEFT', orgId: 'org/THE-LEFT' });
    expect(GROUPS.Renew.apiParam).toBe('RENEW');
    expect(GROUPS.PfE.apiParam).toBeNull();
    expect(GROUPS.ESN.apiParam).toBeNull();
    for (const g of Object.values(GROUPS)) expect(parseGroup(g.orgId)).toBe(g.code);
  });
});

describe('zod input schemas', () => {
  it('transform valid input and explain invalid input', () => {
    expect(MepIdSchema.parse('person/1294')).toBe('1294');
    expect(SittingIdSchema.parse('MTG-PL-2024-07-16')).toBe('MTG-PL-2024-07-16');
    expect(ProcedureIdSchema.parse('2024/0001(COD)')).toBe('2024-0001');
    expect(DocIdSchema.parse('A10-0001/2024')).toEqual({ id: 'A-10-2024-0001', family: 'plenary-documents' });
    expect(CommitteeRefSchema.parse('envi')).toEqual({ kind: 'abbreviation', abbreviation: 'ENVI' });
    expect(CountrySchema.parse('GR')).toBe('EL');
    expect(DateSchema.parse('2024-02-29')).toBe('2024-02-29');
    expect(YearSchema.parse('2024')).toBe(2024);
    expect(TermSchema.parse('10')).toBe(10);
    expect(LanguageSchema.parse('FR')).toBe('fr');
    expect(GroupSchema.parse('Greens/EFA')).toBe('Verts/ALE');

    const r = MepIdSchema.safeParse('1294/../../x');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toBe('expected an MEP id such as 1294 or person/1294');
    expect(SittingIdSchema.safeParse('MTG-PL-2024-13-45').error?.issues[0].message).toMatch(/MTG-PL-2024-07-16/);
    expect(ProcedureIdSchema.safeParse('2024-0001;DROP').success).toBe(false);
    expect(MepIdSchema.safeParse(1294).success).toBe(false);
  });
  it('describe themselves as plain strings in JSON Schema (tool inputSchema)', () => {
    const schema = z.object({ id: MepIdSchema, group: GroupSchema.optional() });
    const json = z.toJSONSchema(schema, { io: 'input' }) as { properties: Record<string, { type: string; description?: string }> };
    expect(json.properties.id.type).toBe('string');
    expect(json.properties.id.description).toMatch(/person\/1294/);
  });
});
