import type { ActorRefFrom, SnapshotFrom } from 'xstate';
import type { sessionMachine } from '../machines/session.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { waitFor, type Snapshot } from 'xstate';
import type { Registry } from './registry.ts';

export type SessionRef = ActorRefFrom<typeof sessionMachine>;
type SessionSnapshot = SnapshotFrom<typeof sessionMachine>;

export type AuthOutcome =
  | { ok: true; principal: string; roles: string[] }
  | { ok: false; reason: 'invalid' | 'locked' | 'error'; retryAfterMs?: number };

/** Where session state survives a restart: any keyv store. */
export interface SessionStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs?: number): Promise<unknown>;
  delete(key: string): Promise<boolean>;
}

/**
 * Session actors, one per principal. A session's snapshot is written to the
 * store whenever its state or failure count changes, so a lockout (with its
 * deadline) survives a restart; on first use a principal's session is
 * restored from there.
 */
export class Sessions {
  private readonly loading = new Map<string, Promise<SessionRef>>();

  constructor(
    private readonly sessions: Registry<SessionRef>,
    private readonly clock: Clock,
    private readonly config: Config['session'],
    private readonly store?: SessionStore,
    private readonly onStoreError: (err: unknown) => void = () => {},
  ) {}

  private key(principal: string) {
    return `session:${principal}`;
  }

  /** The live session, else the persisted one restored, else a new one. */
  async load(principal: string): Promise<SessionRef> {
    const live = this.get(principal);
    if (live && live.getSnapshot().status === 'active') return live;
    let pending = this.loading.get(principal);
    if (!pending) {
      pending = (async () => {
        const saved = await this.store?.get(this.key(principal)).catch((err) => (this.onStoreError(err), undefined));
        const again = this.get(principal);
        if (again && again.getSnapshot().status === 'active') return again;
        const ref = saved ? this.sessions.restore(this.id(principal), saved as Snapshot<unknown>) : this.ensure(principal);
        this.persistChanges(principal, ref);
        return ref;
      })().finally(() => this.loading.delete(principal));
      this.loading.set(principal, pending);
    }
    return pending;
  }

  private persistChanges(principal: string, ref: SessionRef) {
    if (!this.store) return;
    let last = '';
    const keep = this.config.lockoutMs + this.config.failureWindowMs;
    ref.subscribe((s) => {
      const mark = `${JSON.stringify(s.value)}|${s.context.failures.length}|${s.status}`;
      if (mark === last) return;
      last = mark;
      // An unlocked session ended by an admin leaves nothing to keep.
      const write = s.status !== 'active' ? this.store!.delete(this.key(principal)) : this.store!.set(this.key(principal), ref.getPersistedSnapshot(), keep);
      write.catch(this.onStoreError);
    });
  }

  private id(principal: string) {
    return `session:${principal}`;
  }

  get(principal: string): SessionRef | undefined {
    return this.sessions.get(this.id(principal));
  }

  ensure(principal: string): SessionRef {
    return this.sessions.ensure(this.id(principal), () => ({ principal, ...this.config, now: this.clock.now() }));
  }

  /**
   * Passivation: sessions idle past passivateAfterMs are written to the store
   * and their actors stopped; an anonymous session with nothing to remember is
   * dropped from both. Returns how many actors were stopped.
   */
  async reap(): Promise<number> {
    const now = this.clock.now();
    let stopped = 0;
    for (const id of [...this.sessions.ids()]) {
      const ref = this.sessions.get(id);
      const s = ref?.getSnapshot();
      if (!ref || !s || s.status !== 'active') continue;
      const idle = now - s.context.updatedAt;
      const forgettable = s.matches('anonymous') && s.context.failures.length === 0;
      if (!forgettable && idle < this.config.passivateAfterMs) continue;
      if (s.matches('authenticating') || s.matches('tokenRefresh')) continue;
      const principal = s.context.principal;
      try {
        if (forgettable) await this.store?.delete(this.key(principal));
        else await this.store?.set(this.key(principal), ref.getPersistedSnapshot(), this.config.lockoutMs + this.config.failureWindowMs + this.config.idleTimeoutMs);
      } catch (err) {
        this.onStoreError(err);
        continue; // kept live: stopping it now would lose it
      }
      this.sessions.remove(id);
      stopped++;
    }
    return stopped;
  }

  async authenticate(principal: string, credential: string): Promise<AuthOutcome> {
    const ref = await this.load(principal);
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

  /** Ends a lockout, also one restored from the store after a restart. */
  async unlock(principal: string): Promise<boolean> {
    const ref = await this.load(principal);
    if (!ref.getSnapshot().matches('locked')) return false;
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
  return waitFor(ref, (s) => !busy(s)).catch(() => ref.getSnapshot());
}
