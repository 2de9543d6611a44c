// MEPs from `meps/show-current` / `meps` list items (minimal) and from the
// `meps/{id}` detail record, whose `hasMembership` array carries mandates,
// group, party, committee and delegation seats with their periods.
import { z } from 'zod';
import { GROUPS, parseCountry, parseGroup, parseMepId, parseTerm } from './ids.ts';
import { asRecords, asString, field, idOf, idTail, isRecord, readDate, type JsonRecord } from './jsonld.ts';
import { covers, orgLabel, roleOf, today, type OrgLookup, type TransformOptions } from './labels.ts';

export const PoliticalGroupSchema = z.object({
  /** Canonical code (`PPE`, `S&D`, `Verts/ALE`, …) or, if unrecognised, the label found in the data. */
  code: z.string(),
  /** English short name (`EPP`, `Greens/EFA`). */
  display: z.string(),
  name: z.string(),
});
export type PoliticalGroup = z.infer<typeof PoliticalGroupSchema>;

export const BodySeatSchema = z.object({
  /** Body id (`"6562"`); the tail of the membership's `organization`. */
  id: z.string(),
  abbreviation: z.string().nullable(),
  name: z.string().nullable(),
  /** `COMMITTEE_PARLIAMENTARY_STANDING`, `DELEGATION_PARLIAMENTARY`, … */
  classification: z.string(),
  /** Readable role: `Member`, `Chair`, `Vice-Chair`, `Substitute member`. */
  role: z.string(),
  roleCode: z.string(),
  since: z.string().nullable(),
  until: z.string().nullable(),
  current: z.boolean(),
});
export type BodySeat = z.infer<typeof BodySeatSchema>;

export const MandateSchema = z.object({
  term: z.number().int().nullable(),
  since: z.string().nullable(),
  until: z.string().nullable(),
  country: z.string().nullable(),
});

