import { describe, expect, it } from 'vitest';
import { buildOrgLookup } from '../../src/ep/committee.ts';
import { MepSchema, mepFromDetail, mepFromListItem } from '../../src/ep/mep.ts';
import type { JsonRecord } from '../../src/ep/jsonld.ts';
import { mepCurrentItem, mepDetail, mepListItem } from './fixtures.ts';

const orgs = buildOrgLookup([
  { id: 'org/6562', type: 'Organization', identifier: '6562', label: 'AFET', prefLabel: { en: 'Committee on Foreign Affairs', fr: 'Commission des affaires étrangères' }, classification: 'def/ep-entities/COMMITTEE_PARLIAMENTARY_STANDING' },
  { id: 'org/7913', type: 'Organization', identifier: '7913', label: 'ENVI', prefLabel: { en: 'Committee on the Environment, Climate and Food Safety' }, classification: 'def/ep-entities/COMMITTEE_PARLIAMENTARY_STANDING' },
  { id: 'org/5704', type: 'Organization', identifier: '5704', label: 'S&D', prefLabel: { en: 'Group of the Progressive Alliance of Socialists and Democrats in the European Parliament' }, classification: 'def/ep-entities/EU_POLITICAL_GROUP' },
  { id: 'org/4000', type: 'Organization', identifier: '4000', label: 'PPE', classification: 'def/ep-entities/EU_POLITICAL_GROUP' },
  { id: 'org/7100', type: 'Organization', identifier: '7100', label: 'PS', prefLabel: { mul: 'Parti Socialiste' }, classification: 'def/ep-entities/NATIONAL_POLITICAL_GROUP' },
]);

/** The facts-sheet detail record plus group, party, a chair seat and an ended seat. */
const richDetail: JsonRecord = {
  ...mepDetail,
  bday: '1951-07-18',
  hasMembership: [
    ...(mepDetail.hasMembership as JsonRecord[]),
    { id: 'membership/1294-f-1', type: 'Membership', memberDuring: { startDate: '2024-07-16' }, organization: 'org/5704', role: 'def/ep-roles/MEMBER', membershipClassification: 'def/ep-entities/EU_POLITICAL_GROUP' },
    { id: 'membership/1294-f-0', type: 'Membership', memberDuring: { startDate: '2019-07-02', endDate: '2024-07-15' }, organization: 'org/4000', role: 'def/ep-roles/MEMBER', membershipClassification: 'def/ep-entities/EU_POLITICAL_GROUP' },
    { id: 'membership/1294-f-2', type: 'Membership', memberDuring: { startDate: '2024-07-16' }, organization: 'org/7100', role: 'def/ep-roles/MEMBER', membershipClassification: 'def/ep-entities/NATIONAL_POLITICAL_GROUP' },
    { id: 'membership/1294-f-3', type: 'Membership', memberDuring: { startDate: '2025-01-20' }, organization: 'org/7913', role: 'def/ep-roles/CHAIR_VICE', membershipClassification: 'def/ep-entities/COMMITTEE_PARLIAMENTARY_STANDING' },
    { id: 'membership/1294-f-4', type: 'Membership', memberDuring: { startDate: '2024-07-19', endDate: '2024-12-31' }, organization: 'org/6564', role: 'def/ep-roles/CHAIR', membershipClassification: 'def/ep-entities/COMMITTEE_PARLIAMENTARY_STANDING' },
    { id: 'membership/1294-f-5', type: 'Membership', memberDuring: { startDate: '2024-09-01' }, organization: 'org/6800', role: 'def/ep-roles/MEMBER_SUBSTITUTE', membershipClassification: 'def/ep-entities/DELEGATION_PARLIAMENTARY' },
    { id: 'membership/1294-m-1', type: 'Membership', represents: ['http://publications.europa.eu/resource/authority/country/BEL'], memberDuring: { startDate: '2019-07-02', endDate: '2024-07-15' }, organization: 'org/ep-9', role: 'def/ep-roles/MEMBER_PARLIAMENT' },
  ],
};

describe('MEPs from list items', () => {
  it('show-current items carry country and group', () => {
    const mep = mepFromListItem(mepCurrentItem, { active: true });
    expect(mep).toEqual({
      id: '1294', name: 'Elio DI RUPO', givenName: 'Elio', familyName: 'Di Rupo',
      country: 'BE',
      politicalGroup: { code: 'S&D', display: 'S&D', name: 'Group of the Progressive Alliance of Socialists and Democrats in the European Parliament' },
      active: true, committees: [], delegations: [], mandates: [], terms: [], detailed: false,
    });
    expect(MepSchema.parse(mep)).toEqual(mep);
  });
  it('historic `meps` items are minimal', () => {
    const mep = mepFromListItem(mepListItem, { active: false });
    expect(mep).toMatchObject({ id: '1', name: 'Georg JARZEMBOWSKI', country: null, politicalGroup: null, active: false });
  });
  it('unknown group labels are kept as they are; records without an id are skipped', () => {
    expect(mepFromListItem({ ...mepCurrentItem, 'api:political-group': 'XYZ' }, { active: true })?.politicalGroup)
      .toEqual({ code: 'XYZ', display: 'XYZ', name: 'XYZ' });
    expect(mepFromListItem({ type: 'Person', label: 'Nobody' }, { active: true })).toBeNull();
  });
});

