// Runs in the thread of an `analytics` worker instance: one named analytic
// (src/analytics/run.ts) on its input. Inputs and outputs are plain data.
import { ANALYTICS } from '../analytics/registry.ts';
import type { AnalyticName } from '../analytics/run.ts';

export interface AnalyticJob {
  name: AnalyticName;
  input: unknown;
}

export function run({ name, input }: AnalyticJob): unknown {
  const analytic = ANALYTICS[name] as ((input: unknown) => unknown) | undefined;
  if (typeof analytic !== 'function') throw new Error(`no analytic named '${String(name)}'`);
  return analytic(input);
}
