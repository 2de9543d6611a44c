import { describe, expect, it } from 'vitest';
import { planReport } from '../../src/report/input.ts';
import { isTransient } from '../../src/report/transient.ts';

const limits = { maxSittings: 8, maxDocuments: 10 };
const plan = (args: object) => planReport(args, limits, '2025-07-11');

describe('report requests', () => {
  it('covers this year up to today by default, a given year, or given dates', () => {
    expect(plan({ reportType: 'MEP_ACTIVITY', subjectId: 'MEP-1294' })).toMatchObject({ subject: '1294', period: { from: '2025-01-01', to: '2025-07-11' }, years: [2025] });
    expect(plan({ reportType: 'COMMITTEE_PERFORMANCE', subjectId: 'envi', year: 2024 })).toMatchObject({ subject: 'ENVI', period: { from: '2024-01-01', to: '2024-12-31' }, years: [2024] });
    expect(plan({ reportType: 'MEP_ACTIVITY', subjectId: '1294', dateFrom: '2023-06-01', dateTo: '2024-02-29' })).toMatchObject({ period: { from: '2023-06-01', to: '2024-02-29' }, years: [2024, 2023] });
  });

  it('reads at most five calendar years, the most recent', () => {
    expect(plan({ reportType: 'MEP_ACTIVITY', subjectId: '1294', dateFrom: '2014-01-01', dateTo: '2024-12-31' }).years).toEqual([2024, 2023, 2022, 2021, 2020]);
  });

  it('covers a sitting or a whole procedure, and refuses dates for them', () => {
    expect(plan({ reportType: 'VOTING_STATISTICS', subjectId: 'MTG-PL-2025-03-12' })).toMatchObject({ period: { from: '2025-03-12', to: '2025-03-12' }, years: [2025] });
    expect(plan({ reportType: 'LEGISLATION_PROGRESS', subjectId: '2024/0166(COD)' })).toMatchObject({ subject: '2024-0166', period: null, years: [] });
    expect(() => plan({ reportType: 'VOTING_STATISTICS', subjectId: 'MTG-PL-2025-03-12', year: 2025 })).toThrow('year, dateFrom and dateTo do not apply to VOTING_STATISTICS: it covers its sitting');
    expect(() => plan({ reportType: 'LEGISLATION_PROGRESS', subjectId: '2024-0166', dateTo: '2025-01-01' })).toThrow('it covers the whole procedure');
  });

  it('names what is wrong', () => {
    expect(() => plan({ reportType: 'MEP_ACTIVITY', subjectId: 'ENVI' })).toThrow("subjectId for MEP_ACTIVITY must be an MEP id such as 1294; got 'ENVI'");
    expect(() => plan({ reportType: 'COMMITTEE_PERFORMANCE', subjectId: '7913' })).toThrow('a committee abbreviation such as ENVI');
    expect(() => plan({ reportType: 'VOTING_STATISTICS', subjectId: 'MTG-PL-2025-02-30' })).toThrow('a plenary sitting such as MTG-PL-2024-04-24');
    expect(() => plan({ reportType: 'LEGISLATION_PROGRESS', subjectId: 'COD' })).toThrow('a procedure such as 2024/0001(COD)');
    expect(() => plan({ reportType: 'MEP_ACTIVITY', subjectId: '1294', year: 2024, dateFrom: '2024-01-01' })).toThrow('give either year or dateFrom/dateTo, not both');
    expect(() => plan({ reportType: 'MEP_ACTIVITY', subjectId: '1294', dateFrom: '2024-13-01' })).toThrow("dateFrom: expected a real date as YYYY-MM-DD; got '2024-13-01'");
    expect(() => plan({ reportType: 'MEP_ACTIVITY', subjectId: '1294', dateFrom: '2024-05-01', dateTo: '2024-04-01' })).toThrow('dateFrom (2024-05-01) is after dateTo (2024-04-01)');
    expect(() => plan({ reportType: 'MEP_SUMMARY', subjectId: '1294' })).toThrow(/invalid arguments for generate_report: reportType: /);
    expect(() => plan({ reportType: 'MEP_ACTIVITY', subjectId: '1294', extra: 1 })).toThrow(/extra/);
  });
});

describe('which step failures are worth another attempt', () => {
  it('retries an upstream that is down, slow, limiting or broken, and nothing else', () => {
    for (const code of ['http_503', 'http_500', 'http_429', 'http_403', 'network', 'timeout', 'bad_gateway', 'bad_body', 'error_in_body', 'circuit_open', 'upstream_unavailable', 'budget_spent']) expect(isTransient(code), code).toBe(true);
    for (const code of ['not_found', 'http_400', 'http_404', 'too_large', 'invalid_params', 'internal']) expect(isTransient(code), code).toBe(false);
  });
});
