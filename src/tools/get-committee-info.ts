import { z } from 'zod';
import { committeeFromRecord, CommitteeSchema, resolveCommittee, type Committee } from '../ep/domain.ts';
import { parseCommitteeRef } from '../ep/ids.ts';
import { UserError } from '../errors.ts';
import type { Source, ToolDefinition } from '../tools.ts';
import { committeeRef, currentBodies, lang, records } from './common.ts';

const input = z
  .object({
    id: committeeRef.optional().describe('Committee abbreviation (ENVI) or numeric body id (7913)'),
    showCurrent: z.boolean().default(false).describe('List every current committee instead of one'),
    ...lang,
  })
  .strict();
type Input = z.infer<typeof input>;
const output = z.object({ committees: z.array(CommitteeSchema) });
type Output = z.infer<typeof output>;

const COMMITTEE = /^COMMITTEE_PARLIAMENTARY/;

/** Abbreviations can name historical bodies upstream (ECON → a 1989 body), so resolve through the current list. */
export const getCommitteeInfo: ToolDefinition<Input, Output> = {
  name: 'get_committee_info',
  title: 'Committee information',
  description: 'A parliamentary committee (or other EP body): full name, abbreviation, classification, period. Abbreviations resolve to the current body. With showCurrent, all current committees.',
  family: 'corporate-bodies',
  requiredRole: 'reader',
  ttl: 'committee',
  input,
  output,
  sources(p) {
    if (!p.id && !p.showCurrent) throw new UserError('give a committee id (e.g. ENVI) or set showCurrent');
    return [currentBodies];
  },
  expand(p, [bodies]): Source[] {
    if (!p.id) return [];
    const ref = parseCommitteeRef(p.id)!;
    const current = records(bodies).map((r) => committeeFromRecord(r, { current: true, lang: p.lang })).filter((c): c is Committee => c !== null);
    const found = resolveCommittee(current, ref);
    const bodyId = found?.id ?? (ref.kind === 'id' ? ref.id : null);
    if (!bodyId) throw new UserError(`no current committee ${p.id}`, 'not_found');
    return [{ family: 'corporate-bodies', path: `corporate-bodies/${bodyId}`, query: { language: p.lang }, ttl: 'committee' }];
  },
  resultKey: (p) => JSON.stringify(p),
  transform([bodies, detail], p) {
    if (!p.id) {
      const all = records(bodies).map((r) => committeeFromRecord(r, { current: true, lang: p.lang })).filter((c): c is Committee => c !== null && COMMITTEE.test(c.classification ?? ''));
      return { committees: all.sort((a, b) => (a.abbreviation ?? '').localeCompare(b.abbreviation ?? '')) };
    }
    const c = records(detail).map((r) => committeeFromRecord(r, { lang: p.lang }))[0];
    if (!c) throw new UserError(`no committee ${p.id}`, 'not_found');
    return { committees: [c] };
  },
  render: (r) => r.committees.map((c) => `${c.abbreviation ?? c.id}: ${c.name ?? '?'}${c.current ? '' : ` (${c.start ?? '?'}–${c.end ?? ''})`}`).join('\n'),
};
