import { assign, setup } from 'xstate';
import { timeOf, untilDeadline, type Timed } from './deadline.ts';
import { notProvided } from './not-provided.ts';

/**
 * One report, Step Functions style: validate, fetch three kinds of data (each
 * step retried on transient failures with exponential backoff), three analyses
 * in parallel, assemble, store, deliver; all under one execution deadline.
 */
export interface ReportInput {
  requestId: string;
  args: unknown;
  /** The whole execution must end within this (the deadline is kept in context). */
  timeoutMs: number;
  /** Attempts per fetch step, the first one included. */
  maxAttempts: number;
  /** Wait before the second attempt; each further wait is `backoffRate` times longer. */
  retryIntervalMs: number;
  backoffRate: number;
  now?: number;
}

export type FetchStep = 'mep' | 'voting' | 'documents';
export type Analysis = 'votingPatterns' | 'coalitions' | 'network';
export type ReportStep = 'validate' | FetchStep | 'analysis' | 'assemble' | 'store' | 'deliver';

/** What a fetch step's actor resolves with; `at` is when it finished. */
export interface StepData {
  /** The step's data, opaque to the machine. */
  value: unknown;
  /** Some of it was served stale because the EP API failed. */
  stale: boolean;
  /** No upstream call was needed. */
  cached: boolean;
  fetchedAt: number;
  at: number;
}

/** A step's failure as the machine classifies it. */
export interface StepError {
  code: string;
  message: string;
  transient: boolean;
  at?: number;
}

export interface ReportError {
  code: string;
  message: string;
  /** The step the workflow was in. */
  step: ReportStep | null;
}

/** The finished report: its JSON (with the Markdown) and the key it is stored under. */
export interface Assembled {
  id: string;
  value: Record<string, unknown>;
}

export interface ReportContext extends Omit<ReportInput, 'now'> {
  updatedAt: number;
  receivedAt: number;
  /** The execution deadline: receivedAt + timeoutMs. */
  deadlineAt: number;
  step: ReportStep | null;
  /** The validated request (report type, subject, period), opaque to the machine. */
  plan: unknown;
  data: Record<FetchStep, StepData | null>;
  /** Attempts made by the current fetch step. */
  attempt: number;
  nextRetryAt: number | null;
  lastError: StepError | null;
  analyses: Record<Analysis, unknown>;
  report: Assembled | null;
  stored: boolean;
  error: ReportError | null;
}

export type ReportEvent =
  | ({ type: 'CANCEL'; reason?: string } & Timed)
  | ({ type: 'REARM' } & Timed);

export interface ReportOutput {
  ok: boolean;
  report: Assembled | null;
  stored: boolean;
  error: ReportError | null;
  /** Some data was stale (served from the store while the EP API failed). */
  stale: boolean;
  /** Every source came from cache. */
  cached: boolean;
  /** The oldest data the report is built on. */
  fetchedAt: number | null;
}

export interface FetchInput { requestId: string; step: FetchStep; plan: unknown; data: Record<FetchStep, StepData | null> }
export interface AnalysisInput { requestId: string; analysis: Analysis; plan: unknown; data: Record<FetchStep, StepData | null> }
export interface AssembleInput { requestId: string; plan: unknown; data: Record<FetchStep, StepData | null>; analyses: Record<Analysis, unknown> }
export interface StoreInput { requestId: string; report: Assembled }

const output = <T>(event: unknown) => (event as { output: T }).output;
const errorOf = (event: unknown) => (event as { error?: unknown }).error;

/** Wait before attempt `attempt + 1`: interval, interval x rate, interval x rate^2, ... */
export function retryDelayMs(c: Pick<ReportContext, 'retryIntervalMs' | 'backoffRate'>, attempt: number): number {
  return Math.round(c.retryIntervalMs * c.backoffRate ** Math.max(0, attempt - 1));
}

export function toStepError(e: unknown): StepError {
  const x = (e ?? {}) as Partial<StepError> & { message?: string };
  return {
    code: typeof x.code === 'string' ? x.code : 'internal',
    message: typeof x.message === 'string' ? x.message : String(e),
    transient: x.transient === true,
    ...(typeof x.at === 'number' ? { at: x.at } : {}),
  };
}

