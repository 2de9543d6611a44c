import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, fromPromise, waitFor, type SnapshotFrom } from 'xstate';
import { reportWorkflowMachine, retryDelayMs, type FetchInput, type StepData } from '../../machines/report-workflow.ts';
import { defaultConfig, loadConfig, type ConfigInput } from '../../src/config.ts';
import { UpstreamError } from '../../src/errors.ts';
import { epHandlers } from '../../src/handlers/index.ts';
import { persist, restore } from '../../src/persistence.ts';
import { createSystem } from '../../src/system.ts';
import { epTools } from '../../src/tools/index.ts';
import { httpUpstream } from '../../src/upstream-http.ts';
import { startFakeUpstream, type FakeUpstream } from '../fake-upstream/server.ts';
import { TestClock } from '../support/clock.ts';
import { testEnvironment } from '../support/env.ts';

type Outcome = 'ok' | 503 | 404 | 'hang';
type Snapshot = SnapshotFrom<typeof reportWorkflowMachine>;

let fake: FakeUpstream;
beforeAll(async () => {
  fake = await startFakeUpstream();
});
afterAll(() => fake.close());

const flush = () => new Promise((r) => setImmediate(r));
const MEP_REPORT = { reportType: 'MEP_ACTIVITY', subjectId: '1294', year: 2024 };

/**
 * A system on a simulated clock against the fake EP API, where the calls to
 * `path` answer as `script` says, one outcome per call (then 'ok'). The
 * workers make one attempt per call, so the retries seen are the workflow's.
 */
function world(path: RegExp, script: Outcome[], config: ConfigInput = {}) {
  const calls: number[] = [];
  let t!: ReturnType<typeof testEnvironment>;
  const http = httpUpstream(fake.baseUrl, fake.doceoUrl);
  t = testEnvironment(async (req, signal) => {
    if (!path.test(req.path)) return http(req, signal);
    calls.push(t.clock.now());
    const outcome = script.shift() ?? 'ok';
    if (outcome === 503) throw new UpstreamError('the EP API answered 503', { code: 'http_503', transient: true, status: 503 });
    if (outcome === 404) throw new UpstreamError('the EP API answered 404', { code: 'not_found', transient: false, status: 404 });
    if (outcome === 'hang') return new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    return http(req, signal);
  });
  const system = createSystem({
    env: t.env,
    config: loadConfig({ system: { shards: 2 }, retry: { maxAttempts: 1 }, upstream: { timeoutMs: 3_600_000 }, worker: { freezeAfterMs: 3_600_000 }, ...config }),
    tools: epTools,
    handlers: epHandlers,
  });
  const progress: string[] = [];
  const cancel = new AbortController();
  const answer = system.reports.run({ requestId: 'r1', args: MEP_REPORT, signal: cancel.signal, progress: (_d, _t, m) => progress.push(m) });
  const ref = system.populations.reports.get('report:r1')!;
  /** Waits (in real time, the simulated clock standing still) until the workflow is in `state`. */
  const reach = (state: object) => waitFor(ref, (s: Snapshot) => s.matches(state as never), { timeout: 5000 });
  return { system, clock: t.clock, calls, answer, ref, reach, progress, cancel };
}

// State values as the machine's snapshots match them (the fetch states' names are built by a helper, so untyped).
const inRetry = { running: { steps: 'retryMEP' } } as never;
const fetchingMep = { running: { steps: 'fetchMEPData' } } as never;

describe('report workflow: retries with exponential backoff', () => {
  it('waits interval x rate^(n-1) before attempt n+1: 2 s, 4 s, 8 s by default', () => {
    const c = defaultConfig.report;
    expect([1, 2, 3].map((n) => retryDelayMs(c, n))).toEqual([2000, 4000, 8000]);
    expect(retryDelayMs({ retryIntervalMs: 500, backoffRate: 3 }, 3)).toBe(4500);
  });

  it('retries a transient failure after 2 s, then 4 s, and goes on when the third attempt succeeds', async () => {
    const w = world(/^meps\/1294$/, [503, 503, 'ok']);
    await w.reach(inRetry);
    expect(w.calls).toEqual([0]);
    expect(w.ref.getSnapshot().context.nextRetryAt).toBe(2000);
    w.clock.set(1999);
    await flush();
    expect(w.ref.getSnapshot().matches(inRetry)).toBe(true);
    w.clock.set(2000);
    await waitFor(w.ref, (s) => s.context.attempt === 2 && s.matches(inRetry));
    expect(w.calls).toEqual([0, 2000]);
    expect(w.ref.getSnapshot().context.nextRetryAt).toBe(6000);
    w.clock.set(5999);
    await flush();
    expect(w.calls).toHaveLength(2);
    w.clock.set(6000);
    const a = await w.answer;
    expect(w.calls).toEqual([0, 2000, 6000]);
    expect(a).toMatchObject({ ok: true, state: 'delivered', error: null });
    expect(w.progress.filter((m) => /fetching MEP data failed \(the EP API answered 503\); retrying in/.test(m))).toEqual([
      'fetching MEP data failed (the EP API answered 503); retrying in 2.0 s (attempt 2 of 3)',
      'fetching MEP data failed (the EP API answered 503); retrying in 4.0 s (attempt 3 of 3)',
    ]);
    expect(w.progress).toContain('report step 2 of 8, fetching MEP data (attempt 3 of 3)');
    w.system.stop();
  });

  it('gives up after three attempts with a 503-style error that names the step', async () => {
    const w = world(/^meps\/1294$/, [503, 503, 503]);
    await w.reach(inRetry);
    w.clock.set(2000);
    await waitFor(w.ref, (s) => s.context.attempt === 2 && s.matches(inRetry));
    w.clock.set(6000);
    const a = await w.answer;
    expect(w.calls).toEqual([0, 2000, 6000]);
    expect(a.state).toBe('failed');
    expect(a.error).toEqual({
      code: 'upstream_unavailable',
      message: 'fetching MEP data failed after 3 attempts: the EP API answered 503',
      step: 'mep',
    });
    w.system.stop();
  });

  it('fails at once on a permanent failure, without retrying', async () => {
    const w = world(/^meps\/1294$/, [404]);
    const a = await w.answer;
    expect(w.calls).toEqual([0]);
    expect(a.state).toBe('failed');
    expect(a.error).toMatchObject({ code: 'not_found', step: 'mep' });
    expect(a.error!.message).toMatch(/^fetching MEP data failed: /);
    expect(w.progress.some((m) => /retrying/.test(m))).toBe(false);
    w.system.stop();
  });
});

