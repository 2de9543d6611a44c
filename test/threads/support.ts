import { loadConfig, type ConfigInput } from '../../src/config.ts';
import { createSystem } from '../../src/system.ts';
import type { HandlerRegistry } from '../../src/tools.ts';
import { computeHandler } from '../../src/threads/stage.ts';
import { testEnvironment } from '../support/env.ts';
import { testHandlers, testTools } from '../support/tools.ts';

export const threadModule = (name: string) => new URL(`../support/threads/${name}.ts`, import.meta.url).href;

/** Resolves once `ok()` holds (checked every few ms, for at most 2 s). */
export async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the condition never held');
}

/** A system with compute handlers over the test thread modules, on a simulated clock. */
export function threadWorld(config: ConfigInput = {}, handlers: HandlerRegistry = {}) {
  const t = testEnvironment(async () => ({ id: 1 }));
  const system = createSystem({
    env: t.env,
    config: loadConfig({ system: { shards: 2 }, ...config }),
    tools: testTools,
    handlers: {
      ...testHandlers,
      scripted: computeHandler(threadModule('scripted')),
      runaway: computeHandler(threadModule('runaway')),
      echo: computeHandler(threadModule('echo')),
      ...handlers,
    },
  });
  /** The instances of a handler, by id. */
  const instances = (handler: string) => [...system.populations.workers.ids()].filter((id) => id.startsWith(`worker:${handler}:`));
  /** Resolves once some instance of the handler is in `state`. */
  const reaches = async (handler: string, state: string) => {
    for (let i = 0; i < 400; i++) {
      for (const id of instances(handler)) {
        const ref = system.populations.workers.get(id);
        if (ref?.getSnapshot().matches(state as never)) return { id, ref };
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no instance of ${handler} reached ${state}`);
  };
  return { ...t, system, instances, reaches, until };
}
