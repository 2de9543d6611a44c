import type { ActorRefFrom, SnapshotFrom } from 'xstate';
import type { sessionMachine } from '../machines/session.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Members } from './registry.ts';

export type SessionRef = ActorRefFrom<typeof sessionMachine>;
type SessionSnapshot = SnapshotFrom<typeof sessionMachine>;

export type AuthOutcome =
  | { ok: true; principal: string; roles: string[] }
  | { ok: false; reason: 'invalid' | 'locked' | 'error'; retryAfterMs?: number };

/** Session actors, one per principal. */
export class Sessions {
  constructor(
    private readonly sessions: Members<SessionRef>,
    private readonly clock: Clock,
    private readonly config: Config['session'],
  ) {}

  private id(principal: string) {
    return `session:${principal}`;
  }

  get(principal: string): SessionRef | undefined {
    return this.sessions.get(this.id(principal));
  }

  ensure(principal: string): SessionRef {
    return this.sessions.ensure(this.id(principal), () => ({ principal, ...this.config, now: this.clock.now() }));
  }

  async authenticate(principal: string, credential: string): Promise<AuthOutcome> {
    const ref = this.ensure(principal);
    // Every call verifies the key; callers cache keys they have already seen verified.
    ref.send({ type: 'CREDENTIALS', credential, at: this.clock.now() });
    const s = await settled(ref);
    if (s.matches('sessionActive')) return { ok: true, principal, roles: s.context.roles };
    if (s.matches('locked')) {
      return { ok: false, reason: 'locked', retryAfterMs: Math.max(0, (s.context.lockedUntil ?? 0) - this.clock.now()) };
    }
    return { ok: false, reason: s.context.lastOutcome === 'error' ? 'error' : 'invalid' };
  }

  touch(principal: string): void {
    this.get(principal)?.send({ type: 'REQUEST', at: this.clock.now() });
  }

  logout(principal: string): void {
    this.get(principal)?.send({ type: 'LOGOUT', at: this.clock.now() });
  }

  unlock(principal: string): boolean {
    const ref = this.get(principal);
    if (!ref?.getSnapshot().matches('locked')) return false;
    ref.send({ type: 'ADMIN_UNLOCK', at: this.clock.now() });
    return true;
  }

  get size(): number {
    return this.sessions.size;
  }

  list() {
    return [...this.sessions.ids()].flatMap((id) => {
      const s = this.sessions.get(id)?.getSnapshot();
      return s ? [{ principal: s.context.principal, state: String(s.value), roles: s.context.roles, lockedUntil: s.context.lockedUntil }] : [];
    });
  }
}

/** Resolves once the session is no longer waiting on its verifier or token refresh. */
function settled(ref: SessionRef): Promise<SessionSnapshot> {
  const busy = (s: SessionSnapshot) => s.status === 'active' && (s.matches('authenticating') || s.matches('tokenRefresh'));
  const now = ref.getSnapshot();
  if (!busy(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    const sub = ref.subscribe({
      next: (s) => {
        if (busy(s)) return;
        sub.unsubscribe();
        resolve(s);
      },
      error: () => resolve(ref.getSnapshot()),
    });
  });
}
