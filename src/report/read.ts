// Reading a report's raw upstream data (keyed as in plan.ts) into domain objects.
import {
  committeeFromRecord, documentFromRecord, joinVotes, mepFromDetail, mepFromListItem, procedureFromRecord, questionFromRecord, resolveCommittee, voteFromDecision,
  type Committee, type Document, type Mep, type Procedure, type Question, type Vote,
} from '../ep/domain.ts';
import { parseCommitteeRef, sittingIdOf } from '../ep/ids.ts';
import { UserError } from '../errors.ts';
import { rollCallsOf } from '../tools/analyze-voting-patterns.ts';
import { readDoceoDay } from '../tools/doceo-votes.ts';
import { inRange, orgsFrom, recentSittings, records } from '../tools/common.ts';
import type { ReportPlan } from './input.ts';

/** Raw upstream data by key (`roster`, `decisions:MTG-PL-…`). */
export type Raw = Record<string, unknown>;

const valuesWith = (raw: Raw, prefix: string) => Object.entries(raw).filter(([k]) => k.startsWith(`${prefix}:`)).map(([k, v]) => [k.slice(prefix.length + 1), v] as const);

/** The most recent sittings of the period (from the `meetings` year lists), at most `maxSittings`. */
export function sittingsInPeriod(plan: ReportPlan, raw: Raw): string[] {
  return recentSittings(valuesWith(raw, 'meetings').map(([, v]) => v), plan.period?.from, plan.period?.to, plan.maxSittings);
}

const hasPositions = (decisions: unknown) => records(decisions).some((r) => (voteFromDecision(r, { withPositions: true })?.positions?.length ?? 0) > 0);

/** Sittings whose decisions carry no roll-call positions yet: the EP publishes them weeks late. */
export function lagging(sittings: string[], raw: Raw): string[] {
  return sittings.filter((s) => !hasPositions(raw[`decisions:${s}`]));
}

export function procedureOf(plan: ReportPlan, raw: Raw): Procedure {
  const proc = procedureFromRecord(records(raw.procedure)[0] ?? {});
  if (!proc) throw new UserError(`no procedure ${plan.subjectId}`, 'not_found');
  return proc;
}

/** Sittings where the procedure was decided or voted, most recent first. */
export function sittingsOfProcedure(plan: ReportPlan, proc: Procedure): string[] {
  const plenary = proc.events.filter((e) => sittingIdOf(e.id) !== null || e.typeCode === 'PLENARY_DECISION' || /-DEC-DCPL-/.test(e.id));
  const ids = plenary.map((e) => sittingIdOf(e.id) ?? (e.date ? `MTG-PL-${e.date}` : null)).filter((s): s is string => s !== null);
  return [...new Set(ids)].sort((a, b) => b.localeCompare(a)).slice(0, plan.maxSittings);
}

/**
 * Every vote of the sittings read (vote-results joined with decisions where
 * both were read), with positions for roll calls, then DOCEO's roll calls for
 * sittings whose decisions had none.
 */
export function votesOf(raw: Raw): Vote[] {
  const odp = valuesWith(raw, 'decisions').flatMap(([sitting, decisions]) =>
    joinVotes(records(raw[`voteResults:${sitting}`]), records(decisions), { withPositions: true }),
  );
  const doceo = valuesWith(raw, 'rcv').flatMap(([sitting, day]) => rollCallsOf(day, sitting));
  return [...odp, ...doceo];
}

export const isRollCall = (v: Vote) => v.rollCall && (v.positions?.length ?? 0) > 0;

/** Sittings whose roll calls came from DOCEO's files. */
export const doceoSittings = (raw: Raw) => valuesWith(raw, 'rcv').filter(([, day]) => readDoceoDay(day) !== null).map(([s]) => s);

export interface Member { id: string; name: string; group: string | null; country: string | null }

/** Sitting MEPs, with their current political group. */
export function rosterOf(raw: Raw): Member[] {
  return records(raw.roster)
    .map((r) => mepFromListItem(r, { active: true }))
    .filter((m): m is Mep => m !== null)
    .map((m) => ({ id: m.id, name: m.name, group: m.politicalGroup?.code ?? null, country: m.country }));
}

export function mepOf(plan: ReportPlan, raw: Raw): Mep {
  const mep = mepFromDetail(records(raw.mep)[0] ?? {}, { orgs: orgsFrom(raw.bodies) });
  if (!mep) throw new UserError(`no MEP ${plan.subjectId}`, 'not_found');
  return mep;
}

/** Written questions the MEP authored in the period's years. */
export function questionsOf(mepId: string, raw: Raw): Question[] {
  return valuesWith(raw, 'questions')
    .flatMap(([, v]) => records(v))
    .map((r) => questionFromRecord(r))
    .filter((q): q is Question => q !== null && q.authorMepIds.includes(mepId));
}

export function committeeOf(plan: ReportPlan, raw: Raw): Committee {
  const ref = parseCommitteeRef(plan.subject)!;
  const all = records(raw.bodies).map((r) => committeeFromRecord(r, { current: true })).filter((x): x is Committee => x !== null);
  const c = resolveCommittee(all, ref);
  if (!c) throw new UserError(`no current committee ${plan.subjectId}`, 'not_found');
  return c;
}

export function committeeDocumentsOf(plan: ReportPlan, raw: Raw): Document[] {
  return records(raw.committeeDocuments).map((r) => documentFromRecord(r)).filter((d): d is Document => d !== null && inRange(d.date, plan.period?.from, plan.period?.to));
}

/** Documents read in detail (`doc:<id>`), in the order they were asked for. */
export function documentsOf(raw: Raw): Document[] {
  return valuesWith(raw, 'doc').map(([, v]) => documentFromRecord(records(v)[0] ?? {})).filter((d): d is Document => d !== null);
}
