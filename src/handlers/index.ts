import { FAMILIES } from '../breakers.ts';
import type { HandlerRegistry } from '../tools.ts';

/**
 * One handler per endpoint family, imported on a worker's first (cold)
 * invocation; `doceo` also parses its XML in the instance's thread.
 */
export const epHandlers: HandlerRegistry = {
  ...Object.fromEntries(FAMILIES.map((family) => [family, async () => (await import('./ep-api.ts')).handlerFor(family)])),
  doceo: async () => (await import('./doceo.ts')).doceoHandler,
};
