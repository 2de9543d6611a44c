import { describe, expect, it } from 'vitest';
import { harnesses } from './harnesses.ts';
import { models } from './models.ts';
import { pathsFor } from './paths.ts';

/**
 * Every generated path of every machine, replayed against the real actor
 * running inside the system on a simulated clock, with only the outside world
 * (upstream, store, key ring, clock) scripted.
 */
for (const model of Object.values(models)) {
  describe(`${model.key} paths replayed in the running system`, () => {
    const { shortest, simple } = pathsFor(model);
    const all = [...shortest.map((p) => ['shortest', p] as const), ...simple.map((p) => ['simple', p] as const)];
    it.each(all.map(([kind, p], i) => [`${kind} #${i}: ${p.steps.map((s) => s.event.type.replace(/^xstate\./, '')).join(' > ')}`, p]))('%s', async (_name, path) => {
      const replay = harnesses[model.key](path);
      await replay.run();
      expect(replay.observed.length).toBe(path.steps.length);
      // A request's caller gets an answer that matches the state its pipeline ended in.
      if ('answer' in replay && path.state.status !== 'active') {
        const answer = await (replay as { answer: Promise<{ state: string; ok: boolean }> }).answer;
        expect(answer.state).toBe(String(path.state.value));
        expect(answer.ok).toBe(path.state.value === 'complete');
      }
    });
  });
}
