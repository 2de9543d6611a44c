import { describe, expect, it } from 'vitest';
import { PlenarySittingSchema, sittingFromRecord } from '../../src/ep/sitting.ts';
import { meetingItem } from './fixtures.ts';

describe('plenary sittings', () => {
  it('reads the meetings item with its prefixed typed date', () => {
    const s = sittingFromRecord(meetingItem);
    expect(s).toEqual({
      id: 'MTG-PL-2014-01-13', date: '2014-01-13', location: 'Strasbourg', locationCode: 'FRA_SXB',
      label: 'Monday, 13 January 2014', term: 7, type: 'PLENARY_SITTING',
      start: '2014-01-13T01:00:00+01:00', end: '2014-01-13T23:00:00+01:00',
    });
    expect(PlenarySittingSchema.parse(s)).toEqual(s);
  });
  it('labels in the requested language; Brussels; date from the id when missing', () => {
    expect(sittingFromRecord(meetingItem, { lang: 'fr' })?.label).toBe('Lundi 13 janvier 2014');
    const bxl = sittingFromRecord({
      id: 'eli/dl/event/MTG-PL-2024-04-10', type: 'Activity',
      hasLocality: 'http://publications.europa.eu/resource/authority/place/BEL_BRU',
    });
    expect(bxl).toMatchObject({ id: 'MTG-PL-2024-04-10', date: '2024-04-10', location: 'Brussels', label: null, term: null });
    expect(sittingFromRecord({ type: 'Activity' })).toBeNull();
  });
});
