import { assign, setup } from 'xstate';
import { timeOf, untilDeadline, type Timed } from './deadline.ts';
import { notProvided } from './not-provided.ts';

/** One session per principal: authentication, lockout, token refresh, expiry. */
export interface SessionInput {
  principal: string;
  maxFailures: number;
  failureWindowMs: number;
  lockoutMs: number;
  idleTimeoutMs: number;
  tokenTtlMs: number;
  refreshLeadMs: number;
  now?: number;
}

export interface SessionContext extends Omit<SessionInput, 'now'> {
  updatedAt: number;
  roles: string[];
  /** Failed attempts inside the failure window. */
  failures: number[];
  lockedUntil: number | null;
  tokenExpiresAt: number | null;
  /** Inactivity deadline. */
  expiresAt: number | null;
  /** Digest of the current session token, never the token itself. */
  tokenDigest: string | null;
  refusedWhileLocked: number;
  lastOutcome: 'active' | 'failed' | 'locked' | 'refused' | 'error' | null;
}

/** The secret travels only in the event and the verifier's input, never in context. */
export type SessionEvent =
  | ({ type: 'CREDENTIALS'; credential: string } & Timed)
  | ({ type: 'REQUEST' } & Timed)
  | ({ type: 'LOGOUT' } & Timed)
  | ({ type: 'ADMIN_UNLOCK' } & Timed)
  | ({ type: 'REARM' } & Timed);

export interface VerifyInput { principal: string; credential: string }
export interface VerifyOutput {
  valid: boolean;
  roles: string[];
  tokenDigest: string | null;
  /** Failures in the window across every instance sharing a store, this one included. */
  failures?: number;
  /** Set when another instance already locked the principal. */
  lockedUntil?: number;
}
export interface RefreshInput { principal: string }
export interface RefreshOutput { tokenDigest: string }

const recent = (c: SessionContext, at: number) => c.failures.filter((t) => t > at - c.failureWindowMs);

