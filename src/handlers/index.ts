import { FAMILIES } from '../breakers.ts';
import { siblingModule } from '../threads/module-url.ts';
import { computeHandler } from '../threads/stage.ts';
import type { HandlerRegistry } from '../tools.ts';

/**
 * One handler per endpoint family, imported on a worker's first (cold)
 * invocation; `doceo` also parses its XML in the instance's thread.
 * `analytics` only computes: the analytics seam's runner in the server.
 */
export const epHandlers: HandlerRegistry = {
  ...Object.fromEntries(FAMILIES.map((family) => [family, async () => (await import('./ep-api.ts')).handlerFor(family)])),
  doceo: async () => (await import('./doceo.ts')).doceoHandler,
  analytics: computeHandler(siblingModule(import.meta.url, './analytics.ts')),
};
