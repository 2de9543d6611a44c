// The one seam through which tools and benches run an analytic. Today it runs in this thread;
// a worker-thread runtime can take over with setAnalyticsRunner, since every input and output is
// plain structured-clone data and each analytic is named.
import type { ANALYTICS } from './registry.ts';

export type AnalyticName = keyof typeof ANALYTICS;
export type AnalyticInput<N extends AnalyticName> = Parameters<(typeof ANALYTICS)[N]>[0];
export type AnalyticOutput<N extends AnalyticName> = ReturnType<(typeof ANALYTICS)[N]>;

export type AnalyticsRunner = <N extends AnalyticName>(name: N, input: AnalyticInput<N>) => Promise<AnalyticOutput<N>>;

/** Runs the analytic here, on the calling thread (loading the analytics on first use). */
export const inlineRunner: AnalyticsRunner = async (name, input) => {
  const { ANALYTICS: all } = await import('./registry.ts');
  return (all[name] as (i: typeof input) => AnalyticOutput<typeof name>)(input);
};

let runner: AnalyticsRunner = inlineRunner;

/** Route every later runAnalytic call through `next` (e.g. a worker pool); returns the previous runner. */
export function setAnalyticsRunner(next: AnalyticsRunner): AnalyticsRunner {
  const previous = runner;
  runner = next;
  return previous;
}

export function runAnalytic<N extends AnalyticName>(name: N, input: AnalyticInput<N>): Promise<AnalyticOutput<N>> {
  return runner(name, input);
}
