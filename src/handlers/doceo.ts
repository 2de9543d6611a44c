import { siblingModule } from '../threads/module-url.ts';
import type { HandlerModule } from '../tools.ts';
import type { DoceoJob } from './doceo-parse.ts';
import { handlerFor } from './ep-api.ts';

const KIND = /-(RCV|VOT)_[A-Z]{2}\.xml$/;

/**
 * DOCEO vote files: fetched (and kept in L2, raw) in the main thread like any
 * source, under the `doceo` breaker; parsed in the instance's thread.
 */
export const doceoHandler: HandlerModule = {
  upstream: handlerFor('doceo').upstream!,
  thread: {
    module: siblingModule(import.meta.url, './doceo-parse.ts'),
    input(params, data): { value: DoceoJob } {
      const kind = (KIND.exec(String(params.path ?? ''))?.[1] ?? null) as DoceoJob['kind'];
      return { value: { kind, xml: data } };
    },
  },
};