/** The time a step's outcome carries, else the machine's last known time. */
const outcomeTime = (context: ReportContext, event: unknown) => {
  const e = event as { output?: { at?: unknown }; error?: { at?: unknown } };
  return timeOf(context, { at: e.output?.at ?? e.error?.at });
};

const STEP_NAMES: Record<FetchStep, string> = { mep: 'MEP data', voting: 'voting data', documents: 'documents' };

/** A fetch state and its retry state, for one step. */
function fetchStates(step: FetchStep, fetchState: string, retryState: string, next: string, src: 'fetchMepData' | 'fetchVotingData' | 'fetchDocuments') {
  return {
    [fetchState]: {
      entry: [{ type: 'enterStep', params: { step } }, 'countAttempt', 'notifyProgress'],
      invoke: {
        src, id: step,
        input: ({ context }: { context: ReportContext }) => ({ requestId: context.requestId, step, plan: context.plan, data: context.data }),
        onDone: { target: next, actions: { type: 'keepData', params: { step } } },
        onError: [
          // Not worth another attempt (no such MEP, bad data): the catch path.
          { guard: 'permanentError', target: '#report-workflow.failed', actions: 'failStep' },
          { target: retryState, actions: ['noteError', 'scheduleRetry'] },
        ],
      },
    },
    [retryState]: {
      always: { guard: 'retriesSpent', target: '#report-workflow.failed', actions: 'giveUp' },
      entry: 'notifyRetry',
      after: { retryBackoff: { target: fetchState, actions: 'retryNow' } },
      on: { REARM: { target: retryState, reenter: true, actions: 'touch' } },
    },
  } as const;
}

/** One analysis as a region of the parallel state: running, then done. */
function analysisRegion(analysis: Analysis, src: 'analyzeVotingPatterns' | 'analyzeCoalitions' | 'generateNetworkGraph', running: string, done: string) {
  return {
    initial: running,
    states: {
      [running]: {
        invoke: {
          src, id: analysis,
          input: ({ context }: { context: ReportContext }) => ({ requestId: context.requestId, analysis, plan: context.plan, data: context.data }),
          onDone: { target: done, actions: { type: 'keepAnalysis', params: { analysis } } },
          // All branches must succeed: one failing analysis fails the report.
          onError: { target: '#report-workflow.failed', actions: { type: 'failAnalysis', params: { analysis } } },
        },
      },
      [done]: { type: 'final', entry: { type: 'notifyAnalysis', params: { analysis } } },
    },
  } as const;
}

