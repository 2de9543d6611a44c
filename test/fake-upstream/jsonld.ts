/** JSON-LD building blocks shared by all fixtures: the envelope, authority URIs, language maps. */

export type Item = Record<string, unknown>;

/** The exact two-element context of every recorded payload (facts sheet §3.1). */
export const CONTEXT = [
  { data: '@graph', '@base': 'https://data.europarl.europa.eu/' },
  'https://data.europarl.europa.eu/api/v2/context.jsonld',
] as const;

export function envelope(data: readonly Item[], extra: Item = {}): Item {
  return { data, '@context': CONTEXT, ...extra };
}

export const AUTHORITY = 'http://publications.europa.eu/resource/authority/';
export const STRASBOURG = `${AUTHORITY}place/FRA_SXB`;
export const BRUSSELS = `${AUTHORITY}place/BEL_BRU`;
export const stage = (code: string) => `${AUTHORITY}procedure-phase/${code}`;
export const role = (code: string) => `def/ep-roles/${code}`;
export const entity = (code: string) => `def/ep-entities/${code}`;
export const activityType = (code: string) => `def/ep-activities/${code}`;
export const docType = (code: string) => `def/ep-document-types/${code}`;

/** EP two-letter country (EL for Greece, UK kept) → Publications Office three-letter code. */
export const COUNTRY3: Record<string, string> = {
  AT: 'AUT', BE: 'BEL', BG: 'BGR', CY: 'CYP', CZ: 'CZE', DE: 'DEU', DK: 'DNK', EE: 'EST', EL: 'GRC',
  ES: 'ESP', FI: 'FIN', FR: 'FRA', HR: 'HRV', HU: 'HUN', IE: 'IRL', IT: 'ITA', LT: 'LTU', LU: 'LUX',
  LV: 'LVA', MT: 'MLT', NL: 'NLD', PL: 'POL', PT: 'PRT', RO: 'ROU', SE: 'SWE', SI: 'SVN', SK: 'SVK',
  UK: 'GBR',
};
export const countryUri = (ep2: string) => `${AUTHORITY}country/${COUNTRY3[ep2]}`;

/** Language of the country's main language, for `originalLanguage`. */
export const LANGUAGE3: Record<string, string> = {
  AT: 'DEU', BE: 'FRA', BG: 'BUL', CZ: 'CES', DE: 'DEU', DK: 'DAN', EL: 'ELL', ES: 'SPA', FI: 'FIN',
  FR: 'FRA', HU: 'HUN', IE: 'ENG', IT: 'ITA', LU: 'FRA', NL: 'NLD', PL: 'POL', PT: 'POR', RO: 'RON',
  SE: 'SWE', SK: 'SLK', UK: 'ENG',
};
export const languageUri = (code3: string) => `${AUTHORITY}language/${code3}`;

export const labels = (en: string, fr?: string): Record<string, string> => (fr ? { en, fr } : { en });

const EU_LANGUAGES = new Set('bg es cs da de et el en fr ga hr it lv lt hu mt nl pl pt ro sk sl fi sv mul'.split(' '));

function isLanguageMap(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => EU_LANGUAGES.has(k));
}

/** The `language=xx` parameter narrows every language map to that one language (§2.2). */
export function narrowLanguage(value: unknown, lang: string): unknown {
  if (Array.isArray(value)) return value.map((v) => narrowLanguage(v, lang));
  if (isLanguageMap(value)) {
    return lang in value ? { [lang]: value[lang] } : {};
  }
  if (value && typeof value === 'object') {
    const out: Item = {};
    for (const [k, v] of Object.entries(value)) out[k] = narrowLanguage(v, lang);
    return out;
  }
  return value;
}

/** Calendar helpers on plain YYYY-MM-DD strings (UTC, no time zones involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEKDAYS_FR = ['Dimanche', 'Lundi', 'Mardi', 'Mercredi', 'Jeudi', 'Vendredi', 'Samedi'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_FR = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** "Monday, 13 January 2014" / "Lundi 13 janvier 2014", as sitting labels read upstream. */
export function dayLabels(date: string): Record<string, string> {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const w = d.getUTCDay();
  return {
    en: `${WEEKDAYS_EN[w]}, ${day} ${MONTHS_EN[m]} ${y}`,
    fr: `${WEEKDAYS_FR[w]} ${day} ${MONTHS_FR[m]} ${y}`,
  };
}

/** Central European offset for a date: +02:00 in summer time, +01:00 otherwise (close enough: EU rule). */
export function cetOffset(date: string): string {
  const y = Number(date.slice(0, 4));
  const lastSunday = (month: number) => {
    const d = new Date(Date.UTC(y, month + 1, 0));
    d.setUTCDate(d.getUTCDate() - d.getUTCDay());
    return d.toISOString().slice(0, 10);
  };
  return date >= lastSunday(2) && date < lastSunday(9) ? '+02:00' : '+01:00';
}

export const pad = (n: number, width: number) => String(n).padStart(width, '0');
