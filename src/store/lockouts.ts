import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { KeyValueStore } from '../environment.ts';
import type { SharedState } from './shared.ts';

/**
 * Lockout state every instance sees: failed authentications counted in one
 * atomic counter per principal, a lock mark that expires with the lockout,
 * and an unlock mark an admin leaves behind. The marks back up the notices
 * (which a Redis outage can lose): an instance that finds a principal locked
 * checks for a later unlock before it refuses.
 */
export class Lockouts {
  constructor(
    private readonly shared: SharedState,
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
    private readonly config: Config['session'],
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Until when another instance locked the principal; null when not, or unknown. */
  async lockedUntil(principal: string): Promise<number | null> {
    try {
      const until = await this.store.get(`lock:${principal}`);
      return typeof until === 'number' && until > this.clock.now() ? until : null;
    } catch (err) {
      this.onError(err);
      return null;
    }
  }

  /** Counts a failure; resolves to the failures in the shared window, or undefined if it cannot be counted. */
  async failed(principal: string): Promise<number | undefined> {
    try {
      return await this.shared.incr(`auth-failures:${principal}`, this.config.failureWindowMs);
    } catch (err) {
      this.onError(err);
      return undefined;
    }
  }

  async succeeded(principal: string): Promise<void> {
    await this.shared.reset(`auth-failures:${principal}`).catch(this.onError);
  }

  /** Marks the principal locked for all instances and tells them, with the session to adopt. */
  async locked(principal: string, lockedUntil: number, snapshot: unknown): Promise<void> {
    const ttl = Math.max(1, lockedUntil - this.clock.now());
    await Promise.all([
      this.store.set(`lock:${principal}`, lockedUntil, ttl).catch(this.onError),
      this.shared.publish({ kind: 'session-locked', principal, lockedUntil, snapshot }).catch(this.onError),
    ]);
  }

  async unlocked(principal: string): Promise<void> {
    const at = this.clock.now();
    await Promise.all([
      this.store.delete(`lock:${principal}`).catch(this.onError),
      this.store.set(`unlock:${principal}`, at, this.config.lockoutMs).catch(this.onError),
      this.shared.reset(`auth-failures:${principal}`).catch(this.onError),
      this.shared.publish({ kind: 'session-unlocked', principal, at }).catch(this.onError),
    ]);
  }

  /** When an admin last unlocked the principal on any instance, within a lockout's length. */
  async unlockedAt(principal: string): Promise<number | null> {
    try {
      const at = await this.store.get(`unlock:${principal}`);
      return typeof at === 'number' ? at : null;
    } catch (err) {
      this.onError(err);
      return null;
    }
  }
}
