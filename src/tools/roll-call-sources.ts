// What the roll-call tools fetch, stage by stage: the current roster and the sittings of the
// period first, then each sitting's Open Data decisions and vote results, then DOCEO roll-call files for sittings
// whose decisions carry no positions yet. The same plan also tells the transform where each
// stage's data sits.
import { z } from 'zod';
import { voteFromDecision } from '../ep/domain.ts';
import { DateSchema, SittingIdSchema } from '../ep/ids.ts';
import { doceoPathForDate } from '../doceo/index.ts';
import { UserError } from '../errors.ts';
import type { Source, ToolDefinition } from '../tools.ts';
import { recentSittings, records, yearsOf } from './common.ts';
import { perRecord } from '../ep/per-record.ts';
import type { JsonRecord } from '../ep/jsonld.ts';

/** Sitting days one call reads at most: about ten months of plenary weeks (three or four days a month). */
export const MAX_ANALYSIS_SITTINGS = 40;

export const scopeShape = {
  dateFrom: DateSchema.optional().describe('First day of the period (YYYY-MM-DD)'),
  dateTo: DateSchema.optional().describe('Last day of the period (YYYY-MM-DD); default today'),
  sittingIds: z.array(SittingIdSchema).min(1).max(MAX_ANALYSIS_SITTINGS).optional()
    .describe(`Plenary sitting days to read instead of a period, e.g. ["MTG-PL-2025-03-12"] (at most ${MAX_ANALYSIS_SITTINGS})`),
};

export interface Scope {
  dateFrom?: string;
  dateTo?: string;
  sittingIds?: string[];
}

/** Throws a UserError naming the fields when the scope contradicts itself. */
export function checkScope(p: Scope): void {
  if (p.sittingIds && (p.dateFrom || p.dateTo)) throw new UserError('give either sittingIds or dateFrom/dateTo, not both');
  if (p.dateFrom && p.dateTo && p.dateFrom > p.dateTo) throw new UserError(`dateFrom (${p.dateFrom}) is after dateTo (${p.dateTo})`);
}

export const roster: Source = { family: 'meps', path: 'meps/show-current', query: { limit: 1000 }, ttl: 'mep' };

const meetingLists = (p: Scope): Source[] =>
  p.sittingIds ? [] : yearsOf(p.dateFrom, p.dateTo).map((y): Source => ({ family: 'meetings', path: 'meetings', query: { year: y, limit: 500 }, ttl: 'plenary' }));

const decisions = (id: string): Source => ({ family: 'meetings', path: `meetings/${id}/decisions`, ttl: 'vote', optional: true });
const voteResults = (id: string): Source => ({ family: 'meetings', path: `meetings/${id}/vote-results`, ttl: 'vote', optional: true });

/** A sitting's DOCEO roll-call file. */
export const doceoSource = (id: string): Source => ({ family: 'doceo', path: doceoPathForDate(id.slice('MTG-PL-'.length), 'RCV'), accept: 'application/xml', ttl: 'vote', optional: true });

/** Stage one: the roster, then one `meetings` list per year of the period (none with sittingIds). */
export function rollCallFirst(p: Scope): Source[] {
  checkScope(p);
  return [roster, ...meetingLists(p)];
}

/** The sittings read, newest first. */
export function sittingsOf(p: Scope, first: unknown[]): string[] {
  if (p.sittingIds) return [...new Set(p.sittingIds)].sort().reverse();
  return recentSittings(first.slice(1, rollCallFirst(p).length), p.dateFrom, p.dateTo, MAX_ANALYSIS_SITTINGS);
}

/**
 * Stage two: each sitting's decisions (positions), then each sitting's vote-results (the voted
 * item's title, which decisions lack and topics need).
 */
export function rollCallSecond(p: Scope, first: unknown[]): Source[] {
  const sittings = sittingsOf(p, first);
  return [...sittings.map(decisions), ...sittings.map(voteResults)];
}

/** Whether a decision records positions, remembered per record: every stage of a call asks again. */
const hasPositions = perRecord((r: JsonRecord) => (voteFromDecision(r, { withPositions: true })?.positions?.length ?? 0) > 0);

/** Sittings whose decisions hold no roll-call positions (not yet published, or no votes that day). */
export function lagging(p: Scope, first: unknown[], second: unknown[]): string[] {
  return sittingsOf(p, first).filter((_, i) => !records(second[i]).some((r) => hasPositions(r)));
}

/** Stage three: DOCEO roll-call files for the lagging sittings. */
export const rollCallThird = (p: Scope, first: unknown[], second: unknown[]): Source[] => lagging(p, first, second).map(doceoSource);

/** A tool's raw data cut into its three stages, by replaying its own plan. */
export function stagesOf<P>(tool: Pick<ToolDefinition<P & Record<string, unknown>>, 'sources' | 'expand' | 'fallback'>, p: P, raw: unknown[]): [unknown[], unknown[], unknown[]] {
  const params = p as P & Record<string, unknown>;
  const n1 = tool.sources(params).length;
  const first = raw.slice(0, n1);
  const n2 = tool.expand?.(params, first).length ?? 0;
  const second = raw.slice(n1, n1 + n2);
  const n3 = tool.fallback?.(params, [...first, ...second]).length ?? 0;
  return [first, second, raw.slice(n1 + n2, n1 + n2 + n3)];
}
