import type { AnyActorLogic, Snapshot } from 'xstate';
import type { BreakerContext } from '../../machines/circuit-breaker.ts';
import type { BreakerRef } from '../breakers.ts';
import type { Config } from '../config.ts';
import type { KeyValueStore } from '../environment.ts';
import type { SharedState } from './shared.ts';

export type BreakerMode = Config['store']['breakers'];
export type BreakerSnapshots = Record<string, Snapshot<unknown>>;

const key = (family: string) => `breaker:${family}`;

/**
 * Breaker logic that starts from a persisted snapshot when its spawn input
 * carries one (`restoreFrom`). The root spawns breakers by name with input
 * only; this lets a restart bring an open breaker back open, with its probe
 * time, instead of sending a burst of calls to an upstream known to be down.
 */
export function restorable<L extends AnyActorLogic>(logic: L): L {
  return Object.create(logic, {
    getInitialSnapshot: {
      value(scope: unknown, input: { restoreFrom?: Snapshot<unknown> } | undefined) {
        const from = input?.restoreFrom;
        return from ? logic.restoreSnapshot!(from, scope as never) : logic.getInitialSnapshot(scope as never, input);
      },
    },
  }) as L;
}

/**
 * A stored breaker as it may be restored: today's thresholds, and no probe in
 * flight (the process that sent it is gone, and its answer with it).
 */
export function restoredBreaker(saved: unknown, config: Config['breaker']): Snapshot<unknown> | undefined {
  const s = saved as { status?: string; value?: unknown; context?: BreakerContext } | undefined;
  if (!s || s.status !== 'active' || typeof s.value !== 'string' || !s.context) return undefined;
  return { ...s, context: { ...s.context, ...config, probeInFlight: false, verdict: null } } as unknown as Snapshot<unknown>;
}

/** The stored breakers, read before the system starts; none when the store does not answer. */
export async function loadBreakers(store: KeyValueStore, families: readonly string[], config: Config['breaker'], mode: BreakerMode): Promise<BreakerSnapshots> {
  if (mode === 'local') return {};
  const out: BreakerSnapshots = {};
  await Promise.all(
    families.map(async (f) => {
      const snap = restoredBreaker(await store.get(key(f)).catch(() => undefined), config);
      if (snap) out[f] = snap;
    }),
  );
  return out;
}

/**
 * Writes a breaker whenever its state changes (closed, open, halfOpen); in
 * `shared` mode also tells the other instances, whose breakers then refuse
 * calls until the probe time this one set (see Breakers.follow).
 */
export function persistBreaker(ref: BreakerRef, family: string, store: KeyValueStore, shared: SharedState, mode: BreakerMode, onError: (err: unknown) => void): void {
  if (mode === 'local') return;
  let last = String(ref.getSnapshot().value);
  // One write at a time: two writes in flight can land out of order and leave the older state stored.
  let writing: Promise<unknown> = Promise.resolve();
  ref.subscribe((s) => {
    const now = String(s.value);
    if (now === last || s.status !== 'active') return;
    last = now;
    const snapshot = ref.getPersistedSnapshot();
    writing = writing.then(() => store.set(key(family), snapshot)).catch(onError);
    if (mode === 'shared') shared.publish({ kind: 'breaker', family, snapshot }).catch(onError);
  });
}
