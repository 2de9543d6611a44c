import { describe, expect, it } from 'vitest';
import { coverageOf } from './coverage-lib.ts';
import { models } from './models.ts';
import { pathsFor } from './paths.ts';

describe('model coverage', () => {
  for (const model of Object.values(models)) {
    it(`${model.key}: the generated paths take every state and every transition`, () => {
      const { shortest, simple } = pathsFor(model);
      const c = coverageOf(model, [...shortest, ...simple]);
      expect(c.missingStates).toEqual([]);
      expect(c.missingTransitions).toEqual([]);
      expect(c.transitions[0]).toBe(c.transitions[1]);
      expect(c.transitions[1]).toBeGreaterThan(10);
    });
  }
});
