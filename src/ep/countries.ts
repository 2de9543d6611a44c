// Member-state codes as the EP uses them (facts sheet §4): ISO 3166 alpha-2
// except `EL` for Greece, with `UK` kept for historic data.

import { clean } from './input.ts';

/** EP-flavoured ISO-2 codes: `EL` for Greece, `UK` kept for historic data. */
export const COUNTRIES: Readonly<Record<string, { name: string; iso3: string }>> = {
  AT: { name: 'Austria', iso3: 'AUT' }, BE: { name: 'Belgium', iso3: 'BEL' },
  BG: { name: 'Bulgaria', iso3: 'BGR' }, CY: { name: 'Cyprus', iso3: 'CYP' },
  CZ: { name: 'Czechia', iso3: 'CZE' }, DE: { name: 'Germany', iso3: 'DEU' },
  DK: { name: 'Denmark', iso3: 'DNK' }, EE: { name: 'Estonia', iso3: 'EST' },
  EL: { name: 'Greece', iso3: 'GRC' }, ES: { name: 'Spain', iso3: 'ESP' },
  FI: { name: 'Finland', iso3: 'FIN' }, FR: { name: 'France', iso3: 'FRA' },
  HR: { name: 'Croatia', iso3: 'HRV' }, HU: { name: 'Hungary', iso3: 'HUN' },
  IE: { name: 'Ireland', iso3: 'IRL' }, IT: { name: 'Italy', iso3: 'ITA' },
  LT: { name: 'Lithuania', iso3: 'LTU' }, LU: { name: 'Luxembourg', iso3: 'LUX' },
  LV: { name: 'Latvia', iso3: 'LVA' }, MT: { name: 'Malta', iso3: 'MLT' },
  NL: { name: 'Netherlands', iso3: 'NLD' }, PL: { name: 'Poland', iso3: 'POL' },
  PT: { name: 'Portugal', iso3: 'PRT' }, RO: { name: 'Romania', iso3: 'ROU' },
  SE: { name: 'Sweden', iso3: 'SWE' }, SI: { name: 'Slovenia', iso3: 'SVN' },
  SK: { name: 'Slovakia', iso3: 'SVK' }, UK: { name: 'United Kingdom', iso3: 'GBR' },
};

const COUNTRY_ALIASES: Readonly<Record<string, string>> = { GR: 'EL', GB: 'UK', CZECHREPUBLIC: 'CZ', GREATBRITAIN: 'UK' };

const COUNTRY_LOOKUP: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>(Object.entries(COUNTRY_ALIASES));
  for (const [code, { name, iso3 }] of Object.entries(COUNTRIES)) {
    m.set(code, code);
    m.set(iso3, code);
    m.set(name.toUpperCase().replace(/[^A-Z]/g, ''), code);
  }
  return m;
})();

/**
 * Country code from what users type or data carries: `BE`, `gr` → `EL`,
 * `GB` → `UK`, `DEU`, `Germany`, or a Publications Office authority URI
 * (`…/authority/country/BEL`). Only EU members (+ UK) are accepted.
 */
export function parseCountry(input: unknown): string | null {
  const s = clean(input);
  if (s === null) return null;
  const tail = s.replace(/^https?:\/\/publications\.europa\.eu\/resource\/authority\/country\//i, '');
  const key = tail.toUpperCase().replace(/[^A-Z]/g, '');
  // Codes must be typed as codes (`B-E` or `B E` is not Belgium); names may carry spaces/hyphens.
  if (key.length === 0 || (key.length <= 3 && key !== tail.toUpperCase())) return null;
  return COUNTRY_LOOKUP.get(key) ?? null;
}

export function countryName(code: string): string | null {
  return COUNTRIES[code]?.name ?? null;
}
