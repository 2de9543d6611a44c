import { assign, setup } from 'xstate';
import { timeOf, untilDeadline, type Timed } from './deadline.ts';

/** One breaker per upstream endpoint family. */
export interface BreakerInput {
  family: string;
  failureThreshold: number;
  windowMs: number;
  openMs: number;
  now?: number;
}

export type BreakerVerdict = 'pass' | 'probe' | 'reject';

export interface BreakerContext {
  family: string;
  failureThreshold: number;
  windowMs: number;
  openMs: number;
  updatedAt: number;
  /** Failure times inside the sliding window. */
  failures: number[];
  openedAt: number | null;
  /** When the open breaker lets the next probe through. */
  nextProbeAt: number | null;
  probeInFlight: boolean;
  /** Answer to the latest REQUEST: callers read it right after sending. */
  verdict: BreakerVerdict | null;
  stats: { passed: number; rejected: number; successes: number; failures: number; opened: number };
}

export type BreakerEvent =
  | ({ type: 'REQUEST' } & Timed)
  | ({ type: 'SUCCESS' } & Timed)
  | ({ type: 'FAILURE' } & Timed)
  | ({ type: 'PROBE_ABORTED' } & Timed)
  | ({ type: 'REARM' } & Timed)
  | ({ type: 'RESET' } & Timed);

const inWindow = (c: BreakerContext, at: number) => c.failures.filter((t) => t > at - c.windowMs);

export const circuitBreakerMachine = setup({
  types: {} as { context: BreakerContext; events: BreakerEvent; input: BreakerInput },
  guards: {
    failureThresholdReached: ({ context, event }) =>
      inWindow(context, timeOf(context, event)).length + 1 >= context.failureThreshold,
    probeAvailable: ({ context }) => !context.probeInFlight,
    probeInFlight: ({ context }) => context.probeInFlight,
  },
  actions: {
    admit: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      verdict: 'pass' as const,
      stats: { ...context.stats, passed: context.stats.passed + 1 },
    })),
    admitProbe: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      verdict: 'probe' as const,
      probeInFlight: true,
      stats: { ...context.stats, passed: context.stats.passed + 1 },
    })),
    rejectFast: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      verdict: 'reject' as const,
      stats: { ...context.stats, rejected: context.stats.rejected + 1 },
    })),
    recordSuccess: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      stats: { ...context.stats, successes: context.stats.successes + 1 },
    })),
    recordFailure: assign(({ context, event }) => {
      const at = timeOf(context, event);
      return {
        updatedAt: at,
        failures: [...inWindow(context, at), at],
        stats: { ...context.stats, failures: context.stats.failures + 1 },
      };
    }),
    openCircuit: assign(({ context }) => ({
      openedAt: context.updatedAt,
      nextProbeAt: context.updatedAt + context.openMs,
      probeInFlight: false,
      stats: { ...context.stats, opened: context.stats.opened + 1 },
    })),
    enterHalfOpen: assign(({ context }) => ({
      // The timer fired at its deadline, so that is now the latest known time.
      updatedAt: Math.max(context.updatedAt, context.nextProbeAt ?? context.updatedAt),
      probeInFlight: false,
    })),
    releaseProbe: assign(({ context, event }) => ({ updatedAt: timeOf(context, event), probeInFlight: false })),
    closeCircuit: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      failures: [],
      openedAt: null,
      nextProbeAt: null,
      probeInFlight: false,
      stats: { ...context.stats, successes: context.stats.successes + 1 },
    })),
    touch: assign(({ context, event }) => ({ updatedAt: timeOf(context, event) })),
  },
  delays: {
    openTimeout: untilDeadline<BreakerContext>((c) => c.nextProbeAt),
  },
}).createMachine({
  id: 'circuit-breaker',
  initial: 'closed',
  context: ({ input }) => ({
    family: input.family,
    failureThreshold: input.failureThreshold,
    windowMs: input.windowMs,
    openMs: input.openMs,
    updatedAt: input.now ?? 0,
    failures: [],
    openedAt: null,
    nextProbeAt: null,
    probeInFlight: false,
    verdict: null,
    stats: { passed: 0, rejected: 0, successes: 0, failures: 0, opened: 0 },
  }),
  // Operator reset (admin tool): back to closed from anywhere.
  on: { RESET: { target: '.closed', actions: 'closeCircuit' } },
  states: {
    closed: {
      on: {
        REQUEST: { actions: 'admit' },
        SUCCESS: { actions: 'recordSuccess' },
        FAILURE: [
          { guard: 'failureThresholdReached', target: 'open', actions: ['recordFailure', 'openCircuit'] },
          { actions: 'recordFailure' },
        ],
      },
    },
    open: {
      after: { openTimeout: { target: 'halfOpen', actions: 'enterHalfOpen' } },
      on: {
        REQUEST: { actions: 'rejectFast' },
        // Restored from a snapshot: re-enter so the timer is armed for the time left.
        REARM: { target: 'open', reenter: true, actions: 'touch' },
      },
    },
    halfOpen: {
      on: {
        REQUEST: [{ guard: 'probeAvailable', actions: 'admitProbe' }, { actions: 'rejectFast' }],
        // Only the probe's outcome decides; late results of older calls are ignored.
        SUCCESS: { guard: 'probeInFlight', target: 'closed', actions: 'closeCircuit' },
        FAILURE: { guard: 'probeInFlight', target: 'open', actions: ['recordFailure', 'openCircuit'] },
        // A cancelled probe frees the slot, or half-open would wait forever.
        PROBE_ABORTED: { actions: 'releaseProbe' },
      },
    },
  },
});
