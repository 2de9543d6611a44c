import { afterEach, describe, expect, it } from 'vitest';
import { ANALYTICS, inlineRunner, runAnalytic, setAnalyticsRunner, type AnalyticsRunner } from '../../src/analytics/index.ts';
import { matrixOf } from './build.ts';

const M = matrixOf(['A', 'A', 'B'], ['yyn', 'yny']);

afterEach(() => setAnalyticsRunner(inlineRunner));

describe('runAnalytic', () => {
  it('runs the named analytic inline by default', async () => {
    expect(await runAnalytic('coalitionDynamics', { matrix: M })).toEqual(ANALYTICS.coalitionDynamics({ matrix: M }));
  });

  it('goes through whatever runner is set, with data that survives structured cloning', async () => {
    const seen: string[] = [];
    // A stand-in for a thread pool: copies input and output as a worker message would.
    const cloning: AnalyticsRunner = async (name, input) => {
      seen.push(name);
      return structuredClone(await inlineRunner(name, structuredClone(input)));
    };
    expect(setAnalyticsRunner(cloning)).toBe(inlineRunner);
    const r = await runAnalytic('votingPatterns', { matrix: M, mepId: 'm0' });
    expect(seen).toEqual(['votingPatterns']);
    expect(r).toEqual(ANALYTICS.votingPatterns({ matrix: M, mepId: 'm0' }));
  });
});
