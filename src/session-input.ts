import type { SessionInput } from '../machines/session.ts';
import type { Config } from './config.ts';

/**
 * A session actor's input. XState keeps an actor's input for the actor's
 * whole life, so this holds only what is the session's own (its principal and
 * start time) and reads the limits from the config all sessions share: 64
 * bytes a session instead of 104.
 */
export class SessionStart implements SessionInput {
  constructor(
    readonly principal: string,
    readonly now: number,
    private readonly limits: Config['session'],
  ) {}
  get maxFailures() {
    return this.limits.maxFailures;
  }
  get failureWindowMs() {
    return this.limits.failureWindowMs;
  }
  get lockoutMs() {
    return this.limits.lockoutMs;
  }
  get idleTimeoutMs() {
    return this.limits.idleTimeoutMs;
  }
  get tokenTtlMs() {
    return this.limits.tokenTtlMs;
  }
  get refreshLeadMs() {
    return this.limits.refreshLeadMs;
  }
}
