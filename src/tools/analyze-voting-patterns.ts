import { z } from 'zod';
import { mepFromDetail, mepFromListItem, voteFromDecision, type Mep, type Vote } from '../ep/domain.ts';
import { DateSchema, MepIdSchema } from '../ep/ids.ts';
import { doceoPathForDate, parseRollCalls } from '../doceo/index.ts';
import { UserError } from '../errors.ts';
import type { Source, ToolDefinition } from '../tools.ts';
import { Notes, recentSittings, records, yearsOf } from './common.ts';

const input = z
  .object({
    mepId: MepIdSchema,
    dateFrom: DateSchema.optional(),
    dateTo: DateSchema.optional(),
    compareWithGroup: z.boolean().default(true).describe('Compare each vote with the majority of the MEP\'s group'),
  })
  .strict();
type Input = z.infer<typeof input>;

const output = z.object({
  mep: z.object({ id: z.string(), name: z.string(), group: z.string().nullable() }),
  period: z.object({ from: z.string().nullable(), to: z.string().nullable(), sittings: z.array(z.string()) }),
  rollCallVotes: z.number().int(),
  present: z.number().int(),
  attendanceRate: z.number().nullable(),
  positions: z.object({ for: z.number().int(), against: z.number().int(), abstain: z.number().int() }),
  groupAlignment: z.object({ compared: z.number().int(), aligned: z.number().int(), rate: z.number().nullable() }).nullable(),
  defections: z.array(z.object({ voteId: z.string(), date: z.string().nullable(), title: z.string().nullable(), position: z.string(), groupMajority: z.string() })),
  confidence: z.enum(['high', 'medium', 'low']),
  notes: Notes,
});
type Output = z.infer<typeof output>;

/** Roll calls are read from the most recent sittings in range, at most this many. */
const MAX_SITTINGS = 8;

const sittingsIn = (lists: unknown[], p: Input) => recentSittings(lists, p.dateFrom, p.dateTo, MAX_SITTINGS);

/** Sittings (of those read) whose decisions carry no roll-call positions yet. */
function lagging(p: Input, sofar: unknown[]): string[] {
  const years = yearsOf(p.dateFrom, p.dateTo).length;
  const sittings = sittingsIn(sofar.slice(2, 2 + years), p);
  const decisions = sofar.slice(2 + years, 2 + years + sittings.length);
  return sittings.filter((_, i) => !records(decisions[i]).some((r) => (voteFromDecision(r, { withPositions: true })?.positions?.length ?? 0) > 0));
}

export const doceoSource = (sittingId: string): Source => ({
  family: 'doceo',
  path: doceoPathForDate(sittingId.slice('MTG-PL-'.length), 'RCV'),
  accept: 'application/xml',
  ttl: 'vote',
  optional: true,
});

/** A DOCEO roll-call file as votes with positions keyed by Open Data person id (PersId). */
export function rollCallsOf(xml: unknown, sittingId: string): Vote[] {
  if (typeof xml !== 'string' || xml.trim() === '') return [];
  const day = parseRollCalls(xml);
  return day.votes.map((v) => ({
    id: `${sittingId}-RCV-${v.votingId}`,
    sittingId,
    date: day.sittingDate,
    title: v.itemTitle ?? v.description,
    label: v.description,
    outcome: null,
    method: 'VOTE_ELECTRONIC_ROLLCALL',
    methodLabel: 'Roll-call vote',
    rollCall: true,
    votingId: v.votingId,
    dlvId: v.dlvId,
    order: null,
    tallies: { for: v.tallies.for, against: v.tallies.against, abstain: v.tallies.abstain, attendees: null },
    documents: [],
    minutes: [],
    procedures: [],
    positions: v.positions.flatMap((x) => (x.persId ? [{ mepId: x.persId, position: x.position }] : [])),
    source: 'decision',
  }));
}

function majority(positions: string[]): string | null {
  const n = { for: 0, against: 0, abstain: 0 } as Record<string, number>;
  for (const p of positions) n[p] = (n[p] ?? 0) + 1;
  const best = Object.entries(n).sort((a, b) => b[1] - a[1]);
  return best[0]![1] > 0 && best[0]![1] !== best[1]![1] ? best[0]![0] : null;
}

