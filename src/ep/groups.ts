// Political groups. Every source spells them differently (facts sheet §4:
// API param `S-D`, DOCEO `S&D`, participations `org/S-D`, users "Greens/EFA"),
// so everything is normalised to one code set on the way in.

import { clean } from './input.ts';

/**
 * Canonical group codes are the DOCEO/`api:political-group` labels (the form
 * roll-call data uses). `ID` is kept for term-9 data; it is not an alias of PfE.
 */
export const GROUP_CODES = ['PPE', 'S&D', 'PfE', 'ECR', 'Renew', 'Verts/ALE', 'The Left', 'ESN', 'NI', 'ID'] as const;
export type GroupCode = (typeof GROUP_CODES)[number];

export interface GroupInfo {
  code: GroupCode;
  /** English short name users know (`EPP`, `Greens/EFA`). */
  display: string;
  /** Full English name. */
  name: string;
  /** Value for the `political-group` query param; null = not in the spec enum, filter locally. */
  apiParam: string | null;
  /** Org id used in participations (`politicalGroup: "org/S-D"`); PfE/ESN/ID forms are unverified. */
  orgId: string;
  /** Sits in the current (10th) term. */
  current: boolean;
}

export const GROUPS: Readonly<Record<GroupCode, GroupInfo>> = {
  PPE: { code: 'PPE', display: 'EPP', name: "Group of the European People's Party (Christian Democrats)", apiParam: 'PPE', orgId: 'org/PPE', current: true },
  'S&D': { code: 'S&D', display: 'S&D', name: 'Group of the Progressive Alliance of Socialists and Democrats in the European Parliament', apiParam: 'S-D', orgId: 'org/S-D', current: true },
  PfE: { code: 'PfE', display: 'PfE', name: 'Patriots for Europe Group', apiParam: null, orgId: 'org/PFE', current: true },
  ECR: { code: 'ECR', display: 'ECR', name: 'European Conservatives and Reformists Group', apiParam: 'ECR', orgId: 'org/ECR', current: true },
  Renew: { code: 'Renew', display: 'Renew', name: 'Renew Europe Group', apiParam: 'RENEW', orgId: 'org/RENEW', current: true },
  'Verts/ALE': { code: 'Verts/ALE', display: 'Greens/EFA', name: 'Group of the Greens/European Free Alliance', apiParam: 'VERTS-ALE', orgId: 'org/VERTS-ALE', current: true },
  'The Left': { code: 'The Left', display: 'The Left', name: 'The Left group in the European Parliament - GUE/NGL', apiParam: 'THE-LEFT', orgId: 'org/THE-LEFT', current: true },
  ESN: { code: 'ESN', display: 'ESN', name: 'Europe of Sovereign Nations Group', apiParam: null, orgId: 'org/ESN', current: true },
  NI: { code: 'NI', display: 'NI', name: 'Non-attached Members', apiParam: 'NI', orgId: 'org/NI', current: true },
  ID: { code: 'ID', display: 'ID', name: 'Identity and Democracy Group', apiParam: 'ID', orgId: 'org/ID', current: false },
};

/** Spellings → code, keyed by the upper-cased letters only (so `S&D`, `S-D`, `s_d` all meet at `SD`). */
const GROUP_ALIASES: ReadonlyMap<string, GroupCode> = new Map<string, GroupCode>([
  ['PPE', 'PPE'], ['EPP', 'PPE'], ['PPEDE', 'PPE'], ['EPPED', 'PPE'], ['EUROPEANPEOPLESPARTY', 'PPE'],
  ['SD', 'S&D'], ['SOCIALISTSANDDEMOCRATS', 'S&D'], ['SOCIALISTSDEMOCRATS', 'S&D'],
  ['PFE', 'PfE'], ['PATRIOTS', 'PfE'], ['PATRIOTSFOREUROPE', 'PfE'],
  ['ECR', 'ECR'], ['EUROPEANCONSERVATIVESANDREFORMISTS', 'ECR'],
  ['RENEW', 'Renew'], ['RENEWEUROPE', 'Renew'], ['ALDE', 'Renew'],
  ['VERTSALE', 'Verts/ALE'], ['GREENSEFA', 'Verts/ALE'], ['GREENS', 'Verts/ALE'], ['VERTS', 'Verts/ALE'],
  ['THELEFT', 'The Left'], ['LEFT', 'The Left'], ['GUENGL', 'The Left'], ['GUE', 'The Left'],
  ['ESN', 'ESN'], ['EUROPEOFSOVEREIGNNATIONS', 'ESN'],
  ['NI', 'NI'], ['NONATTACHED', 'NI'], ['NONINSCRITS', 'NI'], ['NONATTACHEDMEMBERS', 'NI'],
  ['ID', 'ID'], ['IDENTITYANDDEMOCRACY', 'ID'],
]);

/** Canonical group code from any known spelling (case-insensitive; `org/…` ids too), else null. */
export function parseGroup(input: unknown): GroupCode | null {
  const s = clean(input);
  if (s === null) return null;
  const key = s
    .replace(/&amp;/gi, '&')
    .replace(/^org\//i, '')
    .replace(/\s+group$/i, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  return GROUP_ALIASES.get(key) ?? null;
}

export function groupInfo(code: GroupCode): GroupInfo {
  return GROUPS[code];
}