export const sessionMachine = setup({
  types: {} as { context: SessionContext; events: SessionEvent; input: SessionInput },
  actors: {
    verifyCredentials: notProvided<VerifyOutput, VerifyInput>('verifyCredentials'),
    refreshToken: notProvided<RefreshOutput, RefreshInput>('refreshToken'),
  },
  guards: {
    credentialsValid: ({ event }) => (event as { output?: VerifyOutput }).output?.valid === true,
    failureLimitReached: ({ context, event }) => {
      const out = (event as { output?: VerifyOutput }).output;
      if ((out?.lockedUntil ?? 0) > context.updatedAt) return true;
      return Math.max(recent(context, context.updatedAt).length + 1, out?.failures ?? 0) >= context.maxFailures;
    },
  },
  actions: {
    noteAttempt: assign(({ context, event }) => ({ updatedAt: timeOf(context, event) })),
    startSession: assign(({ context, event }) => {
      const out = (event as unknown as { output: VerifyOutput }).output;
      return {
        roles: out.roles,
        tokenDigest: out.tokenDigest,
        failures: [],
        tokenExpiresAt: context.updatedAt + context.tokenTtlMs,
        expiresAt: context.updatedAt + context.idleTimeoutMs,
        lastOutcome: 'active' as const,
      };
    }),
    recordFailure: assign(({ context }) => ({
      failures: [...recent(context, context.updatedAt), context.updatedAt],
      lastOutcome: 'failed' as const,
    })),
    lock: assign(({ context, event }) => ({
      lockedUntil: (event as { output?: VerifyOutput }).output?.lockedUntil ?? context.updatedAt + context.lockoutMs,
      lastOutcome: 'locked' as const,
    })),
    refuseLocked: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      refusedWhileLocked: context.refusedWhileLocked + 1,
      lastOutcome: 'refused' as const,
    })),
    noteVerifierError: assign({ lastOutcome: 'error' as const }),
    touch: assign(({ context, event }) => {
      const at = timeOf(context, event);
      return { updatedAt: at, expiresAt: at + context.idleTimeoutMs };
    }),
    rearm: assign(({ context, event }) => ({ updatedAt: timeOf(context, event) })),
    beginRefresh: assign(({ context }) => ({
      updatedAt: Math.max(context.updatedAt, (context.tokenExpiresAt ?? 0) - context.refreshLeadMs),
    })),
    renewToken: assign(({ context, event }) => ({
      tokenDigest: (event as unknown as { output: RefreshOutput }).output.tokenDigest,
      tokenExpiresAt: context.updatedAt + context.tokenTtlMs,
    })),
    expire: assign(({ context }) => ({ updatedAt: Math.max(context.updatedAt, context.expiresAt ?? 0) })),
    clearSession: assign({ roles: [], tokenDigest: null, tokenExpiresAt: null, expiresAt: null }),
    unlockExpired: assign(({ context }) => ({
      updatedAt: Math.max(context.updatedAt, context.lockedUntil ?? 0),
      lockedUntil: null,
      failures: [],
    })),
    unlockByAdmin: assign(({ context, event }) => ({ updatedAt: timeOf(context, event), lockedUntil: null, failures: [] })),
  },
  delays: {
    lockout: untilDeadline<SessionContext>((c) => c.lockedUntil),
    tokenRefreshDue: untilDeadline<SessionContext>((c) => (c.tokenExpiresAt === null ? null : c.tokenExpiresAt - c.refreshLeadMs)),
    inactivity: untilDeadline<SessionContext>((c) => c.expiresAt),
  },
}).createMachine({
  id: 'session',
  initial: 'anonymous',
  context: ({ input }) => ({
    principal: input.principal,
    maxFailures: input.maxFailures,
    failureWindowMs: input.failureWindowMs,
    lockoutMs: input.lockoutMs,
    idleTimeoutMs: input.idleTimeoutMs,
    tokenTtlMs: input.tokenTtlMs,
    refreshLeadMs: input.refreshLeadMs,
    updatedAt: input.now ?? 0,
    roles: [],
    failures: [],
    lockedUntil: null,
    tokenExpiresAt: null,
    expiresAt: null,
    tokenDigest: null,
    refusedWhileLocked: 0,
    lastOutcome: null,
  }),
  states: {
    anonymous: {
      on: { CREDENTIALS: { target: 'authenticating', actions: 'noteAttempt' } },
    },
    authenticating: {
      invoke: {
        id: 'verify',
        src: 'verifyCredentials',
        input: ({ context, event }) => ({
          principal: context.principal,
          credential: event.type === 'CREDENTIALS' ? event.credential : '',
        }),
        onDone: [
          { guard: 'credentialsValid', target: 'sessionActive', actions: 'startSession' },
          { guard: 'failureLimitReached', target: 'locked', actions: ['recordFailure', 'lock'] },
          { target: 'anonymous', actions: 'recordFailure' },
        ],
        // The verifier broke: not the client's fault, so it is not counted as a failure.
        onError: { target: 'anonymous', actions: 'noteVerifierError' },
      },
    },
    sessionActive: {
      after: {
        tokenRefreshDue: { target: 'tokenRefresh', actions: 'beginRefresh' },
        inactivity: { target: 'sessionExpired', actions: 'expire' },
      },
      on: {
        // Re-entering restarts the inactivity timer from the new deadline.
        REQUEST: { target: 'sessionActive', reenter: true, actions: 'touch' },
        LOGOUT: { target: 'terminated', actions: 'noteAttempt' },
        REARM: { target: 'sessionActive', reenter: true, actions: 'rearm' },
        // A key not yet verified for this session is checked again: a wrong one counts toward lockout.
        CREDENTIALS: { target: 'authenticating', actions: 'noteAttempt' },
      },
    },
    tokenRefresh: {
      invoke: {
        id: 'refresh',
        src: 'refreshToken',
        input: ({ context }) => ({ principal: context.principal }),
        onDone: { target: 'sessionActive', actions: 'renewToken' },
        onError: { target: 'anonymous', actions: 'clearSession' },
      },
    },
    sessionExpired: { always: { target: 'anonymous', actions: 'clearSession' } },
    terminated: { always: { target: 'anonymous', actions: 'clearSession' } },
    locked: {
      after: { lockout: { target: 'anonymous', actions: 'unlockExpired' } },
      on: {
        // Even a correct credential is refused, and never reaches the verifier.
        CREDENTIALS: { actions: 'refuseLocked' },
        ADMIN_UNLOCK: { target: 'unlocked', actions: 'unlockByAdmin' },
        REARM: { target: 'locked', reenter: true, actions: 'rearm' },
      },
    },
    // Admin unlock ends this session actor; the principal starts afresh.
    unlocked: { type: 'final' },
  },
});
