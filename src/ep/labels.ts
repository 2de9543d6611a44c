// Shared pieces of the domain transforms: the options every transform takes,
// the organisation lookup, and turning vocabulary codes into readable labels.
import { idTail } from './jsonld.ts';
import { DECISION_METHODS, DOCUMENT_TYPES, PROCEDURE_TYPES, ROLES } from './vocab.ts';

/** What we know about an organisation id without fetching it (built by buildOrgLookup). */
export interface OrgLabel {
  abbreviation: string | null;
  name: string | null;
}

/** Keyed by JSON-LD org id: `org/6562`, and also `org/AFCO` for abbreviations. */
export type OrgLookup = ReadonlyMap<string, OrgLabel>;

export interface TransformOptions {
  /** Language for labels and titles; English, then any language, is the fallback. */
  lang?: string;
  /** Organisation labels (committees, groups, parties), from corporate-bodies records. */
  orgs?: OrgLookup;
  /** Reference date (YYYY-MM-DD) for "current": defaults to today (UTC). */
  asOf?: string;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** `PLENARY_VOTE_RESULTS` → `Plenary vote results`. */
export function humanise(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function lookup(table: Readonly<Record<string, string>>, value: unknown): { code: string; label: string } | null {
  const code = idTail(value);
  if (code === null) return null;
  return { code, label: table[code] ?? humanise(code) };
}

/** `def/ep-roles/CHAIR_VICE` (or `CHAIR_VICE`) → `{ code: "CHAIR_VICE", label: "Vice-Chair" }`. */
export const roleOf = (v: unknown) => lookup(ROLES, v);
export const documentTypeOf = (v: unknown) => lookup(DOCUMENT_TYPES, v);
export const procedureTypeOf = (v: unknown) => lookup(PROCEDURE_TYPES, v);
export const decisionMethodOf = (v: unknown) => lookup(DECISION_METHODS, v);
/** Activity types have no recorded vocabulary: the code is humanised. */
export const activityTypeOf = (v: unknown) => lookup({}, v);

/** Publications Office procedure phases (`current_stage`, `occured_at_stage`). */
const STAGES: Readonly<Record<string, string>> = {
  RDG1: 'First reading',
  RDG2: 'Second reading',
  RDG3: 'Third reading',
  CON: 'Conciliation',
};
export const stageOf = (v: unknown) => lookup(STAGES, v);

/** `hasLocality` place authority codes → city. */
const PLACES: Readonly<Record<string, string>> = {
  FRA_SXB: 'Strasbourg',
  BEL_BRU: 'Brussels',
  LUX_LUX: 'Luxembourg',
};
export function placeName(code: string): string {
  return PLACES[code] ?? humanise(code);
}

/**
 * Label of an org id. Unknown ids keep what the id itself says: `org/AFCO`
 * yields the abbreviation `AFCO`, `org/6562` yields nothing but its id.
 */
export function orgLabel(orgs: OrgLookup | undefined, orgId: string): { id: string; abbreviation: string | null; name: string | null } {
  const id = idTail(orgId) ?? orgId;
  const known = orgs?.get(orgId) ?? orgs?.get(`org/${id}`);
  const abbreviation = known?.abbreviation ?? (/^\d+$/.test(id) ? null : id);
  return { id, abbreviation, name: known?.name ?? null };
}

/** Whether a period [start, end] covers `date`; open ends count as covering. */
export function covers(start: string | null, end: string | null, date: string): boolean {
  return (start === null || start <= date) && (end === null || end >= date);
}
