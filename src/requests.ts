import { randomUUID } from 'node:crypto';
import { waitFor, type ActorRefFrom } from 'xstate';
import type { PipelineOutput, requestPipelineMachine } from '../machines/request-pipeline.ts';
import type { Progress, RequestHooks } from '../actors/pipeline.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Members } from './registry.ts';

export type PipelineRef = ActorRefFrom<typeof requestPipelineMachine>;

export interface ToolCall {
  tool: string;
  args: unknown;
  principal: string;
  roles: string[];
  signal?: AbortSignal;
  onProgress?: Progress;
}

/** The pipeline's output, with the state it ended in and how long it took. */
export interface ToolAnswer extends PipelineOutput {
  state: string;
  durationMs: number;
}

/** Runs each tool call as its own request-pipeline actor, stopped when the call is answered. */
export class Requests {
  inFlight = 0;
  completed = 0;
  private seq = 0;
  /** Ids stay unique across processes that share a store or a log. */
  private readonly prefix = `${randomUUID().slice(0, 8)}-`;

  constructor(
    private readonly pipelines: Members<PipelineRef>,
    private readonly hooks: Map<string, RequestHooks>,
    private readonly clock: Clock,
    private readonly config: Config,
  ) {}

  async run(call: ToolCall): Promise<ToolAnswer> {
    const requestId = `${this.prefix}${++this.seq}`;
    const id = `request:${requestId}`;
    const started = this.clock.now();
    this.hooks.set(requestId, call.onProgress ? { progress: call.onProgress } : {});
    this.inFlight++;
    try {
      const ref = this.pipelines.ensure(id, () => ({
        requestId,
        tool: call.tool,
        args: call.args,
        principal: call.principal,
        roles: call.roles,
        streamThresholdBytes: this.config.requests.streamThresholdBytes,
        now: started,
      }));
      const onAbort = () => ref.send({ type: 'CANCEL', at: this.clock.now(), reason: 'cancelled by the client' });
      if (call.signal?.aborted) onAbort();
      call.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        // An L1 hit is answered within start(): no need to wait. A pipeline that
        // fails outright is answered from its last snapshot.
        const now = ref.getSnapshot();
        const final = now.status !== 'active' ? now : await waitFor(ref, (s) => s.status !== 'active').catch(() => ref.getSnapshot());
        const out: PipelineOutput = final.output ?? { ok: false, result: null, error: { code: 'internal', message: 'request failed' }, cacheStatus: null, ageMs: null, degraded: false, warning: null };
        return { ...out, state: String(final.value), durationMs: this.clock.now() - started };
      } finally {
        call.signal?.removeEventListener('abort', onAbort);
        this.pipelines.remove(id);
      }
    } finally {
      this.hooks.get(requestId)?.release?.();
      this.hooks.delete(requestId);
      this.inFlight--;
      this.completed++;
    }
  }
}
