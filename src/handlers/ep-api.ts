import type { UpstreamRequest } from '../environment.ts';
import type { HandlerModule } from '../tools.ts';

/** Path segments a tool may build: ids, names and slashes; never `..`, a query or a scheme. */
const SAFE_PATH = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9_\-/.()]*$/;

/** The handler for one endpoint family: the exact request, with the JSON-LD format the API needs. */
export function handlerFor(family: string): HandlerModule {
  return {
    upstream(params): UpstreamRequest {
      const path = String(params.path ?? '');
      if (!SAFE_PATH.test(path)) throw new Error(`refusing to build an upstream URL from path '${path}'`);
      const query = { ...((params.query as Record<string, string | number> | undefined) ?? {}) };
      const accept = typeof params.accept === 'string' ? params.accept : 'application/ld+json';
      // The API answers RDF/XML unless asked for JSON-LD in the query too.
      if (family !== 'doceo') query.format = 'application/ld+json';
      return { family, path, query, accept };
    },
  };
}
