// Participations (`workHadParticipation` on documents, `had_participation` on
// procedures): who took part, in which role, for which body and group.
import { z } from 'zod';
import { parseGroup, parseMepId } from './ids.ts';
import { asString, field, firstField, idOf, idsOf, readDate, type JsonRecord } from './jsonld.ts';
import { orgLabel, roleOf, type OrgLookup } from './labels.ts';

export const ParticipantSchema = z.object({
  /** Readable role (`Rapporteur`, `Shadow rapporteur`, `Parliamentary committee responsible`). */
  role: z.string(),
  roleCode: z.string(),
  mepId: z.string().nullable(),
  /** Abbreviation of the body acted for or participating (`AFCO`, `CS`), else its id. */
  organisation: z.string().nullable(),
  /** Canonical political group code when given (`S&D`), else the raw tail. */
  group: z.string().nullable(),
  date: z.string().nullable(),
});
export type Participant = z.infer<typeof ParticipantSchema>;

export function participantFromRecord(rec: JsonRecord, orgs?: OrgLookup): Participant | null {
  const role = roleOf(field(rec, 'participation_role'));
  const person = idsOf(field(rec, 'had_participant_person'))[0];
  const orgId = idOf(firstField(rec, 'participation_in_name_of', 'had_participant_organization'));
  const groupId = idOf(field(rec, 'politicalGroup'));
  if (role === null && person === undefined && orgId === null) return null;
  const org = orgId === null ? null : orgLabel(orgs, orgId);
  return {
    role: role?.label ?? 'Participant',
    roleCode: role?.code ?? 'UNKNOWN',
    mepId: person === undefined ? null : parseMepId(person),
    organisation: org === null ? null : org.abbreviation ?? org.id,
    group: groupId === null ? null : parseGroup(groupId) ?? asString(groupId.replace(/^org\//, '')),
    date: readDate(rec, 'activity_date'),
  };
}
