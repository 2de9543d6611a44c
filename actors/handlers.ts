import { fromPromise } from 'xstate';
import type { HandlerRef } from '../machines/worker.ts';
import type { KeyValueStore } from '../src/environment.ts';
import type { HandlerModule, HandlerRegistry } from '../src/tools.ts';

/**
 * A worker's cold start: import the handler module lazily, make sure the store
 * it reads answers, then run the module's own init. Loaded modules are shared
 * by the instances of a handler.
 */
export class HandlerRuntime {
  private readonly modules = new Map<string, HandlerModule>();

  constructor(private readonly registry: HandlerRegistry, private readonly store: KeyValueStore) {}

  module(handler: string): HandlerModule {
    const m = this.modules.get(handler);
    if (!m) throw new Error(`handler '${handler}' is not loaded`);
    return m;
  }

  loadHandler() {
    return fromPromise<void, HandlerRef>(async ({ input }) => {
      const load = this.registry[input.handler];
      if (!load) throw new Error(`unknown handler '${input.handler}'`);
      this.modules.set(input.handler, await load());
    });
  }

  prepareRuntime() {
    return fromPromise<void, HandlerRef>(async () => {
      // A failing store is not fatal (requests go upstream), so only its absence is.
      await this.store.get('runtime:ping').catch(() => undefined);
    });
  }

  initHandler() {
    return fromPromise<void, HandlerRef>(async ({ input }) => {
      await this.module(input.handler).init?.();
    });
  }
}