export const analyzeVotingPatterns: ToolDefinition<Input, Output> = {
  name: 'analyze_voting_patterns',
  title: 'Analyse an MEP\'s voting',
  description:
    'How an MEP voted in recent plenary roll calls: attendance (share of roll calls with a recorded position), for/against/abstain counts, ' +
    'alignment with the majority of their own political group, and the votes where they departed from it. Carries its methodology, a confidence level and coverage warnings.',
  family: 'meetings',
  requiredRole: 'analyst',
  ttl: 'vote',
  input,
  output,
  sources: (p) => [
    { family: 'meps', path: `meps/${p.mepId}`, ttl: 'mep' },
    { family: 'meps', path: 'meps/show-current', query: { limit: 1000 }, ttl: 'mep' },
    ...yearsOf(p.dateFrom, p.dateTo).map((y): Source => ({ family: 'meetings', path: 'meetings', query: { year: y, limit: 500 }, ttl: 'plenary' })),
  ],
  expand: (p, first) => sittingsIn(first.slice(2), p).map((id): Source => ({ family: 'meetings', path: `meetings/${id}/decisions`, ttl: 'vote', optional: true })),
  // Open Data roll calls appear weeks late: for sittings still without them, read DOCEO's roll-call file.
  fallback: (p, sofar) => lagging(p, sofar).map(doceoSource),
  resultKey: (p) => JSON.stringify(p),
  transform(raw, p) {
    const years = yearsOf(p.dateFrom, p.dateTo).length;
    const [detail, roster] = raw;
    const rec = records(detail)[0];
    const mep = rec ? mepFromDetail(rec) : null;
    if (!mep) throw new UserError(`no MEP with id ${p.mepId}`, 'not_found');
    const groupOf = new Map(records(roster).map((r) => mepFromListItem(r, { active: true })).filter((m): m is Mep => m !== null).map((m) => [m.id, m.politicalGroup?.code ?? null]));
    const sittings = sittingsIn(raw.slice(2, 2 + years), p);
    const late = lagging(p, raw);
    const decisions = raw.slice(2 + years, 2 + years + sittings.length);
    const fromOdp = decisions.flatMap(records).map((r) => voteFromDecision(r, { withPositions: true })).filter((v): v is Vote => v !== null && v.rollCall && (v.positions?.length ?? 0) > 0);
    const fromDoceo = raw.slice(2 + years + sittings.length).flatMap((xml, i) => rollCallsOf(xml, late[i]!));
    const votes = [...fromOdp, ...fromDoceo];
    const group = mep.politicalGroup?.code ?? null;
    const counts = { for: 0, against: 0, abstain: 0 };
    let present = 0, compared = 0, aligned = 0;
    const defections: Output['defections'] = [];
    for (const v of votes) {
      const mine = v.positions!.find((x) => x.mepId === mep.id)?.position;
      if (!mine) continue;
      present++;
      counts[mine]++;
      if (!p.compareWithGroup || !group) continue;
      const line = majority(v.positions!.filter((x) => x.mepId !== mep.id && groupOf.get(x.mepId) === group).map((x) => x.position));
      if (!line) continue;
      compared++;
      if (line === mine) aligned++;
      else defections.push({ voteId: v.id, date: v.date, title: v.title ?? v.label, position: mine, groupMajority: line });
    }
    const warnings: string[] = [];
    if (sittings.length === 0) warnings.push('no plenary sitting in the period');
    if (votes.length === 0) warnings.push('no roll-call data yet for these sittings (the EP publishes it weeks after the vote)');
    const doceoDays = new Set(fromDoceo.map((v) => v.sittingId)).size;
    if (doceoDays) warnings.push(`${doceoDays} recent sitting(s) read from DOCEO roll-call files, as their Open Data records are not published yet`);
    if (sittings.length === MAX_SITTINGS) warnings.push(`only the ${MAX_SITTINGS} most recent sittings in the period were read`);
    if (!group) warnings.push('the MEP\'s political group is unknown, so no group comparison');
    return {
      mep: { id: mep.id, name: mep.name, group },
      period: { from: p.dateFrom ?? null, to: p.dateTo ?? null, sittings },
      rollCallVotes: votes.length,
      present,
      attendanceRate: votes.length ? present / votes.length : null,
      positions: counts,
      groupAlignment: p.compareWithGroup ? { compared, aligned, rate: compared ? aligned / compared : null } : null,
      defections: defections.slice(0, 20),
      confidence: present >= 50 ? 'high' : present >= 10 ? 'medium' : 'low',
      notes: {
        methodology:
          'Roll-call decisions of the period\'s most recent sittings (meetings/{id}/decisions; for sittings not yet published there, DOCEO roll-call files, matched by PersId). Attendance = roll calls with a recorded position / roll calls. ' +
          'Group majority = the most common position among the other current members of the MEP\'s group in that vote (ties count as no line). Alignment = votes matching that majority / votes compared.',
        warnings,
      },
    };
  },
  render: (r) =>
    `${r.mep.name} (${r.mep.group ?? 'no group'}): present in ${r.present} of ${r.rollCallVotes} roll calls; for ${r.positions.for}, against ${r.positions.against}, abstain ${r.positions.abstain}.` +
    (r.groupAlignment?.rate != null ? ` Voted with the group majority in ${(r.groupAlignment.rate * 100).toFixed(1)}% of ${r.groupAlignment.compared} votes.` : '') +
    ` Confidence: ${r.confidence}.${r.notes.warnings.length ? ` Warnings: ${r.notes.warnings.join('; ')}.` : ''}`,
};
