import { afterAll, describe, expect, it } from 'vitest';
import { harnesses } from './harnesses.ts';
import { models } from './models.ts';
import { pathsFor } from './paths.ts';
import { closeSharedFake } from './shared-fake.ts';

/** Final states in which a caller gets its answer. */
const SUCCESS = ['complete', 'delivered'];

/** The report steps a path passed through, as its progress messages number them (see actors/report.ts). */
const REPORT_STEPS: Record<string, number> = {
  validateRequest: 1, fetchMEPData: 2, retryMEP: 2, fetchVotingData: 3, retryVoting: 3, fetchDocuments: 4, retryDocuments: 4,
  parallelAnalysis: 5, generatePDFReport: 6, uploadToS3: 7, sendNotification: 8,
};
const stepsOf = (value: unknown): number[] =>
  typeof value === 'string' ? (REPORT_STEPS[value] ? [REPORT_STEPS[value]] : []) : Object.entries(value as object).flatMap(([k, v]) => [...(REPORT_STEPS[k] ? [REPORT_STEPS[k]] : []), ...stepsOf(v)]);

afterAll(closeSharedFake);

/**
 * Every generated path of every machine, replayed against the real actor
 * running inside the system on a simulated clock, with only the outside world
 * (upstream, store, key ring, clock, analytics runtime) scripted.
 */
for (const model of Object.values(models)) {
  describe(`${model.key} paths replayed in the running system`, () => {
    const { shortest, simple } = pathsFor(model);
    const all = [...shortest.map((p) => ['shortest', p] as const), ...simple.map((p) => ['simple', p] as const)];
    it.each(all.map(([kind, p], i) => [`${kind} #${i}: ${p.steps.map((s) => s.event.type.replace(/^xstate\./, '')).join(' > ')}`, p]))('%s', async (_name, path) => {
      const replay = harnesses[model.key](path);
      await replay.run();
      expect(replay.observed.length).toBe(path.steps.length);
      // A caller gets an answer that matches the state its actor ended in.
      if ('answer' in replay && path.state.status !== 'active') {
        const answer = await (replay as { answer: Promise<{ state: string; ok: boolean }> }).answer;
        expect(answer.state).toBe(String(path.state.value));
        expect(answer.ok).toBe(SUCCESS.includes(String(path.state.value)));
      }
      // A report tells its caller about every step it reached.
      if ('progress' in replay) {
        const told = new Set((replay as { progress: string[] }).progress.map((m) => Number(/^report step (\d) of 8/.exec(m)?.[1])));
        for (const step of new Set(path.steps.flatMap((s) => stepsOf(s.state.value)))) expect(told.has(step), `progress for step ${step}`).toBe(true);
      }
    });
  });
}
