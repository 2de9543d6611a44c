import { fromPromise } from 'xstate';
import type { PopulateInput, PopulateOutput } from '../machines/cache-entry.ts';

/** How a cache entry gets its data; registered by whoever created the entry. */
export type Loader = (signal: AbortSignal) => Promise<PopulateOutput>;

/**
 * A cache entry's population. All concurrent readers of the key wait on this
 * one run, so identical misses make a single upstream call.
 */
export function populate(loaders: ReadonlyMap<string, Loader>) {
  return fromPromise<PopulateOutput, PopulateInput>(async ({ input, signal }) => {
    const load = loaders.get(input.key);
    if (!load) throw new Error(`no loader registered for cache key '${input.key}'`);
    return load(signal);
  });
}
