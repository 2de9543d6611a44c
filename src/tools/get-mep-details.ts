import { z } from 'zod';
import { mepFromDetail, MepSchema } from '../ep/domain.ts';
import { MepIdSchema } from '../ep/ids.ts';
import { UserError } from '../errors.ts';
import type { ToolDefinition } from '../tools.ts';
import { currentBodies, lang, orgsFrom, records } from './common.ts';

const input = z.object({ id: MepIdSchema, includePast: z.boolean().default(false).describe('Also list committee seats that have ended'), ...lang }).strict();
type Input = z.infer<typeof input>;
const output = MepSchema;
type Output = z.infer<typeof output>;

export const getMepDetails: ToolDefinition<Input, Output> = {
  name: 'get_mep_details',
  title: 'MEP details',
  description: 'One MEP: name, country, political group, national party, committee and delegation seats with roles (Chair, Vice-Chair, Member, Substitute), mandates and terms served.',
  family: 'meps',
  requiredRole: 'reader',
  ttl: 'mep',
  input,
  output,
  sources: (p) => [{ family: 'meps', path: `meps/${p.id}`, ttl: 'mep' }, currentBodies],
  resultKey: (p) => `${p.id}:${p.includePast}:${p.lang}`,
  transform([detail, bodies], p) {
    const rec = records(detail)[0];
    const mep = rec ? mepFromDetail(rec, { orgs: orgsFrom(bodies), lang: p.lang, includePast: p.includePast }) : null;
    if (!mep) throw new UserError(`no MEP with id ${p.id}`, 'not_found');
    return mep;
  },
  render(m) {
    const seats = m.committees.map((c) => `${c.abbreviation ?? c.name ?? c.id} (${c.role})`).join(', ');
    return `${m.name} (${m.id}), ${m.active ? 'sitting MEP' : 'former MEP'} for ${m.country ?? '?'}, ${m.politicalGroup?.display ?? 'no group'}${m.nationalParty ? `, ${m.nationalParty}` : ''}.${seats ? ` Committees: ${seats}.` : ''}`;
  },
};
