import { assign, setup } from 'xstate';
import { timeOf, untilDeadline, type Timed } from './deadline.ts';

/** One MCP client connection: stdio has one, HTTP one per MCP session id. */
export interface ConnectionInput {
  connectionId: string;
  transport: 'stdio' | 'http';
  idleAfterMs: number;
  disconnectAfterMs: number;
  rateLimitCooldownMs: number;
  now?: number;
}

export interface ConnectionContext extends Omit<ConnectionInput, 'now'> {
  updatedAt: number;
  principal: string | null;
  roles: string[];
  inFlight: number;
  requests: number;
  rejections: number;
  idleAt: number | null;
  disconnectAt: number | null;
  cooldownUntil: number | null;
  error: string | null;
}

export type ConnectionEvent =
  | ({ type: 'CONFIG_LOADED' } & Timed)
  | ({ type: 'CONFIG_ERROR'; error: string } & Timed)
  | ({ type: 'CLIENT_CONNECTED' } & Timed)
  | ({ type: 'AUTH_OK'; principal: string; roles: string[] } & Timed)
  | ({ type: 'AUTH_FAILED'; reason: string } & Timed)
  | ({ type: 'RETRY' } & Timed)
  | ({ type: 'SESSION_ESTABLISHED' } & Timed)
  | ({ type: 'REQUEST_STARTED' } & Timed)
  | ({ type: 'RESPONSE_SENT' } & Timed)
  | ({ type: 'QUOTA_EXCEEDED'; retryAfterMs?: number } & Timed)
  | ({ type: 'CLIENT_DISCONNECTED' } & Timed)
  | ({ type: 'SHUTDOWN' } & Timed)
  | ({ type: 'REARM' } & Timed);

