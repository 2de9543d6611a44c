import type { ActorRefFrom, SnapshotFrom } from 'xstate';
import type { sessionMachine } from '../machines/session.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { waitFor, type Snapshot } from 'xstate';
import type { Host } from './host.ts';
import { SessionStart } from './session-input.ts';
import type { Lockouts } from './store/lockouts.ts';

export type SessionRef = ActorRefFrom<typeof sessionMachine>;
type SessionSnapshot = SnapshotFrom<typeof sessionMachine>;

/** The mark of a signed-in session without failures. */
const SIGNED_IN = '"sessionActive"|0|active';

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
  /**
   * Per persisted session, the mark of the state last written (or found in
   * the store). The commonest mark, signed in without failures, is left
   * implied, so most sessions keep nothing here. A session made by ensure()
   * alone is not persisted (null).
   */
  private readonly written = new WeakMap<SessionRef, string | null>();
  private readonly marks = new Map<string, string>();
  /** Principals whose session is being made: not written until it is watched. */
  private readonly starting = new Set<string>();
  /** The write in flight per principal: writes queue behind it, or they could land out of order. */
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(
    private readonly sessions: Host<SessionRef>,
    private readonly clock: Clock,
    private readonly config: Config['session'],
    private readonly store?: SessionStore,
    private readonly onStoreError: (err: unknown) => void = () => {},
    /** Lockouts shared with other instances on the same store. */
    private readonly lockouts?: Lockouts,
  ) {
    // One watcher for all sessions: a subscription per session costs heap at 100k sessions.
    if (store) sessions.watch((ref, s) => this.persist(ref, s));
  }

  /** Principals whose change came from another instance: not told back. */
  private readonly quiet = new Set<string>();
  /** Lock and unlock marks being written: an answer waits for them, so every instance agrees once it is given. */
  private readonly telling = new Map<string, Promise<void>>();

  private tell(principal: string, work: Promise<void>) {
    const done = work.finally(() => this.telling.get(principal) === done && this.telling.delete(principal));
    this.telling.set(principal, done);
  }

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
        const ref = this.make(principal, () => (saved ? this.sessions.restore(this.id(principal), saved as Snapshot<unknown>) : this.start(principal)));
        this.persistChanges(ref);
        return ref;
      })().finally(() => this.loading.delete(principal));
      this.loading.set(principal, pending);
    }
    return pending;
  }

  /** From now on, the session's changes are written. A restored session is as stored: only what changes after is written. */
  private persistChanges(ref: SessionRef) {
    if (!this.store) return;
    const mark = this.markOf(ref.getSnapshot());
    if (mark === SIGNED_IN) this.written.delete(ref);
    else this.written.set(ref, mark);
  }

  /** Makes a session; what happens while it starts (a restored one's REARM) is not written. */
  private make(principal: string, make: () => SessionRef): SessionRef {
    this.starting.add(principal);
    try {
      return make();
    } finally {
      this.starting.delete(principal);
    }
  }

  private queueWrite(principal: string, op: () => Promise<unknown>): Promise<unknown> {
    const before = this.writes.get(principal);
    const run = before ? before.then(op, op) : op();
    this.writes.set(principal, run);
    const done = () => {
      if (this.writes.get(principal) === run) this.writes.delete(principal);
    };
    run.then(done, done);
    return run;
  }

  /** Marks are few (state x failures x status): one shared string each, not one per session. */
  private markOf(s: SessionSnapshot): string {
    const mark = `${JSON.stringify(s.value)}|${s.context.failures.length}|${s.status}`;
    return this.marks.get(mark) ?? (this.marks.set(mark, mark), mark);
  }

  private persist(ref: SessionRef, s: SessionSnapshot) {
    const principal = s.context.principal;
    const written = this.written.get(ref);
    if (written === null || this.starting.has(principal)) return;
    const last = written ?? SIGNED_IN;
    const now = this.markOf(s);
    // A session waiting on its verifier is never stored: the invoked verifier's input holds the
    // key itself, and a restored one would run again with it. The settled state is written next.
    if (now === last || (s.status === 'active' && (s.matches('authenticating') || s.matches('tokenRefresh')))) return;
    const wasLocked = last.startsWith('"locked"');
    if (now === SIGNED_IN) this.written.delete(ref);
    else this.written.set(ref, now);
    const keep = this.config.lockoutMs + this.config.failureWindowMs;
    // An unlocked session ended by an admin leaves nothing to keep.
    const snapshot = s.status !== 'active' ? null : ref.getPersistedSnapshot();
    this.queueWrite(principal, () => (snapshot === null ? this.store!.delete(this.key(principal)) : this.store!.set(this.key(principal), snapshot, keep))).catch(this.onStoreError);
    if (!this.lockouts || this.quiet.has(principal)) return;
    if (s.status === 'active' && s.matches('locked') && !wasLocked) this.tell(principal, this.lockouts.locked(principal, s.context.lockedUntil ?? 0, ref.getPersistedSnapshot()));
    else if (s.status === 'done' && wasLocked) this.tell(principal, this.lockouts.unlocked(principal));
  }

  /** Another instance locked the principal: this one holds the same locked session. */
  adopt(principal: string, snapshot: unknown): void {
    const live = this.get(principal);
    if (live?.getSnapshot().matches('locked')) return;
    if (live) this.sessions.remove(this.id(principal));
    try {
      this.persistChanges(this.make(principal, () => this.sessions.restore(this.id(principal), snapshot as Snapshot<unknown>)));
    } catch (err) {
      this.onStoreError(err);
    }
  }

  /** An admin unlocked the principal at `at` on another instance: a lock from before then ends here too. */
  release(principal: string, at: number): boolean {
    const ref = this.get(principal);
    const s = ref?.getSnapshot();
    if (!ref || !s?.matches('locked') || (s.context.lockedUntil ?? 0) - s.context.lockoutMs > at) return false;
    this.quiet.add(principal);
    try {
      ref.send({ type: 'ADMIN_UNLOCK', at: this.clock.now() });
    } finally {
      this.quiet.delete(principal);
    }
    return true;
  }

  private id(principal: string) {
    return `session:${principal}`;
  }

  get(principal: string): SessionRef | undefined {
    return this.sessions.get(this.id(principal));
  }

  ensure(principal: string): SessionRef {
    const before = this.get(principal);
    const ref = this.make(principal, () => this.start(principal));
    // Only what load() makes is persisted.
    if (this.store && ref !== before) this.written.set(ref, null);
    return ref;
  }

  private start(principal: string): SessionRef {
    return this.sessions.ensure(this.id(principal), () => new SessionStart(principal, this.clock.now(), this.config));
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
        const snapshot = ref.getPersistedSnapshot();
        const keep = this.config.lockoutMs + this.config.failureWindowMs + this.config.idleTimeoutMs;
        if (this.store) await this.queueWrite(principal, () => (forgettable ? this.store!.delete(this.key(principal)) : this.store!.set(this.key(principal), snapshot, keep)));
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
    let ref = await this.load(principal);
    // Locked here, but perhaps unlocked on another instance whose notice has not come (or was lost).
    if (this.lockouts && ref.getSnapshot().matches('locked')) {
      const at = await this.lockouts.unlockedAt(principal);
      if (at !== null && this.release(principal, at)) ref = await this.load(principal);
    }
    // Every call verifies the key; callers cache keys they have already seen verified.
    ref.send({ type: 'CREDENTIALS', credential, at: this.clock.now() });
    const s = await settled(ref);
    await this.telling.get(principal);
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
    if (!ref.getSnapshot().matches('locked')) {
      // Locked on another instance only: its lock mark says so.
      if (!this.lockouts || (await this.lockouts.lockedUntil(principal)) === null) return false;
      await this.lockouts.unlocked(principal);
      return true;
    }
    ref.send({ type: 'ADMIN_UNLOCK', at: this.clock.now() });
    await this.telling.get(principal);
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
