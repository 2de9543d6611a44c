import { waitFor, type ActorRefFrom } from 'xstate';
import type { ReportOutput, reportWorkflowMachine } from '../../machines/report-workflow.ts';
import type { Progress, WorkflowRunner } from '../../actors/pipeline.ts';
import type { ReportHooks } from '../../actors/report.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Members } from '../registry.ts';

export type ReportRef = ActorRefFrom<typeof reportWorkflowMachine>;

export interface ReportCall {
  requestId: string;
  args: unknown;
  signal?: AbortSignal;
  progress?: Progress;
}

/** The workflow's output, with the state it ended in and how long it took. */
export interface ReportAnswer extends ReportOutput {
  state: string;
  durationMs: number;
}

/** Why a report failed, as the request pipeline reports it to the caller. */
export class ReportError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = 'ReportError';
  }
}

/** Runs each report as its own report-workflow actor, stopped when it ends. */
export class Reports {
  inFlight = 0;
  completed = 0;
  /** Finished reports by the state they ended in (delivered, failed, timedOut, cancelled, rejected). */
  readonly outcomes: Record<string, number> = {};

  constructor(
    private readonly workflows: Members<ReportRef>,
    private readonly hooks: Map<string, ReportHooks>,
    private readonly clock: Clock,
    private readonly config: Config['report'],
  ) {}

  async run(call: ReportCall): Promise<ReportAnswer> {
    const id = `report:${call.requestId}`;
    const started = this.clock.now();
    this.hooks.set(call.requestId, call.progress ? { progress: call.progress } : {});
    this.inFlight++;
    try {
      const ref = this.workflows.ensure(id, () => ({
        requestId: call.requestId,
        args: call.args,
        timeoutMs: this.config.timeoutMs,
        maxAttempts: this.config.maxAttempts,
        retryIntervalMs: this.config.retryIntervalMs,
        backoffRate: this.config.backoffRate,
        now: started,
      }));
      const onAbort = () => ref.send({ type: 'CANCEL', at: this.clock.now(), reason: 'cancelled by the client' });
      if (call.signal?.aborted) onAbort();
      call.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        // A workflow that fails outright (a bug in a step) is answered from its last snapshot.
        const final = await waitFor(ref, (s) => s.status !== 'active').catch(() => ref.getSnapshot());
        const out: ReportOutput = final.output ?? {
          ok: false, report: null, stored: false, error: { code: 'internal', message: 'the report workflow failed', step: final.context.step }, stale: false, cached: false, fetchedAt: null,
        };
        const state = final.status === 'error' ? 'error' : typeof final.value === 'string' ? final.value : JSON.stringify(final.value);
        this.outcomes[state] = (this.outcomes[state] ?? 0) + 1;
        return { ...out, state, durationMs: this.clock.now() - started };
      } finally {
        call.signal?.removeEventListener('abort', onAbort);
        this.workflows.remove(id);
      }
    } finally {
      this.hooks.delete(call.requestId);
      this.inFlight--;
      this.completed++;
    }
  }

  /** The request pipeline's view: a finished report is the data of a `generate_report` answer. */
  readonly runner: WorkflowRunner = async ({ requestId, params, signal, progress }) => {
    const answer = await this.run({ requestId, args: params, signal, ...(progress ? { progress } : {}) });
    if (!answer.ok || !answer.report) {
      const e = answer.error ?? { code: 'internal', message: 'the report workflow failed' };
      throw new ReportError(e.message, e.code);
    }
    return {
      value: [answer.report.value],
      source: answer.stale ? 'stale' : answer.cached ? 'store' : 'upstream',
      fetchedAt: answer.fetchedAt ?? this.clock.now(),
    };
  };
}
