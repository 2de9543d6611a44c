// The stage plan shared by tools that read only roll calls (no per-MEP sources).
import type { Source } from '../tools.ts';
import { rollCallMatrix, type RollCallData } from './roll-call-matrix.ts';
import { rollCallFirst, rollCallSecond, rollCallThird, type Scope } from './roll-call-sources.ts';

export const rollCallStages = {
  sources: (p: Scope): Source[] => rollCallFirst(p),
  expand: (p: Scope, first: unknown[]): Source[] => rollCallSecond(p, first),
  fallback: (p: Scope, sofar: unknown[]): Source[] => {
    const n1 = rollCallFirst(p).length;
    return rollCallThird(p, sofar.slice(0, n1), sofar.slice(n1));
  },
};

/** The vote matrix of a tool that uses exactly `rollCallStages`. */
export function rollCallData(p: Scope, raw: unknown[]): Promise<RollCallData> {
  const n1 = rollCallFirst(p).length;
  const first = raw.slice(0, n1);
  const n2 = rollCallSecond(p, first).length;
  const second = raw.slice(n1, n1 + n2);
  return rollCallMatrix(p, first, second, raw.slice(n1 + n2));
}
