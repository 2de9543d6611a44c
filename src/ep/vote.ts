// Plenary votes. Upstream splits a vote over two resources (facts sheet §5.3):
// `meetings/{id}/vote-results` items carry the agenda item's title, documents
// and DOCEO DlvId but no numbers; `meetings/{id}/decisions` items carry the
// tallies, outcome, method, votingId and (for roll calls) every MEP's
// position. One vote-result (agenda item) can have many decisions (one per
// amendment/part), so joinVotes attaches the vote-result to each decision.
import { z } from 'zod';
import { dlvIdOf, parseMepId, parseSittingId, sittingIdOf } from './ids.ts';
import { asArray, asNumber, asString, field, firstField, idOf, idsOf, idTail, langText, readDate, type JsonRecord } from './jsonld.ts';
import { docIdsOf, procedureIdsOf } from './links.ts';
import { decisionMethodOf, type TransformOptions } from './labels.ts';
import { perRecord } from './per-record.ts';

export const VotePositionSchema = z.object({
  mepId: z.string(),
  position: z.enum(['for', 'against', 'abstain']),
});
export type VotePosition = z.infer<typeof VotePositionSchema>;

export const TalliesSchema = z.object({
  for: z.number().nullable(),
  against: z.number().nullable(),
  abstain: z.number().nullable(),
  attendees: z.number().nullable(),
});

export const VoteSchema = z.object({
  /** Activity id: `MTG-PL-2024-04-24-VOT-ITM-946131` for vote-results; decision ids vary. */
  id: z.string(),
  sittingId: z.string().nullable(),
  date: z.string().nullable(),
  /** Title of the voted item (vote-result label; the decision label when not joined). */
  title: z.string().nullable(),
  /** The decision's own label, e.g. "A10-0006/2025 - … - Am 2". */
  label: z.string().nullable(),
  /** Outcome code: ADOPTED, REJECTED, LAPSED, WITHDRAWN, … (null when unknown). */
  outcome: z.string().nullable(),
  /** Decision-method code, e.g. VOTE_ELECTRONIC_ROLLCALL, and its label. */
  method: z.string().nullable(),
  methodLabel: z.string().nullable(),
  rollCall: z.boolean(),
  /** = DOCEO RCV `Identifier` / VOT `votingId`. */
  votingId: z.string().nullable(),
  /** = DOCEO `DlvId` (agenda item). */
  dlvId: z.string().nullable(),
  order: z.number().nullable(),
  tallies: TalliesSchema.nullable(),
  /** Voted documents (`A-9-2024-0163`). */
  documents: z.array(z.string()),
  /** Minutes items recording the vote (`PV-9-2024-04-24-VOT-ITM-001`). */
  minutes: z.array(z.string()),
  /** Procedures (API form `2024-2006`). */
  procedures: z.array(z.string()),
  /** Per-MEP positions (roll calls only; when asked for). */
  positions: z.array(VotePositionSchema).optional(),
  /** Corrections and voting intentions (not counted in tallies). */
  intentions: z.array(VotePositionSchema).optional(),
  source: z.enum(['decision', 'vote-result', 'joined']),
});
export type Vote = z.infer<typeof VoteSchema>;

export interface VoteOptions extends TransformOptions {
  /** Include `positions`/`intentions` from `had_voter_*` (large: ~700 per roll call). */
  withPositions?: boolean;
}

function activityId(rec: JsonRecord): string | null {
  return asString(field(rec, 'activity_id')) ?? idTail(rec.id);
}

function sittingOf(rec: JsonRecord, id: string, date: string | null): string | null {
  const fromLinks = idsOf(field(rec, 'inverse_consists_of')).map(parseSittingId).find((s) => s !== null);
  return sittingIdOf(id) ?? fromLinks ?? (date ? `MTG-PL-${date}` : null);
}

/** The `<title>` inside a `structuredLabel` XML string (vote-results carry it when `activity_label` is missing). */
function structuredTitle(v: unknown, lang: string): string | null {
  const xml = langText(v, lang);
  const m = xml ? /<title>([\s\S]*?)<\/title>/.exec(xml) : null;
  return m ? m[1].trim() || null : null;
}

function positions(rec: JsonRecord, prefix: string): VotePosition[] {
  const out: VotePosition[] = [];
  const kinds: Array<[string, VotePosition['position']]> = [['favor', 'for'], ['against', 'against'], ['abstention', 'abstain']];
  for (const [suffix, position] of kinds) {
    for (const link of idsOf(field(rec, `${prefix}_${suffix}`))) {
      const mepId = parseMepId(link);
      if (mepId !== null) out.push({ mepId, position });
    }
  }
  return out;
}

/** A `meetings/{id}/decisions` item (or a PLENARY_OUTCOME event) → Vote. */
export const voteFromDecision = perRecord(readDecision);

