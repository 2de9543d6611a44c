import { z } from 'zod';
import { parseCommitteeRef, parseMepId, parseProcedureId, parseSittingId, DateSchema } from '../ep/ids.ts';
import { UserError } from '../errors.ts';
import { describeIssues } from '../../actors/pipeline.ts';

export const REPORT_TYPES = ['MEP_ACTIVITY', 'COMMITTEE_PERFORMANCE', 'VOTING_STATISTICS', 'LEGISLATION_PROGRESS'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

/** The arguments of `generate_report`. They are parsed twice (SDK, then the workflow), so no transforms. */
export const reportInput = z
  .object({
    reportType: z.enum(REPORT_TYPES),
    subjectId: z.string().min(1).max(100).describe('MEP id, committee (ENVI), sitting (MTG-PL-YYYY-MM-DD) or procedure (2024/0001(COD)), by report type'),
    year: z.number().int().min(1952).max(2100).optional().describe('MEP_ACTIVITY and COMMITTEE_PERFORMANCE: the year covered (default: this year up to today); or give dateFrom/dateTo'),
    dateFrom: z.string().optional().describe('Start of the period covered, YYYY-MM-DD'),
    dateTo: z.string().optional().describe('End of the period covered, YYYY-MM-DD'),
  })
  .strict();
export type ReportArgs = z.infer<typeof reportInput>;

/** A validated request: what the fetch steps, the analyses and the assembly work from. */
export interface ReportPlan {
  reportType: ReportType;
  subjectId: string;
  /** The subject in canonical form: MEP id, committee abbreviation, sitting id or procedure id (2024-0001). */
  subject: string;
  /** The days covered; null for a procedure, whose report covers all of it. */
  period: { from: string; to: string } | null;
  /** Calendar years of the period, most recent first (at most five). */
  years: number[];
  maxSittings: number;
  maxDocuments: number;
}

const MAX_YEARS = 5;

function subjectOf(a: ReportArgs): string {
  const bad = (what: string) => new UserError(`subjectId for ${a.reportType} must be ${what}; got '${a.subjectId}'`);
  switch (a.reportType) {
    case 'MEP_ACTIVITY':
      return parseMepId(a.subjectId) ?? (() => { throw bad('an MEP id such as 1294'); })();
    case 'COMMITTEE_PERFORMANCE': {
      const ref = parseCommitteeRef(a.subjectId);
      if (ref?.kind !== 'abbreviation') throw bad('a committee abbreviation such as ENVI');
      return ref.abbreviation;
    }
    case 'VOTING_STATISTICS':
      return parseSittingId(a.subjectId) ?? (() => { throw bad('a plenary sitting such as MTG-PL-2024-04-24'); })();
    case 'LEGISLATION_PROGRESS':
      return parseProcedureId(a.subjectId) ?? (() => { throw bad('a procedure such as 2024/0001(COD)'); })();
  }
}

function date(field: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const parsed = DateSchema.safeParse(v);
  if (!parsed.success) throw new UserError(`${field}: expected a real date as YYYY-MM-DD; got '${v}'`);
  return parsed.data;
}

/** The period a report covers: the given dates, else the given year, else this year up to today. */
function periodOf(a: ReportArgs, subject: string, today: string): { from: string; to: string } | null {
  const from = date('dateFrom', a.dateFrom);
  const to = date('dateTo', a.dateTo);
  const dated = a.year !== undefined || from !== undefined || to !== undefined;
  if (a.reportType === 'VOTING_STATISTICS' || a.reportType === 'LEGISLATION_PROGRESS') {
    if (dated) throw new UserError(`year, dateFrom and dateTo do not apply to ${a.reportType}: it covers ${a.reportType === 'VOTING_STATISTICS' ? 'its sitting' : 'the whole procedure'}`);
    return a.reportType === 'VOTING_STATISTICS' ? { from: subject.slice('MTG-PL-'.length), to: subject.slice('MTG-PL-'.length) } : null;
  }
  if (a.year !== undefined && (from || to)) throw new UserError('give either year or dateFrom/dateTo, not both');
  if (a.year !== undefined) return { from: `${a.year}-01-01`, to: `${a.year}-12-31` };
  const period = { from: from ?? `${(to ?? today).slice(0, 4)}-01-01`, to: to ?? today };
  if (period.from > period.to) throw new UserError(`dateFrom (${period.from}) is after dateTo (${period.to})`);
  return period;
}

/** Parses and checks the arguments; every problem is named. */
export function planReport(args: unknown, limits: { maxSittings: number; maxDocuments: number }, today: string): ReportPlan {
  const parsed = reportInput.safeParse(args ?? {});
  if (!parsed.success) throw new UserError(`invalid arguments for generate_report: ${describeIssues(parsed.error.issues)}`);
  const a = parsed.data;
  const subject = subjectOf(a);
  const period = periodOf(a, subject, today);
  const last = period ? Number(period.to.slice(0, 4)) : 0;
  const first = period ? Math.max(Number(period.from.slice(0, 4)), last - MAX_YEARS + 1) : 1;
  const years = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => last - i);
  return { reportType: a.reportType, subjectId: a.subjectId, subject, period, years, ...limits };
}