export const reportWorkflowMachine = setup({
  types: {} as { context: ReportContext; events: ReportEvent; input: ReportInput; output: ReportOutput },
  actors: {
    validateReport: notProvided<unknown, { requestId: string; args: unknown }>('validateReport'),
    fetchMepData: notProvided<StepData, FetchInput>('fetchMepData'),
    fetchVotingData: notProvided<StepData, FetchInput>('fetchVotingData'),
    fetchDocuments: notProvided<StepData, FetchInput>('fetchDocuments'),
    analyzeVotingPatterns: notProvided<unknown, AnalysisInput>('analyzeVotingPatterns'),
    analyzeCoalitions: notProvided<unknown, AnalysisInput>('analyzeCoalitions'),
    generateNetworkGraph: notProvided<unknown, AnalysisInput>('generateNetworkGraph'),
    assembleReport: notProvided<Assembled, AssembleInput>('assembleReport'),
    storeReport: notProvided<void, StoreInput>('storeReport'),
  },
  guards: {
    permanentError: ({ event }) => !toStepError(errorOf(event)).transient,
    retriesSpent: ({ context }) => context.attempt >= context.maxAttempts,
  },
  actions: {
    keepPlan: assign(({ event }) => ({ plan: output<unknown>(event) })),
    reject: assign(({ event }) => ({ error: { code: 'invalid_params', message: toStepError(errorOf(event)).message, step: 'validate' as const } })),
    enterStep: assign((_, params: { step: ReportStep }) => ({ step: params.step })),
    countAttempt: assign(({ context }) => ({ attempt: context.attempt + 1 })),
    keepData: assign(({ context, event }, params: { step: FetchStep }) => ({
      updatedAt: outcomeTime(context, event),
      data: { ...context.data, [params.step]: output<StepData>(event) },
      attempt: 0,
      nextRetryAt: null,
      lastError: null,
    })),
    noteError: assign(({ context, event }) => ({ updatedAt: outcomeTime(context, event), lastError: toStepError(errorOf(event)) })),
    scheduleRetry: assign(({ context }) => ({ nextRetryAt: context.updatedAt + retryDelayMs(context, context.attempt) })),
    retryNow: assign(({ context }) => ({ updatedAt: Math.max(context.updatedAt, context.nextRetryAt ?? 0), nextRetryAt: null })),
    failStep: assign(({ context, event }) => {
      const e = toStepError(errorOf(event));
      const what = context.step && context.step in STEP_NAMES ? STEP_NAMES[context.step as FetchStep] : 'data';
      return { updatedAt: outcomeTime(context, event), error: { code: e.code, message: `fetching ${what} failed: ${e.message}`, step: context.step } };
    }),
    giveUp: assign(({ context }) => {
      const what = context.step && context.step in STEP_NAMES ? STEP_NAMES[context.step as FetchStep] : 'data';
      return {
        error: {
          code: 'upstream_unavailable',
          message: `fetching ${what} failed after ${context.attempt} attempts: ${context.lastError?.message ?? 'the EP API did not answer'}`,
          step: context.step,
        },
      };
    }),
    keepAnalysis: assign(({ context, event }, params: { analysis: Analysis }) => ({ analyses: { ...context.analyses, [params.analysis]: output<unknown>(event) } })),
    failAnalysis: assign(({ event }, params: { analysis: Analysis }) => ({
      error: { code: 'analysis_failed', message: `the ${params.analysis} analysis failed: ${toStepError(errorOf(event)).message}`, step: 'analysis' as const },
    })),
    keepReport: assign(({ event }) => ({ report: output<Assembled>(event) })),
    noteStored: assign({ stored: true }),
    noteNotStored: assign({ stored: false }),
    timeOut: assign(({ context }) => ({
      updatedAt: Math.max(context.updatedAt, context.deadlineAt),
      error: {
        code: 'timeout',
        message: `the report did not finish within ${Math.round(context.timeoutMs / 1000)} s${context.step ? ` (it was at step '${context.step}')` : ''}`,
        step: context.step,
      },
    })),
    cancel: assign(({ context, event }) => ({
      updatedAt: timeOf(context, event),
      error: { code: 'cancelled', message: (event as { reason?: string }).reason ?? 'cancelled by the client', step: context.step },
    })),
    touch: assign(({ context, event }) => ({ updatedAt: timeOf(context, event) })),
    /** Progress for the caller at every step; plugged in by the system. */
    notifyProgress: () => {},
    notifyRetry: () => {},
    notifyAnalysis: (_, _params: { analysis: Analysis }) => {},
  },
  delays: {
    executionTimeout: untilDeadline<ReportContext>((c) => c.deadlineAt),
    retryBackoff: untilDeadline<ReportContext>((c) => c.nextRetryAt),
  },
}).createMachine({
  id: 'report-workflow',
  initial: 'validateRequest',
  context: ({ input }) => ({
    requestId: input.requestId,
    args: input.args,
    timeoutMs: input.timeoutMs,
    maxAttempts: input.maxAttempts,
    retryIntervalMs: input.retryIntervalMs,
    backoffRate: input.backoffRate,
    updatedAt: input.now ?? 0,
    receivedAt: input.now ?? 0,
    deadlineAt: (input.now ?? 0) + input.timeoutMs,
    step: null,
    plan: null,
    data: { mep: null, voting: null, documents: null },
    attempt: 0,
    nextRetryAt: null,
    lastError: null,
    analyses: { votingPatterns: null, coalitions: null, network: null },
    report: null,
    stored: false,
    error: null,
  }),
  // The client cancelled: leaving the running state stops every step in flight.
  on: { CANCEL: { target: '.cancelled', actions: 'cancel' } },
  states: {
    validateRequest: {
      entry: [{ type: 'enterStep', params: { step: 'validate' } }, 'notifyProgress'],
      invoke: {
        src: 'validateReport', id: 'validate',
        input: ({ context }) => ({ requestId: context.requestId, args: context.args }),
        // Entering a step of the running state arms its deadline region too.
        onDone: { target: 'running.steps.fetchMEPData', actions: 'keepPlan' },
        onError: { target: 'rejected', actions: 'reject' },
      },
    },
    running: {
      type: 'parallel',
      states: {
        // The execution deadline, in a region of its own so that REARM re-arms it without restarting a step.
        deadline: {
          initial: 'armed',
          states: {
            armed: {
              after: { executionTimeout: { target: '#report-workflow.timedOut', actions: 'timeOut' } },
              on: { REARM: { target: 'armed', reenter: true, actions: 'touch' } },
            },
          },
        },
        steps: {
          initial: 'fetchMEPData',
          states: {
            ...fetchStates('mep', 'fetchMEPData', 'retryMEP', 'fetchVotingData', 'fetchMepData'),
            ...fetchStates('voting', 'fetchVotingData', 'retryVoting', 'fetchDocuments', 'fetchVotingData'),
            ...fetchStates('documents', 'fetchDocuments', 'retryDocuments', 'parallelAnalysis', 'fetchDocuments'),
            parallelAnalysis: {
              type: 'parallel',
              entry: [{ type: 'enterStep', params: { step: 'analysis' } }, 'notifyProgress'],
              states: {
                analyzeVotingPatterns: analysisRegion('votingPatterns', 'analyzeVotingPatterns', 'analyzingVotes', 'votesAnalyzed'),
                analyzeCoalitions: analysisRegion('coalitions', 'analyzeCoalitions', 'analyzingCoalitions', 'coalitionsAnalyzed'),
                generateNetworkGraph: analysisRegion('network', 'generateNetworkGraph', 'buildingGraph', 'graphBuilt'),
              },
              onDone: 'waitForAll',
            },
            // The join: every branch has finished.
            waitForAll: { always: 'generatePDFReport' },
            // Seed name kept; the report is Markdown plus JSON.
            generatePDFReport: {
              entry: [{ type: 'enterStep', params: { step: 'assemble' } }, 'notifyProgress'],
              invoke: {
                src: 'assembleReport', id: 'assemble',
                input: ({ context }) => ({ requestId: context.requestId, plan: context.plan, data: context.data, analyses: context.analyses }),
                // Pure work on checked data: an unexpected throw fails this actor alone, answered as an internal error.
                onDone: { target: 'uploadToS3', actions: 'keepReport' },
              },
            },
            // Seed name kept; the report goes to the L2 store, where `ep://reports/{id}` reads it.
            uploadToS3: {
              entry: [{ type: 'enterStep', params: { step: 'store' } }, 'notifyProgress'],
              invoke: {
                src: 'storeReport', id: 'store',
                input: ({ context }) => ({ requestId: context.requestId, report: context.report! }),
                onDone: { target: 'sendNotification', actions: 'noteStored' },
                // The report is good even if it could not be kept.
                onError: { target: 'sendNotification', actions: 'noteNotStored' },
              },
            },
            sendNotification: {
              entry: [{ type: 'enterStep', params: { step: 'deliver' } }, 'notifyProgress'],
              always: '#report-workflow.delivered',
            },
          },
        },
      },
    },
    delivered: { type: 'final' },
    rejected: { type: 'final' },
    failed: { type: 'final' },
    timedOut: { type: 'final' },
    cancelled: { type: 'final' },
  },
  output: ({ context }) => {
    const steps = Object.values(context.data).filter((d): d is StepData => d !== null);
    return {
      ok: context.error === null && context.report !== null,
      report: context.report,
      stored: context.stored,
      error: context.error,
      stale: steps.some((d) => d.stale),
      cached: steps.length > 0 && steps.every((d) => d.cached),
      fetchedAt: steps.length ? Math.min(...steps.map((d) => d.fetchedAt)) : null,
    };
  },
});
