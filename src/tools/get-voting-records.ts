import { z } from 'zod';
import { joinVotes, page, pageOf, VoteSchema, type Vote } from '../ep/domain.ts';
import { DateSchema, SittingIdSchema } from '../ep/ids.ts';
import { UserError } from '../errors.ts';
import type { Source, ToolDefinition } from '../tools.ts';
import { contains, lang, paging, recentSittings, records, yearsOf } from './common.ts';

const input = z
  .object({
    sessionId: SittingIdSchema.optional().describe('Votes of one sitting, e.g. MTG-PL-2024-04-24'),
    dateFrom: DateSchema.optional(),
    dateTo: DateSchema.optional(),
    topic: z.string().min(2).max(100).optional().describe('Words to look for in the voted item\'s title'),
    includeVoters: z.boolean().default(false).describe('Per-MEP positions of roll calls (about 700 per vote: use small pages)'),
    ...paging(20),
    ...lang,
  })
  .strict();
type Input = z.infer<typeof input>;
const output = page(VoteSchema).extend({ sittings: z.array(z.string()) });
type Output = z.infer<typeof output>;

/** Without a sitting, the most recent sittings in range are read, at most this many. */
const MAX_SITTINGS = 4;

const votesOf = (sittingId: string): Source[] => [
  { family: 'meetings', path: `meetings/${sittingId}/vote-results`, ttl: 'vote', optional: true },
  { family: 'meetings', path: `meetings/${sittingId}/decisions`, ttl: 'vote', optional: true },
];

export const getVotingRecords: ToolDefinition<Input, Output> = {
  name: 'get_voting_records',
  title: 'Plenary voting records',
  description:
    'Plenary votes: the item voted, outcome, method, tallies (for/against/abstain), voted documents and procedures, and optionally how each MEP voted. ' +
    `One sitting by sessionId, or the latest ${MAX_SITTINGS} sittings in a date range. Official roll-call data is published weeks after a vote.`,
  family: 'meetings',
  requiredRole: 'reader',
  ttl: 'vote',
  input,
  output,
  sources(p) {
    if (p.sessionId) return votesOf(p.sessionId);
    if (p.dateFrom && p.dateTo && p.dateFrom > p.dateTo) throw new UserError('dateFrom is after dateTo');
    return yearsOf(p.dateFrom, p.dateTo).map((y) => ({ family: 'meetings' as const, path: 'meetings', query: { year: y, limit: 500 }, ttl: 'plenary' as const }));
  },
  expand(p, first) {
    if (p.sessionId) return [];
    return recentSittings(first, p.dateFrom, p.dateTo, MAX_SITTINGS).flatMap(votesOf);
  },
  resultKey: (p) => JSON.stringify(p),
  transform(raw, p) {
    // First stage: the year lists (none with a sessionId); then one (vote-results, decisions) pair per sitting.
    const lists = p.sessionId ? 0 : yearsOf(p.dateFrom, p.dateTo).length;
    const sittings = p.sessionId ? [p.sessionId] : recentSittings(raw.slice(0, lists), p.dateFrom, p.dateTo, MAX_SITTINGS);
    const pairs = raw.slice(lists);
    const votes: Vote[] = [];
    for (let i = 0; i < pairs.length; i += 2) {
      votes.push(...joinVotes(records(pairs[i]), records(pairs[i + 1]), { lang: p.lang, withPositions: p.includeVoters }));
    }
    const chosen = votes.filter((v) => contains(`${v.title ?? ''} ${v.label ?? ''}`, p.topic)).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || (a.order ?? 0) - (b.order ?? 0));
    return { ...pageOf(chosen, p.offset, p.limit), sittings };
  },
  render: (r) =>
    `${r.total ?? r.items.length} votes in ${r.sittings.join(', ') || 'no sitting'}:\n` +
    r.items.map((v) => `- ${v.date ?? '?'} ${v.title ?? v.label ?? v.id}: ${v.outcome ?? 'outcome unknown'}${v.tallies ? ` (${v.tallies.for}/${v.tallies.against}/${v.tallies.abstain})` : ''}`).join('\n'),
};
