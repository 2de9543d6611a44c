import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { doceoPath, doceoPathForDate, termForSittingDate } from '../../src/doceo/url.ts';

describe('doceoPath', () => {
  it('builds the file name relative to the DOCEO base', () => {
    expect(doceoPath(10, '2024-09-18', 'RCV')).toBe('document/PV-10-2024-09-18-RCV_EN.xml');
    expect(doceoPath(9, '2024-04-24', 'VOT', 'FR')).toBe('document/PV-9-2024-04-24-VOT_FR.xml');
  });

  it('matches the fake upstream route pattern', () => {
    expect(`/doceo/${doceoPath(10, '2025-03-12', 'VOT')}`).toMatch(/^\/doceo\/document\/PV-(\d{1,2})-(\d{4}-\d{2}-\d{2})-(RCV|VOT)_(EN|FR)\.xml$/);
  });

  it('refuses bad terms, dates, kinds and languages', () => {
    for (const term of [0, 11, 9.5, Number.NaN]) expect(() => doceoPath(term, '2024-09-18', 'RCV')).toThrow(UserError);
    for (const date of ['2024-02-30', '2024-9-18', '18/09/2024', '2024-09-18T00:00', '../x']) expect(() => doceoPath(10, date, 'RCV')).toThrow(UserError);
    expect(() => doceoPath(10, '2024-09-18', 'PV' as 'RCV')).toThrow(/RCV or VOT/);
    expect(() => doceoPath(10, '2024-09-18', 'RCV', 'DE' as 'EN')).toThrow(/EN or FR/);
  });
});

describe('termForSittingDate', () => {
  it('knows the term boundaries', () => {
    expect(termForSittingDate('2024-07-16')).toBe(10);
    expect(termForSittingDate('2024-07-15')).toBe(9);
    expect(termForSittingDate('2019-07-02')).toBe(9);
    expect(termForSittingDate('2019-07-01')).toBe(8);
    expect(termForSittingDate('2014-07-01')).toBe(8);
    expect(termForSittingDate('2014-06-30')).toBe(7);
    expect(termForSittingDate('1979-07-17')).toBe(1);
  });

  it('refuses dates before 1979-07-17 and bad dates', () => {
    expect(() => termForSittingDate('1979-07-16')).toThrow(UserError);
    expect(() => termForSittingDate('2024-13-01')).toThrow(UserError);
  });

  it('derives the term for a path', () => {
    expect(doceoPathForDate('2024-04-24', 'RCV')).toBe('document/PV-9-2024-04-24-RCV_EN.xml');
  });
});
