// Policy areas of votes, from keywords in the voted item's English title. The first matching
// area wins, so more specific areas come first. Crude by design and documented as such.

export const TOPICS: ReadonlyArray<readonly [string, RegExp]> = [
  ['budget', /\b(budget|discharge|mff|multiannual financial framework|own resources|globalisation adjustment fund|solidarity fund)/i],
  ['agriculture and fisheries', /\b(agricultur|agri-food|farm|fisher|fishing|common agricultural policy|rural|forest)/i],
  ['environment and climate', /\b(climat|emission|environment|methane|soil|biodivers|pollut|nature|water|circular|waste)/i],
  ['energy', /\b(energy|electricity|gas\b|renewable|nuclear|hydrogen)/i],
  ['health', /\b(health|medicin|pharma|disease|cancer|tobacco)/i],
  ['trade', /\b(trade|tariff|customs|partnership agreement|anti-dumping|import|export)/i],
  ['foreign affairs and defence', /\b(foreign|defence|defense|military|security policy|ukraine|russia|gaza|israel|georgia|china|iran|syria|situation in|human rights|sanction|enlargement|neighbourhood)/i],
  ['justice and home affairs', /\b(migra|asylum|return|border|schengen|fundamental rights|rule of law|justice|police|crime|terroris|judicial)/i],
  ['economy and finance', /\b(econom|euro\b|digital euro|bank|financ|tax|competition|competitiveness|late payment|capital markets|investment|single market|consumer)/i],
  ['digital and industry', /\b(digital|data|artificial intelligence|\bai\b|cyber|cloud|raw materials|industr|semiconductor|space)/i],
  ['employment and social affairs', /\b(employ|social|traineeship|worker|labour|pension|cohesion|housing|gender|equality|poverty|child)/i],
  ['transport', /\b(transport|passenger|driving licen|vehicle|aviation|rail|maritime|road)/i],
  ['education and culture', /\b(erasmus|education|culture|media|youth|sport|research)/i],
  ['institutional affairs', /\b(rules of procedure|ombudsman|election|parliament|treaty|institution|petition|immunity)/i],
];

export const OTHER_TOPIC = 'other';

export function topicOf(title: string | null): string {
  if (!title) return OTHER_TOPIC;
  for (const [topic, re] of TOPICS) if (re.test(title)) return topic;
  return OTHER_TOPIC;
}
