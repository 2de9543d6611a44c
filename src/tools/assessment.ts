// What every roll-call analysis answer carries besides its numbers: how they were obtained, how
// far to trust them, what data was missing, and what was read.
import { z } from 'zod';
import type { VoteMatrix } from '../analytics/index.ts';
import type { RollCallData } from './roll-call-matrix.ts';
import type { Scope } from './roll-call-sources.ts';

export const CoverageSchema = z.object({
  period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  sittings: z.array(z.string()).describe('Plenary sitting days read, newest first'),
  fromOpenData: z.number().int().describe('Sittings whose roll calls came from Open Data decisions'),
  fromDoceo: z.number().int().describe('Sittings whose roll calls came from DOCEO roll-call files'),
  rollCalls: z.number().int().describe('Roll-call votes analysed'),
  members: z.number().int().describe('Members in the vote matrix'),
  outsideRoster: z.number().int().describe('Members who voted but are not in the current roster'),
});

export const assessmentShape = {
  methodology: z.string().describe('How the numbers were computed'),
  confidence: z.enum(['high', 'medium', 'low']).describe('high: 100+ roll calls behind the figures; medium: 20-99; low: fewer, or key data missing'),
  warnings: z.array(z.string()).describe('Data coverage problems that limit the answer'),
  coverage: CoverageSchema,
};

export type Confidence = 'high' | 'medium' | 'low';

/** By the number of observations behind the main figure; `weaker` lowers it one step. */
export function confidenceOf(observations: number, weaker = false): Confidence {
  const base: Confidence = observations >= 100 ? 'high' : observations >= 20 ? 'medium' : 'low';
  if (!weaker) return base;
  return base === 'high' ? 'medium' : 'low';
}

export function coverageOf(p: Scope, data: RollCallData): z.infer<typeof CoverageSchema> {
  const { sittings: _count, ...counts } = data.coverage;
  return { period: { from: p.dateFrom ?? null, to: p.dateTo ?? null }, sittings: data.sittings, ...counts };
}

/** The matrix with only the votes whose date passes `keep`. */
export function votesWhere(matrix: VoteMatrix, keep: (date: string) => boolean): VoteMatrix {
  return { members: matrix.members, votes: matrix.votes.filter((v) => keep(v.date)) };
}

/** Share of the data lost to members outside the roster, as a reason to trust group figures less. */
export const rosterGap = (data: RollCallData) => data.coverage.members > 0 && data.coverage.outsideRoster / data.coverage.members > 0.1;
