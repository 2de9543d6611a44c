import { z } from 'zod';
import { mepFromDetail, mepFromListItem, MepSchema, page, pageOf, type Mep } from '../ep/domain.ts';
import { GROUPS, type GroupCode } from '../ep/groups.ts';
import { CountrySchema, GroupSchema, MepIdSchema } from '../ep/ids.ts';
import { UserError } from '../errors.ts';
import type { Source, ToolDefinition } from '../tools.ts';
import { committeeRef, currentBodies, lang, orgsFrom, paging, records } from './common.ts';

const input = z
  .object({
    country: CountrySchema.optional().describe('Country the MEP represents, e.g. BE, DE, EL'),
    group: GroupSchema.optional(),
    committee: committeeRef.optional().describe('Only members of this committee (e.g. ENVI); needs country or group in large sets'),
    active: z.boolean().default(true).describe('true: sitting MEPs; false: all MEPs of a term (see term)'),
    term: z.number().int().min(1).max(10).default(10).describe('Parliamentary term when active is false'),
    ...paging(50),
    ...lang,
  })
  .strict();
type Input = z.infer<typeof input>;

const output = page(MepSchema).extend({ filters: z.record(z.string(), z.string()) });
type Output = z.infer<typeof output>;

/** Checking committee seats needs each MEP's record: refuse rather than fetch hundreds. */
const MAX_DETAIL_FETCHES = 150;

function matchesGroup(m: Mep, group?: GroupCode) {
  return !group || m.politicalGroup?.code === group;
}

/** A past term's MEPs carry no country or group in list items, so those filters go upstream. */
function historicQuery(p: Input): Record<string, string | number> {
  const q: Record<string, string | number> = { 'parliamentary-term': p.term, limit: 1000 };
  if (p.country) q['country-of-representation'] = p.country;
  const param = p.group ? GROUPS[p.group].apiParam : null;
  if (p.group && !param) throw new UserError(`the group filter ${p.group} is not available for past terms (the EP API does not know it)`);
  if (param) q['political-group'] = param;
  return q;
}

export const getMeps: ToolDefinition<Input, Output> = {
  name: 'get_meps',
  title: 'List MEPs',
  description:
    'Members of the European Parliament, filtered by country, political group and committee. By default the sitting MEPs; ' +
    'with active=false, everyone who sat in a parliamentary term. Pages with limit/offset; total is given when known.',
  family: 'meps',
  requiredRole: 'reader',
  ttl: 'mep',
  input,
  output,
  sources: (p) =>
    p.active
      ? [{ family: 'meps', path: 'meps/show-current', query: { limit: 1000 }, ttl: 'mep' }, currentBodies]
      : [{ family: 'meps', path: 'meps', query: historicQuery(p), ttl: 'mep' }, currentBodies],
  expand(p, [list]) {
    if (!p.committee) return [];
    const candidates = records(list)
      .map((r) => mepFromListItem(r, { active: p.active }))
      .filter((m): m is Mep => m !== null && (!p.active || ((!p.country || m.country === p.country) && matchesGroup(m, p.group))));
    if (candidates.length > MAX_DETAIL_FETCHES) {
      throw new UserError(`the committee filter would check ${candidates.length} MEPs (limit ${MAX_DETAIL_FETCHES}): add a country or group filter`);
    }
    return candidates.map((m): Source => ({ family: 'meps', path: `meps/${MepIdSchema.parse(m.id)}`, ttl: 'mep', optional: true }));
  },
  resultKey: (p) => JSON.stringify(p),
  transform(raw, p) {
    const [list, bodies, ...details] = raw;
    const orgs = orgsFrom(bodies);
    let meps = records(list)
      .map((r) => mepFromListItem(r, { active: p.active }))
      .filter((m): m is Mep => m !== null);
    // Sitting MEPs come as one full list filtered here; a term's list was filtered upstream.
    if (p.active) meps = meps.filter((m) => (!p.country || m.country === p.country) && matchesGroup(m, p.group));
    if (p.committee) {
      const want = p.committee.toUpperCase();
      meps = details
        .flatMap((d) => records(d).slice(0, 1))
        .map((r) => mepFromDetail(r, { orgs, lang: p.lang }))
        .filter((m): m is Mep => m !== null && m.committees.some((c) => c.abbreviation?.toUpperCase() === want || c.id === want));
    }
    meps.sort((a, b) => (a.familyName ?? a.name).localeCompare(b.familyName ?? b.name));
    const filters: Record<string, string> = {};
    if (p.country) filters.country = p.country;
    if (p.group) filters.group = GROUPS[p.group].display;
    if (p.committee) filters.committee = p.committee;
    return { ...pageOf(meps, p.offset, p.limit), filters };
  },
  render(r) {
    const lines = r.items.map((m) => `- ${m.name} (${m.id}) — ${m.country ?? '?'}, ${m.politicalGroup?.display ?? 'no group'}`);
    return `${r.total ?? r.items.length} MEPs${Object.keys(r.filters).length ? ` matching ${JSON.stringify(r.filters)}` : ''}; showing ${r.offset + 1}-${r.offset + r.items.length}:\n${lines.join('\n')}${r.nextOffset !== null ? `\n(more: offset ${r.nextOffset})` : ''}`;
  },
};
