import { getShortestPaths, getSimplePaths, type StatePath } from '@xstate/graph';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { valueKey } from './graph.ts';
import { serializer, type Model } from './models.ts';
export { valueKey };

export type Path = StatePath<AnyMachineSnapshot, EventObject>;

/**
 * Shortest paths to every (state, abstraction, last event) node, which takes
 * every enabled transition at least once; plus simple paths between state
 * values, which walk the longer loops.
 */
export function pathsFor(model: Model, opts: { simpleLimit?: number } = {}): { shortest: Path[]; simple: Path[] } {
  const common = { input: model.input as never, events: model.events as never, limit: 100_000 };
  const shortest = getShortestPaths(model.machine, { ...common, serializeState: serializer(model) as never }) as Path[];
  let simple = getSimplePaths(model.machine, {
    ...common,
    serializeState: ((s: AnyMachineSnapshot) => `${valueKey(s)}|${JSON.stringify(model.abstract(s))}`) as never,
  }) as Path[];
  // Keep the longest simple paths: they chain the most transitions in one run.
  simple = simple.sort((a, b) => b.steps.length - a.steps.length).slice(0, opts.simpleLimit ?? 25);
  return { shortest, simple };
}
