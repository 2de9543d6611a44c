import { FAMILIES } from '../breakers.ts';
import type { HandlerRegistry } from '../tools.ts';

/** One handler per endpoint family, imported on a worker's first (cold) invocation. */
export const epHandlers: HandlerRegistry = Object.fromEntries(
  FAMILIES.map((family) => [family, async () => (await import('./ep-api.ts')).handlerFor(family)]),
);
