import type { AnyActorRef } from 'xstate';
import { shardOf } from './hash.ts';
import type { Members } from './registry.ts';

/**
 * A large population of one kind of actor, spread over shard actors so that no
 * parent holds more than a few hundred children. Members are addressable by
 * systemId (their id) through the actor system.
 */
export class Population<Ref extends AnyActorRef = AnyActorRef> implements Members<Ref> {
  private readonly members = new Map<string, number>();

  constructor(
    readonly kind: string,
    private readonly src: string,
    private readonly shards: AnyActorRef[],
    private readonly lookup: (systemId: string) => AnyActorRef | undefined,
  ) {}

  get(id: string): Ref | undefined {
    if (!this.members.has(id)) return undefined;
    const ref = this.lookup(id);
    // A member that reached its final state has already left its shard.
    if (!ref) this.members.delete(id);
    return ref as Ref | undefined;
  }

  /** The member with this id, spawned with `input` if absent. */
  ensure(id: string, input: () => unknown): Ref {
    const existing = this.get(id);
    if (existing && existing.getSnapshot().status === 'active') return existing;
    if (existing) this.remove(id);
    const shard = shardOf(id, this.shards.length);
    this.shards[shard]!.send({ type: 'spawn', id, src: this.src, input: input() });
    const ref = this.lookup(id);
    if (!ref) throw new Error(`${this.kind} ${id} could not be spawned`);
    this.members.set(id, shard);
    return ref as Ref;
  }

  remove(id: string): void {
    const shard = this.members.get(id);
    if (shard === undefined) return;
    this.members.delete(id);
    this.shards[shard]!.send({ type: 'stop', id });
  }

  get size(): number {
    return this.members.size;
  }

  ids(): IterableIterator<string> {
    return this.members.keys();
  }

  /** Children per shard, to check the bound holds. */
  shardSizes(): number[] {
    return this.shards.map((s) => Object.keys((s.getSnapshot() as { children: object }).children).length);
  }
}
