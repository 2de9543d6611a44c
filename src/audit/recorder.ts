import type { InspectionEvent } from 'xstate';
import type { AuditTrail } from './trail.ts';

/** Actors whose every state change is audited: sessions, breakers, connections. */
const AUDITED = /^(session|breaker|connection):/;

/**
 * Turns the system's inspection stream into audit entries: one per state
 * change of an audited actor (not per event, so a busy breaker's rejections do
 * not flood the trail).
 */
export function auditTransitions(trail: AuditTrail): (event: InspectionEvent) => void {
  const last = new Map<string, string>();
  return (event) => {
    if (event.type !== '@xstate.snapshot') return;
    const id = (event.actorRef as { id?: string }).id ?? '';
    if (!AUDITED.test(id)) return;
    const snapshot = event.snapshot as { value?: unknown; status?: string };
    const state = `${JSON.stringify(snapshot.value)}|${snapshot.status}`;
    const before = last.get(id);
    if (state === before) return;
    last.set(id, state);
    if (snapshot.status !== 'active') last.delete(id);
    trail.append('transition', { actor: id, from: before ? JSON.parse(before.split('|')[0]!) : null, to: snapshot.value ?? null, event: event.event.type, status: snapshot.status });
  };
}
