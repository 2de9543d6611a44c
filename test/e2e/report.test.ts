import { describe, expect, it } from 'vitest';
import { call, FAST, readJson, startServer, text, withFake } from './harness.ts';

/** Short report retries, so a retried step plays out in a test's time. */
const CONFIG = { ...FAST, report: { retryIntervalMs: 200 } };
const MEP_REPORT = { reportType: 'MEP_ACTIVITY', subjectId: '1294', year: 2024 };
const MEP_PATH = '/api/v2/meps/1294';
const stepsTold = (messages: string[]) => [...new Set(messages.map((m) => /^report step (\d) of 8/.exec(m)?.[1]).filter(Boolean))];

describe('generate_report over stdio', () => {
  it('runs the workflow with progress at every step, and answers Markdown with the JSON', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake, { config: CONFIG });
      const progress: string[] = [];
      const r = await call(s.client, 'generate_report', MEP_REPORT, { onprogress: (p) => progress.push(p.message ?? '') });
      expect(r.isError, text(r)).toBeFalsy();
      expect(stepsTold(progress)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
      expect(progress).toEqual(expect.arrayContaining(['voting patterns analysed', 'coalitions analysed', 'co-voting network analysed', 'report step 8 of 8, report ready: Activity of Elio DI RUPO']));
      expect(text(r)).toMatch(/^# Activity of Elio DI RUPO/);
      expect(text(r)).toMatch(/## Coalitions[\s\S]*agreement index/);
      const report = r.structuredContent as any;
      expect(report.markdown).toBe(text(r));
      expect(report.analyses.votingPatterns.rollCalls).toBeGreaterThan(0);
      expect(report.analyses.coalitions.groups.length).toBeGreaterThan(0);
      expect(report.analyses.network.stats.focusMissing).toBe(false);
      expect(report.coverage.rollCalls).toBe(report.analyses.votingPatterns.rollCalls);
      // The stored copy reads back at its uri.
      expect(report.uri).toMatch(/^ep:\/\/reports\/[0-9a-f]{16}$/);
      expect(await readJson(s.client, report.uri)).toEqual(report);
      const status = await readJson(s.client, 'system://status');
      expect(status.reports).toEqual({ inFlight: 0, completed: 1, outcomes: { delivered: 1 } });
      await s.close();
    });
  }, 30_000);

  it('retries a step after a transient failure and then succeeds', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake, { config: CONFIG });
      // Three 503s spend one step attempt (the worker's own three tries); the step's second attempt gets data.
      fake.faults.set({ status: 503, times: 3 }, { path: MEP_PATH });
      const progress: string[] = [];
      const r = await call(s.client, 'generate_report', MEP_REPORT, { onprogress: (p) => progress.push(p.message ?? '') });
      expect(r.isError, text(r)).toBeFalsy();
      expect(progress).toContain('fetching MEP data failed (the EP API answered 503 for /api/v2/meps/1294); retrying in 0.2 s (attempt 2 of 3)');
      expect(progress).toContain('report step 2 of 8, fetching MEP data (attempt 2 of 3)');
      expect(fake.counts().byPath[MEP_PATH]).toBe(4);
      expect((r.structuredContent as any).title).toBe('Activity of Elio DI RUPO');
      await s.close();
    });
  }, 30_000);

  it('fails with a clear error once a step has spent its retries', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake, { config: CONFIG });
      fake.faults.set({ outage: '503' }, { path: MEP_PATH });
      const progress: string[] = [];
      const r = await call(s.client, 'generate_report', MEP_REPORT, { onprogress: (p) => progress.push(p.message ?? '') });
      expect(r.isError).toBe(true);
      expect(text(r)).toMatch(/^generate_report failed \(upstream_unavailable\): fetching MEP data failed after 3 attempts: /);
      expect(progress.filter((m) => /retrying in/.test(m))).toHaveLength(2);
      // The breaker opened on the way (five failures): later attempts failed fast without reaching the upstream.
      expect(fake.counts().byPath[MEP_PATH]).toBeLessThan(9);
      expect(text(r)).toMatch(/circuit open/);
      await s.close();
    });
  }, 30_000);

  it('ends at the execution deadline with a timeout error', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake, { config: { ...CONFIG, report: { timeoutMs: 2000 } } });
      fake.faults.set({ hang: true }, { path: '/api/v2/meetings' });
      const t0 = Date.now();
      const r = await call(s.client, 'generate_report', MEP_REPORT);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1900);
      expect(r.isError).toBe(true);
      expect(text(r)).toBe("generate_report failed (timeout): the report did not finish within 2 s (it was at step 'voting').");
      await s.close();
    });
  }, 30_000);

  it('stops the workflow when the client cancels, and keeps serving', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake, { config: CONFIG });
      fake.faults.set({ hang: true }, { path: '/api/v2/meetings' });
      const abort = new AbortController();
      // Cancel once the workflow is waiting on the voting data.
      const onprogress = (p: { message?: string }) => p.message?.startsWith('report step 3 of 8') && abort.abort();
      await expect(call(s.client, 'generate_report', MEP_REPORT, { signal: abort.signal, onprogress })).rejects.toThrow();
      // Without the cancel, the hanging step would time out after 3 s and retry: poll well within that.
      let status = await readJson(s.client, 'system://status');
      for (let i = 0; i < 40 && status.reports.inFlight > 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = await readJson(s.client, 'system://status');
      }
      expect(status.reports).toEqual({ inFlight: 0, completed: 1, outcomes: { cancelled: 1 } });
      expect(status.requests.inFlight).toBe(0);
      fake.faults.clear();
      const r = await call(s.client, 'generate_report', { reportType: 'VOTING_STATISTICS', subjectId: 'MTG-PL-2025-03-12' });
      expect(r.isError, text(r)).toBeFalsy();
      await s.close();
    });
  }, 30_000);

  it('refuses bad input with the field named', async () => {
    await withFake(async (fake) => {
      const s = await startServer(fake, { config: CONFIG });
      const bad = await call(s.client, 'generate_report', { reportType: 'MEP_ACTIVITY', subjectId: 'ENVI' });
      expect(bad.isError).toBe(true);
      expect(text(bad)).toMatch(/subjectId for MEP_ACTIVITY must be an MEP id such as 1294; got 'ENVI'/);
      const dated = await call(s.client, 'generate_report', { reportType: 'VOTING_STATISTICS', subjectId: 'MTG-PL-2025-03-12', year: 2025 });
      expect(text(dated)).toMatch(/year, dateFrom and dateTo do not apply to VOTING_STATISTICS/);
      await s.close();
    });
  }, 30_000);
});
