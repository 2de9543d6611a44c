import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors.ts';
import {
  EpPayloadError, asArray, asNumber, asString, envelopeTotal, epUrl, field, firstItem, idTail, idsOf, isHollow, items,
  langText, readDate, toIsoDate, typeIncludes,
} from '../../src/ep/jsonld.ts';
import { CONTEXT, envelope, meetingItem, mepCurrentItem } from './fixtures.ts';

describe('langText', () => {
  const map = { en: 'Monday, 13 January 2014', fr: 'Lundi 13 janvier 2014' };
  it('falls back requested → en → mul → first', () => {
    expect(langText(map, 'fr')).toBe('Lundi 13 janvier 2014');
    expect(langText(map, 'de')).toBe('Monday, 13 January 2014');
    expect(langText({ mul: 'ECON', fr: 'x' }, 'de')).toBe('ECON');
    expect(langText({ es: 'Modificación', it: 'Modifica' }, 'de')).toBe('Modificación');
    expect(langText(map)).toBe('Monday, 13 January 2014');
  });
  it('reads @language/@value arrays, single objects and plain strings', () => {
    const arr = [{ '@language': 'fr', '@value': 'Président' }, { '@language': 'en', '@value': 'Chair' }];
    expect(langText(arr, 'fr')).toBe('Président');
    expect(langText(arr, 'pl')).toBe('Chair');
    expect(langText({ '@language': 'de', '@value': 'Vorsitz' }, 'en')).toBe('Vorsitz');
    expect(langText('Elio DI RUPO', 'fr')).toBe('Elio DI RUPO');
  });
  it('takes the first of several values for one language and skips empty ones', () => {
    expect(langText({ hr: ['Predsjednik', 'Predsjednica'] }, 'hr')).toBe('Predsjednik');
    expect(langText({ fr: '', en: 'Chair' }, 'fr')).toBe('Chair');
    expect(langText(undefined, 'en')).toBeNull();
    expect(langText({}, 'en')).toBeNull();
  });
});

describe('dates', () => {
  it('reads plain, date-time and typed values, and the prefixed key', () => {
    expect(readDate({ activity_date: '2024-04-24' }, 'activity_date')).toBe('2024-04-24');
    expect(readDate(meetingItem, 'activity_date')).toBe('2014-01-13');
    expect(readDate({ activity_date: { '@value': '2024-04-24', type: 'xsd:date' } }, 'activity_date')).toBe('2024-04-24');
    expect(readDate({ issued: '2024-04-05T10:00:00+02:00' }, 'issued')).toBe('2024-04-05');
  });
  it('keeps the calendar date as written (no shift to UTC)', () => {
    expect(toIsoDate('2014-01-13T00:00:00+01:00')).toBe('2014-01-13');
    expect(toIsoDate('2024-01-01T23:30:00-05:00')).toBe('2024-01-01');
    expect(toIsoDate('2024-04-24+01:00')).toBe('2024-04-24');
  });
  it('returns null for missing or bad dates', () => {
    expect(readDate({}, 'activity_date')).toBeNull();
    expect(toIsoDate('2024-02-30')).toBeNull();
    expect(toIsoDate('24/04/2024')).toBeNull();
    expect(toIsoDate(20240424)).toBeNull();
  });
});

