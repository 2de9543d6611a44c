import { fromPromise } from 'xstate';
import type {
  Analysis, AnalysisInput, AssembleInput, Assembled, FetchInput, FetchStep, ReportContext, ReportStep, StepData, StoreInput,
} from '../machines/report-workflow.ts';
import type { Clock } from '../src/clock.ts';
import type { Config } from '../src/config.ts';
import type { KeyValueStore } from '../src/environment.ts';
import { analyse, type Analyses } from '../src/report/analyses.ts';
import { assemble } from '../src/report/assemble.ts';
import { planReport, type ReportPlan } from '../src/report/input.ts';
import { stepPlan, type ReportData } from '../src/report/plan.ts';
import type { Raw } from '../src/report/read.ts';
import { reportKey } from '../src/report/stored.ts';
import { StepFailure } from '../src/report/transient.ts';
import { fetchSource, type PipelineDeps, type Progress } from './pipeline.ts';

/** Per-report hooks the workflow's actions reach by request id. */
export interface ReportHooks { progress?: Progress }

export interface ReportDeps {
  /** The request pipeline's fetch stage: L1, then a worker (L2, then the EP API through its breaker). */
  fetch: PipelineDeps;
  store: KeyValueStore;
  clock: Clock;
  config: Config;
  hooks: Map<string, ReportHooks>;
}

const dataOf = (d: FetchInput['data']): ReportData => ({
  mep: (d.mep?.value ?? null) as ReportData['mep'],
  voting: (d.voting?.value ?? null) as ReportData['voting'],
  documents: (d.documents?.value ?? null) as ReportData['documents'],
});

const today = (clock: Clock) => new Date(clock.now()).toISOString().slice(0, 10);

/** The workflow's steps, each an actor the machine invokes by name. */
export function reportActors(d: ReportDeps) {
  const fetchStep = (step: FetchStep) =>
    fromPromise<StepData, FetchInput>(async ({ input, signal }) => {
      try {
        const plan = stepPlan(input.plan as ReportPlan, step, dataOf(input.data));
        const raw: Raw = {};
        let stale = false, cached = true, fetchedAt = d.clock.now();
        // Stages run in order (each is planned from what came before); a stage's sources in parallel.
        for (const stage of plan.stages) {
          const sources = Object.entries(stage(raw));
          const got = await Promise.all(sources.map(([, s]) => fetchSource(d.fetch, s, signal)));
          got.forEach((g, i) => {
            raw[sources[i]![0]] = g.value;
            stale ||= g.stale;
            cached &&= g.cached;
            fetchedAt = Math.min(fetchedAt, g.fetchedAt);
          });
        }
        return { value: plan.read(raw), stale, cached, fetchedAt, at: d.clock.now() };
      } catch (e) {
        if (signal.aborted) throw e;
        throw StepFailure.of(e, d.clock.now());
      }
    });

  const analysis = (name: Analysis) =>
    fromPromise<unknown, AnalysisInput>(async ({ input }) => analyse(name, input.plan as ReportPlan, dataOf(input.data)));

  return {
    validateReport: fromPromise<unknown, { requestId: string; args: unknown }>(async ({ input }): Promise<ReportPlan> =>
      planReport(input.args, { maxSittings: d.config.report.maxSittings, maxDocuments: d.config.report.maxDocuments }, today(d.clock)),
    ),
    fetchMepData: fetchStep('mep'),
    fetchVotingData: fetchStep('voting'),
    fetchDocuments: fetchStep('documents'),
    analyzeVotingPatterns: analysis('votingPatterns'),
    analyzeCoalitions: analysis('coalitions'),
    generateNetworkGraph: analysis('network'),
    assembleReport: fromPromise<Assembled, AssembleInput>(async ({ input }) => {
      const plan = input.plan as ReportPlan;
      const value = assemble(plan, dataOf(input.data), input.analyses as unknown as Analyses, new Date(d.clock.now()).toISOString());
      return { id: String(value.reportId), value };
    }),
    storeReport: fromPromise<void, StoreInput>(async ({ input }) => {
      await d.store.set(reportKey(input.report.id), { value: input.report.value, storedAt: d.clock.now() }, d.config.cache.ttlMs.other);
    }),
  };
}

const STEPS: ReportStep[] = ['validate', 'mep', 'voting', 'documents', 'analysis', 'assemble', 'store', 'deliver'];
const WHAT: Record<ReportStep, string> = {
  validate: 'checking the request',
  mep: 'fetching MEP data',
  voting: 'fetching voting data',
  documents: 'fetching documents',
  analysis: 'analysing voting patterns, coalitions and the co-voting network',
  assemble: 'assembling the report',
  store: 'storing the report',
  deliver: 'report ready',
};
const ANALYSES: Record<Analysis, string> = { votingPatterns: 'voting patterns', coalitions: 'coalitions', network: 'co-voting network' };

/** Progress for the caller at every step, when the caller asked for progress. */
export function reportActions(d: ReportDeps) {
  const send = (c: ReportContext, message: string) => {
    const progress = d.hooks.get(c.requestId)?.progress;
    if (!progress) return;
    try {
      progress(STEPS.indexOf(c.step ?? 'validate') + 1, STEPS.length, message);
    } catch {
      // Progress is best effort; the report still counts.
    }
  };
  const attempt = (c: ReportContext, n: number) => (n > 1 ? ` (attempt ${n} of ${c.maxAttempts})` : '');
  return {
    notifyProgress: ({ context: c }: { context: ReportContext }) => {
      const title = c.step === 'deliver' && c.report ? `: ${String(c.report.value.title)}` : '';
      send(c, `report step ${STEPS.indexOf(c.step ?? 'validate') + 1} of ${STEPS.length}, ${WHAT[c.step ?? 'validate']}${attempt(c, c.attempt)}${title}`);
    },
    notifyRetry: ({ context: c }: { context: ReportContext }) => {
      if (c.attempt >= c.maxAttempts || c.nextRetryAt === null) return;
      const wait = Math.max(0, c.nextRetryAt - c.updatedAt);
      send(c, `${WHAT[c.step ?? 'validate']} failed (${c.lastError?.message ?? 'unknown error'}); retrying in ${(wait / 1000).toFixed(1)} s${attempt(c, c.attempt + 1)}`);
    },
    notifyAnalysis: ({ context: c }: { context: ReportContext }, params: { analysis: Analysis }) => send(c, `${ANALYSES[params.analysis]} analysed`),
  };
}