export const MepSchema = z.object({
  /** Numeric person id as a string (`"1294"`). */
  id: z.string(),
  name: z.string(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  /** EP ISO-2 (`EL` for Greece). */
  country: z.string().nullable(),
  politicalGroup: PoliticalGroupSchema.nullable(),
  nationalParty: z.string().nullable().optional(),
  gender: z.string().optional(),
  email: z.string().optional(),
  photoUrl: z.string().optional(),
  birthDate: z.string().optional(),
  /** In office on the reference date (see mepFromDetail). */
  active: z.boolean(),
  committees: z.array(BodySeatSchema),
  delegations: z.array(BodySeatSchema),
  mandates: z.array(MandateSchema),
  /** Parliamentary terms served, ascending. */
  terms: z.array(z.number().int()),
  /** True when built from `meps/{id}` (seats and mandates are known); false for list items. */
  detailed: z.boolean(),
});
export type Mep = z.infer<typeof MepSchema>;

/** Group of a raw label/org id: canonical when recognised, else what the data says. */
export function politicalGroupOf(raw: string | null, fallbackName?: string | null): PoliticalGroup | null {
  if (raw === null) return null;
  const code = parseGroup(raw);
  if (code !== null) return { code, display: GROUPS[code].display, name: GROUPS[code].name };
  return { code: raw, display: raw, name: fallbackName ?? raw };
}

function baseFields(rec: JsonRecord, id: string) {
  const joined = [asString(rec.givenName), asString(rec.familyName)].filter(Boolean).join(' ');
  return {
    id,
    name: asString(rec.label) ?? (joined || id),
    givenName: asString(rec.givenName),
    familyName: asString(rec.familyName),
  };
}

function mepIdOf(rec: JsonRecord): string | null {
  return parseMepId(asString(rec.identifier) ?? idOf(rec.id));
}

/**
 * A list item of `meps/show-current` (`active: true`) or `meps` (pass what the
 * caller knows). Only show-current items carry country and group.
 */
export function mepFromListItem(rec: JsonRecord, opts: { active: boolean }): Mep | null {
  const id = mepIdOf(rec);
  if (id === null) return null;
  return {
    ...baseFields(rec, id),
    country: parseCountry(asString(field(rec, 'country-of-representation'))),
    politicalGroup: politicalGroupOf(asString(field(rec, 'political-group'))),
    active: opts.active,
    committees: [],
    delegations: [],
    mandates: [],
    terms: [],
    detailed: false,
  };
}

interface Membership {
  orgId: string;
  role: { code: string; label: string };
  classification: string | null;
  since: string | null;
  until: string | null;
  represents: string | null;
}

function readMembership(m: JsonRecord): Membership | null {
  const orgId = idOf(field(m, 'organization'));
  if (orgId === null) return null;
  const period = field(m, 'memberDuring');
  const p = isRecord(period) ? period : m;
  return {
    orgId,
    role: roleOf(field(m, 'role')) ?? { code: 'MEMBER', label: 'Member' },
    classification: idTail(field(m, 'membershipClassification')),
    since: readDate(p, 'startDate'),
    until: readDate(p, 'endDate'),
    represents: parseCountry(asString(field(m, 'represents'))),
  };
}

const isMandate = (m: Membership) => m.role.code === 'MEMBER_PARLIAMENT' || /^org\/ep-\d+$/.test(m.orgId);

/** The membership covering `asOf`, else the one that started last. */
function pick(ms: Membership[], asOf: string): Membership | null {
  const sorted = [...ms].sort((a, b) => (b.since ?? '').localeCompare(a.since ?? ''));
  return sorted.find((m) => covers(m.since, m.until, asOf)) ?? sorted[0] ?? null;
}

function seat(m: Membership, orgs: OrgLookup | undefined, asOf: string): BodySeat {
  const org = orgLabel(orgs, m.orgId);
  return {
    id: org.id,
    abbreviation: org.abbreviation,
    name: org.name,
    classification: m.classification ?? 'UNKNOWN',
    role: m.role.label,
    roleCode: m.role.code,
    since: m.since,
    until: m.until,
    current: covers(m.since, m.until, asOf),
  };
}

export interface MepDetailOptions extends TransformOptions {
  /** Also list committee/delegation seats that ended before `asOf` (default: current only). */
  includePast?: boolean;
}

/**
 * The `meps/{id}` record → Mep.
 * - active: a parliamentary mandate (`MEMBER_PARLIAMENT`, org `org/ep-N`) covers
 *   `asOf`; records without mandate memberships fall back to a group membership.
 * - politicalGroup / nationalParty / country: the membership covering `asOf`,
 *   else the latest one (so former MEPs show their last group).
 * - committees: `COMMITTEE_PARLIAMENTARY_*` seats; delegations: `DELEGATION_*`.
 */
export function mepFromDetail(rec: JsonRecord, opts: MepDetailOptions = {}): Mep | null {
  const id = mepIdOf(rec);
  if (id === null) return null;
  const asOf = opts.asOf ?? today();
  const all = asRecords(field(rec, 'hasMembership')).map(readMembership).filter((m): m is Membership => m !== null);
  const mandates = all.filter(isMandate);
  const groups = all.filter((m) => m.classification === 'EU_POLITICAL_GROUP');
  const parties = all.filter((m) => m.classification === 'NATIONAL_POLITICAL_GROUP');

  const active = (mandates.length > 0 ? mandates : groups).some((m) => covers(m.since, m.until, asOf));
  const mandate = pick(mandates, asOf);
  const group = pick(groups, asOf);
  const party = pick(parties, asOf);
  const groupOrg = group ? orgLabel(opts.orgs, group.orgId) : null;
  const partyOrg = party ? orgLabel(opts.orgs, party.orgId) : null;

  const seats = (prefix: string) =>
    all
      .filter((m) => m.classification?.startsWith(prefix))
      .map((m) => seat(m, opts.orgs, asOf))
      .filter((s) => opts.includePast || s.current)
      .sort((a, b) => Number(b.current) - Number(a.current) || (b.since ?? '').localeCompare(a.since ?? ''));

  const mandateList = mandates
    .map((m) => ({ term: parseTerm(m.orgId), since: m.since, until: m.until, country: m.represents }))
    .sort((a, b) => (a.since ?? '').localeCompare(b.since ?? ''));

  const email = asString(field(rec, 'hasEmail'))?.replace(/^mailto:/i, '');
  const gender = idTail(field(rec, 'hasGender'));
  const photoUrl = asString(field(rec, 'img'));
  const birthDate = readDate(rec, 'bday');
  return {
    ...baseFields(rec, id),
    country: mandate?.represents ?? parseCountry(asString(field(rec, 'citizenship'))),
    politicalGroup: groupOrg ? politicalGroupOf(groupOrg.abbreviation ?? groupOrg.id, groupOrg.name) : null,
    nationalParty: partyOrg ? partyOrg.name ?? partyOrg.abbreviation ?? partyOrg.id : null,
    ...(gender ? { gender } : {}),
    ...(email ? { email } : {}),
    ...(photoUrl ? { photoUrl } : {}),
    ...(birthDate ? { birthDate } : {}),
    active,
    committees: seats('COMMITTEE_PARLIAMENTARY'),
    delegations: seats('DELEGATION'),
    mandates: mandateList,
    terms: [...new Set(mandateList.map((m) => m.term).filter((t): t is number => t !== null))].sort((a, b) => a - b),
    detailed: true,
  };
}