describe('scalar and link readers', () => {
  it('asArray / asString / asNumber', () => {
    expect(asArray(undefined)).toEqual([]);
    expect(asArray('x')).toEqual(['x']);
    expect(asArray(['x'])).toEqual(['x']);
    expect(asString('  ')).toBeNull();
    expect(asString(['', 'b'])).toBe('b');
    expect(asString({ '@value': 'v' })).toBe('v');
    expect(asNumber(499)).toBe(499);
    expect(asNumber('499')).toBe(499);
    expect(asNumber(' 12.5 ')).toBe(12.5);
    expect(asNumber('12a')).toBeNull();
    expect(asNumber(NaN)).toBeNull();
    expect(asNumber({ '@value': '7' })).toBe(7);
  });
  it('idTail and idsOf', () => {
    expect(idTail('person/1294')).toBe('1294');
    expect(idTail('http://publications.europa.eu/resource/authority/country/BEL')).toBe('BEL');
    expect(idTail('def/ep-roles/CHAIR_VICE')).toBe('CHAIR_VICE');
    expect(idTail({ id: 'org/6562' })).toBe('6562');
    expect(idTail('https://data.europarl.europa.eu/person/1294')).toBe('1294');
    expect(idsOf(['eli/dl/doc/A', { id: 'eli/dl/doc/B', type: 'Work' }, 3, null])).toEqual(['eli/dl/doc/A', 'eli/dl/doc/B', '3']);
  });
  it('typeIncludes accepts a string or an array', () => {
    expect(typeIncludes({ type: 'Person' }, 'Person')).toBe(true);
    expect(typeIncludes({ type: ['Concept', 'ParticipationRole'] }, 'ParticipationRole')).toBe(true);
    expect(typeIncludes({ type: 'Decision' }, 'Person')).toBe(false);
    expect(typeIncludes({}, 'Person')).toBe(false);
  });
  it('field reads plain or prefixed keys, plain first', () => {
    expect(field(mepCurrentItem, 'political-group')).toBe('S&D');
    expect(field(mepCurrentItem, 'country-of-representation')).toBe('BE');
    expect(field({ 'political-group': 'PPE', 'api:political-group': 'S&D' }, 'political-group')).toBe('PPE');
    expect(field({ 'political-group': null, 'api:political-group': 'S&D' }, 'political-group')).toBe('S&D');
    expect(field({ 'eli-dl:decision_outcome': 'x' }, 'decision_outcome')).toBe('x');
    expect(field({ notpolitical: 1 }, 'political')).toBeUndefined();
  });
  it('epUrl makes distribution paths absolute', () => {
    expect(epUrl('distribution/reds_iPlRp/A-9-2024-0163/A-9-2024-0163_en.pdf'))
      .toBe('https://data.europarl.europa.eu/distribution/reds_iPlRp/A-9-2024-0163/A-9-2024-0163_en.pdf');
  });
});

describe('envelopes', () => {
  it('returns the data array of an envelope, parsed or as text', () => {
    const body = envelope(mepCurrentItem);
    expect(items(body)).toEqual([mepCurrentItem]);
    expect(items(JSON.stringify(body))).toEqual([mepCurrentItem]);
    expect(firstItem(body)).toEqual(mepCurrentItem);
  });
  it('treats 204 / zero-byte / whitespace / null / empty data as no items', () => {
    for (const empty of [undefined, null, '', '  \n', { data: [], '@context': CONTEXT }, { data: null }]) {
      expect(items(empty)).toEqual([]);
    }
    expect(firstItem('')).toBeNull();
  });
  it('drops non-record entries and accepts a bare @graph', () => {
    expect(items({ data: [mepCurrentItem, 'junk', null, 3] })).toEqual([mepCurrentItem]);
    expect(items({ '@graph': [mepCurrentItem] })).toEqual([mepCurrentItem]);
  });
  it('throws a transient error carrying the inner status for an error-in-body payload', () => {
    const body = { error: '502 Bad Gateway from POST http://internal:8080/enrich' };
    let err: unknown;
    try {
      items(body);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EpPayloadError);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ code: 'error_in_body', status: 502, transient: true });
    expect(() => items(JSON.stringify({ error: '404 Not Found from POST …' }))).toThrow(expect.objectContaining({ status: 404 }));
    const noCode = (() => { try { items({ error: 'enrichment failed' }); } catch (e) { return e as EpPayloadError; } })();
    expect(noCode?.code).toBe('error_in_body');
    expect(noCode?.status).toBeUndefined();
  });
  it('throws bad_payload for garbage', () => {
    for (const junk of ['<html>Access denied</html>', '{"data": [', 42, true, { foo: 'bar' }]) {
      expect(() => items(junk), JSON.stringify(junk)).toThrow(EpPayloadError);
      try { items(junk); } catch (e) { expect((e as EpPayloadError).code).toBe('bad_payload'); }
    }
  });
  it('reads meta.total and spots hollow detail records', () => {
    expect(envelopeTotal({ data: [], meta: { total: 10000 } })).toBe(10000);
    expect(envelopeTotal(envelope())).toBeNull();
    expect(isHollow({ id: 'eli/dl/doc/TA-10-2025-0001', type: 'Work', identifier: 'TA-10-2025-0001' })).toBe(true);
    expect(isHollow(mepCurrentItem)).toBe(false);
  });
});
