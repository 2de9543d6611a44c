// Pairs a day's RCV (who voted how) with its VOT (titles, outcomes) on votingId (facts sheet
// §9.3), and reports where the two files disagree. The facts sheet only *expects* the VOT counts
// to equal the RCV Numbers, so disagreements are reported, never silently resolved.
import { z } from 'zod';
import { RollCallSchema, type RollCallDay } from './rcv.ts';
import { VoteResultItemSchema, VoteResultVotingSchema, VotingResultSchema, type VoteResultDay, type VoteResultItem, type VoteResultVoting } from './vot.ts';

export const JoinedRollCallSchema = RollCallSchema.extend({
  /** Agenda item title: from VOT, else from the RCV `VoteTitles`. */
  title: z.string().nullable(),
  /** VOT outcome; null when the VOT has no such voting. */
  result: VotingResultSchema.nullable(),
  vot: z
    .object({
      item: VoteResultItemSchema.omit({ votings: true }),
      voting: VoteResultVotingSchema,
    })
    .nullable(),
});
export type JoinedRollCall = z.infer<typeof JoinedRollCallSchema>;

export const JoinMismatchSchema = z.object({
  votingId: z.string(),
  field: z.enum(['for', 'against', 'abstain', 'dlvId']),
  rcv: z.union([z.number(), z.string()]),
  vot: z.union([z.number(), z.string()]),
});
export type JoinMismatch = z.infer<typeof JoinMismatchSchema>;

export const JoinedDaySchema = z.object({
  sittingDate: z.string(),
  /** The VOT file's language: `FR` under an `_EN` URL means the English file was not out yet. */
  votLanguage: z.string().nullable(),
  /** The two files are about the same sitting. */
  sameDay: z.boolean(),
  rollCalls: z.array(JoinedRollCallSchema),
  mismatches: z.array(JoinMismatchSchema),
  /** RCV votes with no VOT voting of the same id. */
  missingInVot: z.array(z.string()),
  /** VOT roll-call votings with no RCV vote of the same id. */
  missingInRcv: z.array(z.string()),
});
export type JoinedDay = z.infer<typeof JoinedDaySchema>;

const COUNTS = ['for', 'against', 'abstain'] as const;

export function joinRollCallWithVoteResults(rcv: RollCallDay, vot: VoteResultDay): JoinedDay {
  const byVotingId = new Map<string, { item: VoteResultItem; voting: VoteResultVoting }>();
  for (const item of vot.items) {
    for (const voting of item.votings) {
      if (voting.votingId !== null && !byVotingId.has(voting.votingId)) byVotingId.set(voting.votingId, { item, voting });
    }
  }

  const mismatches: JoinMismatch[] = [];
  const missingInVot: string[] = [];
  const rollCalls = rcv.votes.map((vote): JoinedRollCall => {
    const match = byVotingId.get(vote.votingId);
    if (!match) {
      missingInVot.push(vote.votingId);
      return { ...vote, title: vote.itemTitle, result: null, vot: null };
    }
    const { item, voting } = match;
    for (const field of COUNTS) {
      const counted = voting[field];
      // A VOT voting without counts has nothing to contradict.
      if (counted !== null && counted !== vote.tallies[field]) mismatches.push({ votingId: vote.votingId, field, rcv: vote.tallies[field], vot: counted });
    }
    if (vote.dlvId !== null && item.dlvId !== null && vote.dlvId !== item.dlvId) {
      mismatches.push({ votingId: vote.votingId, field: 'dlvId', rcv: vote.dlvId, vot: item.dlvId });
    }
    const { votings: _, ...itemOnly } = item;
    return { ...vote, title: item.title ?? vote.itemTitle, result: voting.result, vot: { item: itemOnly, voting } };
  });

  const inRcv = new Set(rcv.votes.map((v) => v.votingId));
  const missingInRcv = [...byVotingId]
    .filter(([id, { voting }]) => voting.rollCall && !inRcv.has(id))
    .map(([id]) => id);

  return {
    sittingDate: rcv.sittingDate,
    votLanguage: vot.language,
    sameDay: vot.date === rcv.sittingDate,
    rollCalls,
    mismatches,
    missingInVot,
    missingInRcv,
  };
}