describe('report workflow: the execution deadline', () => {
  it('ends a report that is still working at 300 s with a timeout error naming the step', async () => {
    const w = world(/^meetings$/, ['hang']);
    await w.reach({ running: { steps: 'fetchVotingData' } });
    w.clock.set(299_999);
    await flush();
    expect(w.ref.getSnapshot().status).toBe('active');
    w.clock.set(300_000);
    const a = await w.answer;
    expect(a.state).toBe('timedOut');
    expect(a.error).toEqual({ code: 'timeout', message: "the report did not finish within 300 s (it was at step 'voting')", step: 'voting' });
    expect(a.durationMs).toBe(300_000);
    w.system.stop();
  });

  it('counts from the start across retries: a 5 s deadline ends the report during its second wait', async () => {
    const w = world(/^meps\/1294$/, [503, 503, 503], { report: { timeoutMs: 5000 } });
    await w.reach(inRetry);
    w.clock.set(2000);
    await waitFor(w.ref, (s) => s.context.attempt === 2 && s.matches(inRetry));
    w.clock.set(5000);
    const a = await w.answer;
    expect(w.calls).toEqual([0, 2000]);
    expect(a).toMatchObject({ state: 'timedOut', error: { code: 'timeout', step: 'mep' } });
    w.system.stop();
  });

  it('stops on cancellation, with the step it was at', async () => {
    const w = world(/^meps\/1294$/, ['hang']);
    await w.reach(fetchingMep);
    w.cancel.abort();
    const a = await w.answer;
    expect(a).toMatchObject({ state: 'cancelled', ok: false, error: { code: 'cancelled', step: 'mep' } });
    expect(w.system.reports.inFlight).toBe(0);
    expect(w.system.populations.reports.size).toBe(0);
    w.system.stop();
  });
});

describe('report workflow: deadlines survive persistence', () => {
  const T0 = 1_700_000_000_000;
  // The outside world as the machine sees it: a valid request, then an upstream that never answers.
  const stuck = reportWorkflowMachine.provide({
    actors: {
      validateReport: fromPromise<unknown, { requestId: string; args: unknown }>(async () => ({ reportType: 'MEP_ACTIVITY' })),
      fetchMepData: fromPromise<StepData, FetchInput>(() => new Promise(() => {})),
    },
  });
  const input = { requestId: 'r1', args: MEP_REPORT, ...defaultConfig.report, now: T0 };

  it('a restored workflow times out exactly at its deadline, not 300 s after the restore', async () => {
    const clock = new TestClock();
    clock.set(T0);
    const actor = createActor(stuck, { clock, input }).start();
    await waitFor(actor, (s) => s.matches(fetchingMep));
    const saved = persist(actor);
    actor.stop();

    const later = new TestClock();
    later.set(T0 + 200_000);
    const back = restore(stuck, saved, later);
    expect(back.getSnapshot().context.deadlineAt).toBe(T0 + 300_000);
    later.set(T0 + 299_999);
    expect(back.getSnapshot().status).toBe('active');
    later.set(T0 + 300_000);
    expect(back.getSnapshot().value).toBe('timedOut');
    back.stop();
  });

  it('a restored retry wait ends at its own deadline', async () => {
    const failing = stuck.provide({
      actors: { fetchMepData: fromPromise<StepData, FetchInput>(async () => { throw Object.assign(new Error('503'), { code: 'http_503', transient: true, at: T0 + 1000 }); }) },
    });
    const clock = new TestClock();
    clock.set(T0);
    const actor = createActor(failing, { clock, input }).start();
    await waitFor(actor, (s) => s.matches(inRetry));
    expect(actor.getSnapshot().context.nextRetryAt).toBe(T0 + 3000);
    const saved = persist(actor);
    actor.stop();

    const later = new TestClock();
    later.set(T0 + 2500);
    const back = restore(failing, saved, later);
    later.set(T0 + 2999);
    expect(back.getSnapshot().matches(inRetry)).toBe(true);
    later.set(T0 + 3000);
    await flush();
    expect(back.getSnapshot().context.attempt).toBe(2);
    back.stop();
  });
});
