import { describe, expect, it } from 'vitest';
import { CommitteeSchema, buildOrgLookup, committeeFromRecord, resolveCommittee } from '../../src/ep/committee.ts';
import { parseCommitteeRef } from '../../src/ep/ids.ts';
import { orgLabel } from '../../src/ep/labels.ts';
import { committeeDetail, committeeListItem } from './fixtures.ts';

const currentEcon = {
  id: 'org/6570', type: 'Organization', identifier: '6570', label: 'ECON',
  temporal: { startDate: '2024-07-16' },
  prefLabel: { en: 'Committee on Economic and Monetary Affairs', de: 'Ausschuss für Wirtschaft und Währung' },
  classification: 'def/ep-entities/COMMITTEE_PARLIAMENTARY_STANDING',
};

describe('committees', () => {
  it('reads the historic ECON detail record', () => {
    const c = committeeFromRecord(committeeDetail, { asOf: '2025-01-01' });
    expect(c).toEqual({
      id: '1', abbreviation: 'ECON',
      name: 'Committee on Economic and Monetary Affairs and Industrial Policy',
      shortName: 'Economic and Monetary Affairs',
      classification: 'COMMITTEE_PARLIAMENTARY_STANDING',
      start: '1989-07-26', end: '1992-01-14', current: false,
    });
    expect(CommitteeSchema.parse(c)).toEqual(c);
    expect(committeeFromRecord(committeeDetail, { lang: 'fr' })?.name).toBe('Commission économique, monétaire et de la politique industrielle');
    expect(committeeFromRecord(committeeDetail, { asOf: '1990-01-01' })?.current).toBe(true);
  });
  it('list items have no period: current only when the caller says so (show-current)', () => {
    expect(committeeFromRecord(committeeListItem)).toMatchObject({ id: '1', abbreviation: 'ECON', name: null, current: false });
    expect(committeeFromRecord(committeeListItem, { current: true })?.current).toBe(true);
  });
  it('resolves an abbreviation to the current body, not the historic one (Q13)', () => {
    const all = [committeeDetail, currentEcon].map((r) => committeeFromRecord(r, { asOf: '2025-01-01' })!);
    expect(resolveCommittee(all, parseCommitteeRef('econ')!)?.id).toBe('6570');
    expect(resolveCommittee(all, parseCommitteeRef('1')!)?.id).toBe('1');
    expect(resolveCommittee(all, parseCommitteeRef('ENVI')!)).toBeNull();
  });
  it('builds an org lookup keyed by numeric id and by abbreviation', () => {
    const orgs = buildOrgLookup([committeeDetail, currentEcon, committeeListItem], { asOf: '2025-01-01', lang: 'de' });
    expect(orgs.get('org/6570')).toEqual({ abbreviation: 'ECON', name: 'Ausschuss für Wirtschaft und Währung' });
    expect(orgs.get('org/ECON')?.name).toBe('Ausschuss für Wirtschaft und Währung');
    expect(orgs.get('org/1')?.abbreviation).toBe('ECON');
    expect(orgLabel(orgs, 'org/ECON')).toEqual({ id: 'ECON', abbreviation: 'ECON', name: 'Ausschuss für Wirtschaft und Währung' });
    expect(orgLabel(orgs, 'org/AFCO')).toEqual({ id: 'AFCO', abbreviation: 'AFCO', name: null });
    expect(orgLabel(orgs, 'org/9999')).toEqual({ id: '9999', abbreviation: null, name: null });
  });
});
