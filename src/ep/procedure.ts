// Legislative/non-legislative procedures from `procedures/{id}` (events are
// embedded in `consists_of`) or list items (id, type and label only).
import { z } from 'zod';
import { parseProcedureId, procedureLabel, sittingDateOf } from './ids.ts';
import { asArray, asRecords, asString, field, idOf, idTail, isRecord, langText, readDate, toIsoDate, type JsonRecord } from './jsonld.ts';
import { activityTypeOf, procedureTypeOf, stageOf, type TransformOptions } from './labels.ts';
import { docIdsOf } from './links.ts';
import { ParticipantSchema, participantFromRecord } from './participant.ts';

export const ProcedureEventSchema = z.object({
  id: z.string(),
  date: z.string().nullable(),
  /** Readable event type (`Referral`, `Decision by Parliament`). */
  type: z.string(),
  /** Activity-type code (`REFERRAL`) or, when the record has none, the id code (`DEC-DCPL`). */
  typeCode: z.string().nullable(),
  stage: z.string().nullable(),
  documents: z.array(z.string()),
});
export type ProcedureEvent = z.infer<typeof ProcedureEventSchema>;

export const ProcedureSchema = z.object({
  /** API form `2024-2006`. */
  id: z.string(),
  /** Human reference `2024/2006(REG)`. */
  reference: z.string(),
  /** Procedure-type code (`COD`) and its label. */
  type: z.string().nullable(),
  typeName: z.string().nullable(),
  title: z.string().nullable(),
  currentStage: z.object({ code: z.string(), name: z.string() }).nullable(),
  events: z.array(ProcedureEventSchema),
  participants: z.array(ParticipantSchema),
  documents: z.array(z.string()),
  /** Facts derived from the events; no upstream status field exists. */
  summary: z.object({
    eventCount: z.number().int(),
    firstEventDate: z.string().nullable(),
    lastEventDate: z.string().nullable(),
    lastEventType: z.string().nullable(),
    /** Date of the plenary decision (`…-DEC-DCPL-…` / PLENARY_DECISION), if one happened. */
    plenaryDecisionDate: z.string().nullable(),
    /** Texts adopted by that decision (`TA-9-2024-0315`). */
    adoptedTexts: z.array(z.string()),
    leadCommittee: z.string().nullable(),
    rapporteurMepIds: z.array(z.string()),
  }),
});
export type Procedure = z.infer<typeof ProcedureSchema>;

/** Event-id codes for events that come without `had_activity_type`. */
const EVENT_CODES: Array<[RegExp, string]> = [
  [/^ANPRO$/, 'Announcement in plenary (referral)'],
  [/^DEPOT$/, 'Tabled for plenary'],
  [/^DEC-ADCP$/, 'Committee adoption'],
  [/^DEC-DCPL$/, 'Decision by Parliament'],
  [/^DEC-VOAGT$/, 'Provisional agreement approved'],
  [/^DEC-REFBAK$/, 'Referral back to committee for negotiations'],
  [/^MEET-TRI\d*$/, 'Trilogue'],
];

/** `2024-2006-DEC-DCPL-2024-04-24` → `DEC-DCPL`. */
function eventIdCode(id: string): string | null {
  const m = /^\d{4}-\d{4}[A-Z]?-(.+?)-\d{4}-\d{2}-\d{2}$/.exec(id);
  return m ? m[1] : null;
}

function eventFrom(v: unknown): ProcedureEvent | null {
  const rec: JsonRecord = isRecord(v) ? v : { id: v };
  const id = asString(field(rec, 'activity_id')) ?? idTail(rec.id);
  if (id === null) return null;
  const activity = activityTypeOf(field(rec, 'had_activity_type'));
  const code = eventIdCode(id);
  const byCode = code === null ? undefined : EVENT_CODES.find(([re]) => re.test(code));
  const trailingDate = /(\d{4}-\d{2}-\d{2})$/.exec(id)?.[1] ?? null;
  return {
    id,
    date: readDate(rec, 'activity_date') ?? sittingDateOf(id) ?? toIsoDate(trailingDate),
    type: activity?.label ?? byCode?.[1] ?? (code ? code : 'Event'),
    typeCode: activity?.code ?? code,
    stage: idTail(field(rec, 'occured_at_stage')),
    documents: docIdsOf(
      field(rec, 'based_on_a_realization_of'),
      field(rec, 'decided_on_a_realization_of'),
      field(rec, 'recorded_in_a_realization_of'),
      field(rec, 'documented_by_a_realization_of'),
    ),
  };
}

const isPlenaryDecision = (e: ProcedureEvent) => e.typeCode === 'PLENARY_DECISION' || e.typeCode === 'DEC-DCPL' || /-DEC-DCPL-/.test(e.id);

/** A procedures record → Procedure; null when it has no readable procedure id. */
export function procedureFromRecord(rec: JsonRecord, opts: TransformOptions = {}): Procedure | null {
  const id = parseProcedureId(asString(field(rec, 'process_id')) ?? idOf(rec.id));
  if (id === null) return null;
  const type = procedureTypeOf(field(rec, 'process_type'));
  const stage = stageOf(field(rec, 'current_stage'));
  const events = asArray(field(rec, 'consists_of'))
    .map(eventFrom)
    .filter((e) => e !== null)
    .sort((a, b) => (a.date ?? '').localeCompare(b.date ?? ''));
  const participants = asRecords(field(rec, 'had_participation'))
    .map((p) => participantFromRecord(p, opts.orgs))
    .filter((p) => p !== null);
  const decision = [...events].reverse().find(isPlenaryDecision) ?? null;
  const last = events[events.length - 1] ?? null;
  return {
    id,
    reference: asString(rec.label) ?? procedureLabel(id, type?.code),
    type: type?.code ?? null,
    typeName: type?.label ?? null,
    title: langText(field(rec, 'process_title'), opts.lang ?? 'en'),
    currentStage: stage === null ? null : { code: stage.code, name: stage.label },
    events,
    participants,
    documents: docIdsOf(field(rec, 'created_a_realization_of')),
    summary: {
      eventCount: events.length,
      firstEventDate: events[0]?.date ?? null,
      lastEventDate: last?.date ?? null,
      lastEventType: last?.type ?? null,
      plenaryDecisionDate: decision?.date ?? null,
      adoptedTexts: decision ? decision.documents.filter((d) => d.startsWith('TA-')) : [],
      leadCommittee: participants.find((p) => p.roleCode === 'COMMITTEE_LEAD')?.organisation ?? null,
      rapporteurMepIds: [...new Set(participants.filter((p) => p.roleCode === 'RAPPORTEUR' && p.mepId !== null).map((p) => p.mepId as string))],
    },
  };
}
