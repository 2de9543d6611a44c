import { fromPromise } from 'xstate';
import type { HandlerRef } from '../machines/worker.ts';
import type { HandlerModule, HandlerRegistry } from '../src/tools.ts';

/**
 * A worker's cold start: import the handler module lazily, check it is a
 * handler, then run the module's own init. Loaded modules are shared
 * by the instances of a handler.
 */
export class HandlerRuntime {
  private readonly modules = new Map<string, HandlerModule>();

  constructor(private readonly registry: HandlerRegistry) {}

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

  /** Checks the loaded module is a handler at all before anything runs it. */
  prepareRuntime() {
    return fromPromise<void, HandlerRef>(async ({ input }) => {
      const m = this.module(input.handler) as Partial<HandlerModule>;
      if (typeof m.upstream !== 'function') throw new Error(`handler '${input.handler}' exports no upstream() function`);
      if (m.init !== undefined && typeof m.init !== 'function') throw new Error(`handler '${input.handler}' exports an init that is not a function`);
    });
  }

  initHandler() {
    return fromPromise<void, HandlerRef>(async ({ input }) => {
      await this.module(input.handler).init?.();
    });
  }
}