export const connectionMachine = setup({
  types: {} as { context: ConnectionContext; events: ConnectionEvent; input: ConnectionInput },
  guards: {
    lastInFlight: ({ context }) => context.inFlight <= 1,
    nothingInFlight: ({ context }) => context.inFlight === 0,
    hasInFlight: ({ context }) => context.inFlight > 0,
  },
  actions: {
    touch: assign(({ context, event }) => ({ updatedAt: timeOf(context, event) })),
    noteConfigError: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      error: event.type === 'CONFIG_ERROR' ? event.error : 'configuration error',
    })),
    authenticate: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      principal: event.type === 'AUTH_OK' ? event.principal : null,
      roles: event.type === 'AUTH_OK' ? event.roles : [],
    })),
    noteRejection: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      rejections: context.rejections + 1,
      error: event.type === 'AUTH_FAILED' ? event.reason : null,
    })),
    armIdle: assign(({ context, event }) => {
      const at = timeOf(context, event);
      return { updatedAt: at, idleAt: at + context.idleAfterMs };
    }),
    startRequest: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      inFlight: context.inFlight + 1,
      requests: context.requests + 1,
    })),
    finishRequest: assign(({ context, event }) => {
      const at = timeOf(context, event);
      return { updatedAt: at, inFlight: Math.max(0, context.inFlight - 1), idleAt: at + context.idleAfterMs };
    }),
    startCooldown: assign(({ context, event }) => {
      const at = timeOf(context, event);
      const wait = event.type === 'QUOTA_EXCEEDED' && event.retryAfterMs ? event.retryAfterMs : context.rateLimitCooldownMs;
      return { updatedAt: at, cooldownUntil: at + wait };
    }),
    endCooldown: assign(({ context }) => {
      const at = Math.max(context.updatedAt, context.cooldownUntil ?? 0);
      return { updatedAt: at, cooldownUntil: null, idleAt: at + context.idleAfterMs };
    }),
    goIdle: assign(({ context }) => {
      const at = Math.max(context.updatedAt, context.idleAt ?? 0);
      return { updatedAt: at, disconnectAt: at + context.disconnectAfterMs };
    }),
    timeOut: assign(({ context }) => ({ updatedAt: Math.max(context.updatedAt, context.disconnectAt ?? 0) })),
    releaseClient: assign({ principal: null, roles: [], inFlight: 0, idleAt: null, disconnectAt: null, cooldownUntil: null }),
  },
  delays: {
    idleTimeout: untilDeadline<ConnectionContext>((c) => c.idleAt),
    disconnectTimeout: untilDeadline<ConnectionContext>((c) => c.disconnectAt),
    cooldown: untilDeadline<ConnectionContext>((c) => c.cooldownUntil),
  },
}).createMachine({
  id: 'connection',
  initial: 'initializing',
  context: ({ input }) => ({
    connectionId: input.connectionId,
    transport: input.transport,
    idleAfterMs: input.idleAfterMs,
    disconnectAfterMs: input.disconnectAfterMs,
    rateLimitCooldownMs: input.rateLimitCooldownMs,
    updatedAt: input.now ?? 0,
    principal: null,
    roles: [],
    inFlight: 0,
    requests: 0,
    rejections: 0,
    idleAt: null,
    disconnectAt: null,
    cooldownUntil: null,
    error: null,
  }),
  states: {
    initializing: {
      on: {
        CONFIG_LOADED: { target: 'ready', actions: 'touch' },
        CONFIG_ERROR: { target: 'failed', actions: 'noteConfigError' },
      },
    },
    ready: {
      on: {
        CLIENT_CONNECTED: { target: 'authenticating', actions: 'touch' },
        // Server stops before any client came: nothing to drain.
        SHUTDOWN: { target: 'closed', actions: 'touch' },
      },
    },
    authenticating: {
      on: {
        AUTH_OK: { target: 'authenticated', actions: 'authenticate' },
        AUTH_FAILED: { target: 'rejected', actions: 'noteRejection' },
      },
    },
    rejected: {
      on: { RETRY: { target: 'ready', actions: 'touch' } },
    },
    authenticated: {
      on: { SESSION_ESTABLISHED: { target: 'online.active', actions: 'armIdle' } },
    },
    online: {
      initial: 'active',
      on: {
        // From any online state: stop taking requests, finish those in flight.
        SHUTDOWN: { target: 'gracefulShutdown', actions: 'touch' },
      },
      states: {
        active: {
          // A request that woke an idle connection is already in flight.
          always: { guard: 'hasInFlight', target: 'processing' },
          after: { idleTimeout: { target: 'idle', actions: 'goIdle' } },
          on: {
            REQUEST_STARTED: { target: 'processing', actions: 'startRequest' },
            QUOTA_EXCEEDED: { target: 'rateLimited', actions: 'startCooldown' },
            CLIENT_DISCONNECTED: { target: '#connection.disconnecting', actions: 'touch' },
            REARM: { target: 'active', reenter: true, actions: 'touch' },
          },
        },
        processing: {
          on: {
            // Requests overlap: stay processing until the last one is answered.
            REQUEST_STARTED: { actions: 'startRequest' },
            RESPONSE_SENT: [
              { guard: 'lastInFlight', target: 'active', actions: 'finishRequest' },
              { actions: 'finishRequest' },
            ],
            CLIENT_DISCONNECTED: { target: '#connection.disconnecting', actions: 'touch' },
          },
        },
        rateLimited: {
          after: { cooldown: { target: 'active', actions: 'endCooldown' } },
          on: { REARM: { target: 'rateLimited', reenter: true, actions: 'touch' } },
        },
        idle: {
          after: { disconnectTimeout: { target: '#connection.disconnecting', actions: 'timeOut' } },
          on: {
            REQUEST_STARTED: { target: 'active', actions: ['armIdle', 'startRequest'] },
            REARM: { target: 'idle', reenter: true, actions: 'touch' },
          },
        },
      },
    },
    disconnecting: {
      always: { target: 'ready', actions: 'releaseClient' },
    },
    gracefulShutdown: {
      always: { guard: 'nothingInFlight', target: 'closed' },
      on: {
        RESPONSE_SENT: { actions: 'finishRequest' },
      },
    },
    closed: { type: 'final' },
    // Unrecoverable: the connection ends with its error in context.
    failed: { type: 'final' },
  },
});