describe('MEPs from the detail record', () => {
  it('reads the facts-sheet record (one committee seat, one mandate)', () => {
    const mep = mepFromDetail(mepDetail, { asOf: '2025-06-01', orgs });
    expect(mep).toMatchObject({
      id: '1294', name: 'Elio DI RUPO', country: 'BE', politicalGroup: null, nationalParty: null,
      gender: 'MALE', email: 'elio.dirupo@europarl.europa.eu', photoUrl: 'https://www.europarl.europa.eu/mepphoto/1294.jpg',
      active: true, terms: [10], detailed: true,
      mandates: [{ term: 10, since: '2024-07-16', until: null, country: 'BE' }],
      committees: [{ id: '6562', abbreviation: 'AFET', name: 'Committee on Foreign Affairs', classification: 'COMMITTEE_PARLIAMENTARY_STANDING', role: 'Member', roleCode: 'MEMBER', since: '2024-07-19', until: null, current: true }],
    });
    expect(MepSchema.parse(mep)).toEqual(mep);
  });
  it('labels in the requested language come from the org lookup', () => {
    const frOrgs = buildOrgLookup([{ id: 'org/6562', identifier: '6562', label: 'AFET', prefLabel: { en: 'Committee on Foreign Affairs', fr: 'Commission des affaires étrangères' } }], { lang: 'fr' });
    expect(mepFromDetail(mepDetail, { asOf: '2025-06-01', orgs: frOrgs })?.committees[0].name).toBe('Commission des affaires étrangères');
  });
  it('picks the group, party and seats covering the reference date', () => {
    const mep = mepFromDetail(richDetail, { asOf: '2025-06-01', orgs })!;
    expect(mep.politicalGroup).toMatchObject({ code: 'S&D', display: 'S&D' });
    expect(mep.nationalParty).toBe('Parti Socialiste');
    expect(mep.birthDate).toBe('1951-07-18');
    expect(mep.terms).toEqual([9, 10]);
    expect(mep.committees.map((c) => [c.abbreviation, c.role, c.roleCode])).toEqual([
      ['ENVI', 'Vice-Chair', 'CHAIR_VICE'],
      ['AFET', 'Member', 'MEMBER'],
    ]);
    expect(mep.delegations).toEqual([expect.objectContaining({ id: '6800', abbreviation: null, role: 'Substitute member', current: true })]);
  });
  it('with includePast lists ended seats too, flagged not current', () => {
    const mep = mepFromDetail(richDetail, { asOf: '2025-06-01', orgs, includePast: true })!;
    expect(mep.committees).toHaveLength(3);
    expect(mep.committees.at(-1)).toMatchObject({ id: '6564', role: 'Chair', current: false, until: '2024-12-31' });
  });
  it('on an earlier date shows the earlier group; after the mandates end the MEP is inactive', () => {
    expect(mepFromDetail(richDetail, { asOf: '2020-01-01', orgs })?.politicalGroup?.code).toBe('PPE');
    const ended = mepFromDetail({
      ...mepDetail,
      hasMembership: [
        { organization: 'org/ep-9', role: 'def/ep-roles/MEMBER_PARLIAMENT', memberDuring: { startDate: '2019-07-02', endDate: '2024-07-15' }, represents: 'http://publications.europa.eu/resource/authority/country/GRC' },
        { organization: 'org/4000', membershipClassification: 'def/ep-entities/EU_POLITICAL_GROUP', memberDuring: { startDate: '2019-07-02', endDate: '2024-07-15' } },
      ],
    }, { asOf: '2025-06-01', orgs })!;
    expect(ended.active).toBe(false);
    expect(ended.country).toBe('EL');
    expect(ended.politicalGroup?.code).toBe('PPE'); // last known group
    expect(ended.committees).toEqual([]);
  });
  it('an end date equal to the reference date still counts as current', () => {
    const rec = { ...mepDetail, hasMembership: [{ organization: 'org/ep-10', role: 'def/ep-roles/MEMBER_PARLIAMENT', memberDuring: { startDate: '2024-07-16', endDate: '2025-06-01' } }] };
    expect(mepFromDetail(rec, { asOf: '2025-06-01' })?.active).toBe(true);
    expect(mepFromDetail(rec, { asOf: '2025-06-02' })?.active).toBe(false);
  });
  it('without an org lookup, group ids stay visible rather than guessed', () => {
    const mep = mepFromDetail(richDetail, { asOf: '2025-06-01' })!;
    expect(mep.politicalGroup).toEqual({ code: '5704', display: '5704', name: '5704' });
    expect(mep.committees[0]).toMatchObject({ id: '7913', abbreviation: null, name: null });
  });
});
