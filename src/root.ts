import { assign, enqueueActions, setup, stopChild, type AnyActorLogic } from 'xstate';

export interface RootInput {
  breakers: Array<{ systemId: string; input: unknown }>;
  /** Shard actors to start: one systemId each. */
  shards: string[];
}

/**
 * The root of the actor system: it owns the breakers and the shards, and every
 * other actor lives under a shard. Child logic is registered by name so that
 * persisted snapshots can be restored.
 */
export function createRootMachine(logic: { breaker: AnyActorLogic; shard: AnyActorLogic }) {
  return setup({
    types: {} as { input: RootInput; context: { errors: number } },
    actors: logic,
    actions: {
      startChildren: enqueueActions(({ enqueue, event }) => {
        const input = (event as unknown as { input: RootInput }).input;
        for (const b of input.breakers) enqueue.spawnChild('breaker', { id: b.systemId, systemId: b.systemId, input: b.input as never });
        for (const id of input.shards) enqueue.spawnChild('shard', { id, systemId: id });
      }),
      noteChildError: assign({ errors: ({ context }) => context.errors + 1 }),
      stopFailed: stopChild(({ event }) => (event as unknown as { actorId: string }).actorId),
    },
  }).createMachine({
    id: 'europarl-mcp',
    context: { errors: 0 },
    entry: 'startChildren',
    on: {
      // A failing child is contained: counted and stopped, never rethrown.
      'xstate.error.actor.*': { actions: ['noteChildError', 'stopFailed'] },
    },
  });
}