function readDecision(rec: JsonRecord, opts: VoteOptions): Vote | null {
  const id = activityId(rec);
  if (id === null) return null;
  const lang = opts.lang ?? 'en';
  const date = readDate(rec, 'activity_date') ?? readDate(rec, 'activity_start_date');
  const method = decisionMethodOf(field(rec, 'decision_method'));
  const tallies = {
    for: asNumber(field(rec, 'number_of_votes_favor')),
    against: asNumber(field(rec, 'number_of_votes_against')),
    abstain: asNumber(field(rec, 'number_of_votes_abstention')),
    attendees: asNumber(field(rec, 'number_of_attendees')),
  };
  const label = langText(field(rec, 'activity_label'), lang);
  // Parsing ~700 voter links is the costly part: only when asked for; otherwise just see if any exist.
  const voters = opts.withPositions ? positions(rec, 'had_voter') : [];
  const anyVoter = opts.withPositions ? voters.length > 0 : ['favor', 'against', 'abstention'].some((k) => asArray(field(rec, `had_voter_${k}`)).some((x) => parseMepId(idOf(x)) !== null));
  const outcome = idTail(firstField(rec, 'had_decision_outcome', 'decision_outcome'));
  return {
    id,
    sittingId: sittingOf(rec, id, date),
    date,
    title: label,
    label,
    outcome: outcome === null ? null : outcome.toUpperCase(),
    method: method?.code ?? null,
    methodLabel: method?.label ?? null,
    rollCall: /ROLLCALL/.test(method?.code ?? '') || anyVoter,
    votingId: asString(field(rec, 'notation_votingId')),
    dlvId: asString(field(rec, 'notation_dlvId')) ?? dlvIdOf(id),
    order: asNumber(field(rec, 'activity_order')),
    tallies: Object.values(tallies).some((n) => n !== null) ? tallies : null,
    documents: docIdsOf(field(rec, 'decided_on_a_realization_of'), field(rec, 'decided_on_a_part_of_a_realization_of'), field(rec, 'based_on_a_realization_of')),
    minutes: docIdsOf(field(rec, 'recorded_in_a_realization_of')),
    procedures: procedureIdsOf(field(rec, 'inverse_consists_of')),
    ...(opts.withPositions ? { positions: voters, intentions: positions(rec, 'had_voter_intended') } : {}),
    source: 'decision',
  };
}

/** A `meetings/{id}/vote-results` item → Vote (no tallies). */
export function voteFromVoteResult(rec: JsonRecord, opts: TransformOptions = {}): Vote | null {
  const id = activityId(rec);
  if (id === null) return null;
  const lang = opts.lang ?? 'en';
  const date = readDate(rec, 'activity_date');
  return {
    id,
    sittingId: sittingOf(rec, id, date),
    date,
    title: langText(field(rec, 'activity_label'), lang) ?? structuredTitle(field(rec, 'structuredLabel'), lang),
    label: null,
    outcome: null,
    method: null,
    methodLabel: null,
    rollCall: false,
    votingId: asString(field(rec, 'notation_votingId')),
    dlvId: asString(field(rec, 'notation_dlvId')) ?? dlvIdOf(id),
    order: asNumber(field(rec, 'activity_order')),
    tallies: null,
    documents: docIdsOf(field(rec, 'based_on_a_realization_of')),
    minutes: docIdsOf(field(rec, 'recorded_in_a_realization_of')),
    procedures: procedureIdsOf(field(rec, 'inverse_consists_of')),
    source: 'vote-result',
  };
}

/** Event ids a decision links to, as tails (`MTG-PL-…-VOT-ITM-946131`). */
function eventLinks(rec: JsonRecord): Set<string> {
  const keys = ['inverse_consists_of', 'was_motivated_by', 'decisionAboutId', 'executed', 'based_on_a_realization_of'];
  return new Set(keys.flatMap((k) => idsOf(field(rec, k))).map((l) => idTail(l) ?? l));
}

/**
 * Join the vote-results and decisions of one sitting. A decision is matched
 * to a vote-result by, in order: equal DlvId; a link from the decision to the
 * vote-result's id; else the only vote-result of the same date sharing a
 * voted document. Matched decisions take the vote-result's title, DlvId,
 * documents and procedures; vote-results with no decision are kept as they are.
 */
export function joinVotes(voteResults: JsonRecord[], decisions: JsonRecord[], opts: VoteOptions = {}): Vote[] {
  const results = voteResults.map((r) => voteFromVoteResult(r, opts)).filter((v): v is Vote => v !== null);
  const used = new Set<Vote>();
  const out: Vote[] = [];
  for (const rec of decisions) {
    const d = voteFromDecision(rec, opts);
    if (d === null) continue;
    const links = eventLinks(rec);
    const sameDoc = results.filter((r) => r.date === d.date && r.documents.some((doc) => d.documents.includes(doc)));
    const vr =
      (d.dlvId !== null ? results.find((r) => r.dlvId === d.dlvId) : undefined) ??
      results.find((r) => links.has(r.id)) ??
      (sameDoc.length === 1 ? sameDoc[0] : undefined);
    if (vr === undefined) {
      out.push(d);
      continue;
    }
    used.add(vr);
    out.push({
      ...d,
      title: vr.title ?? d.title,
      dlvId: d.dlvId ?? vr.dlvId,
      documents: [...new Set([...d.documents, ...vr.documents])],
      minutes: [...new Set([...d.minutes, ...vr.minutes])],
      procedures: [...new Set([...d.procedures, ...vr.procedures])],
      source: 'joined',
    });
  }
  for (const r of results) if (!used.has(r)) out.push(r);
  return out;
}

/** Count positions by kind (for checks against tallies, or group breakdowns on a subset). */
export function countPositions(ps: VotePosition[]): { for: number; against: number; abstain: number } {
  const c = { for: 0, against: 0, abstain: 0 };
  for (const p of ps) c[p.position]++;
  return c;
}
