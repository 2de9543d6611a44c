import { z } from 'zod';
import { procedureFromRecord, ProcedureSchema } from '../ep/domain.ts';
import { ProcedureIdSchema } from '../ep/ids.ts';
import { UserError } from '../errors.ts';
import type { ToolDefinition } from '../tools.ts';
import { lang, records } from './common.ts';

const input = z.object({ procedureId: ProcedureIdSchema, ...lang }).strict();
type Input = z.infer<typeof input>;
const output = ProcedureSchema;
type Output = z.infer<typeof output>;

export const trackLegislation: ToolDefinition<Input, Output> = {
  name: 'track_legislation',
  title: 'Track a legislative procedure',
  description: 'A legislative procedure (e.g. 2024/0001(COD)): title, type, current stage, events in order (referral, tabling, votes, decisions, trilogues), rapporteurs and shadows, lead committee and documents.',
  family: 'procedures',
  requiredRole: 'reader',
  ttl: 'document',
  input,
  output,
  sources: (p) => [{ family: 'procedures', path: `procedures/${p.procedureId}`, ttl: 'document' }],
  resultKey: (p) => `${p.procedureId}:${p.lang}`,
  transform([raw], p) {
    const rec = records(raw)[0];
    const proc = rec ? procedureFromRecord(rec, { lang: p.lang }) : null;
    if (!proc) throw new UserError(`no procedure ${p.procedureId}`, 'not_found');
    return proc;
  },
  render: (p) =>
    `${p.reference ?? p.id}: ${p.title ?? '(no title)'}\nStage: ${p.currentStage?.name ?? p.currentStage?.code ?? 'unknown'}; ${p.summary.eventCount} events, last ${p.summary.lastEventType ?? '?'} on ${p.summary.lastEventDate ?? '?'}.`,
};
