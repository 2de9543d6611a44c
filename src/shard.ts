import { enqueueActions, setup, stopChild, type AnyActorLogic } from 'xstate';

export type ShardEvent =
  | { type: 'spawn'; id: string; src: string; input: unknown }
  | { type: 'stop'; id: string };

/**
 * A parent for one slice of a large population (cache entries, sessions,
 * pipelines). XState copies a parent's children map on every spawn and stop,
 * so no parent may hold more than ~1k children; the system spreads each
 * population over many shards.
 */
export function createShardMachine(logic: Record<string, AnyActorLogic>) {
  return setup({
    types: {} as { events: ShardEvent },
    actors: logic,
    actions: {
      spawnOne: enqueueActions(({ enqueue, event }) => {
        if (event.type !== 'spawn') return;
        enqueue.spawnChild(event.src as never, { id: event.id, systemId: event.id, input: event.input as never });
      }),
      stopOne: stopChild(({ event }) => {
        const e = event as { id?: string; actorId?: string };
        return e.id ?? e.actorId ?? '';
      }),
    },
  }).createMachine({
    id: 'shard',
    on: {
      spawn: { actions: 'spawnOne' },
      stop: { actions: 'stopOne' },
      // A finished child leaves its shard; its owner has already read its result.
      'xstate.done.actor.*': { actions: 'stopOne' },
      // A child that fails ends alone; the shard and its siblings keep running.
      'xstate.error.actor.*': { actions: 'stopOne' },
    },
  });
}
