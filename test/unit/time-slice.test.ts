import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { TimeSlice } from '../../src/time-slice.ts';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('time slice', () => {
  it('does not pause within its budget', () => {
    const slice = new TimeSlice(1000);
    expect(slice.pause()).toBeUndefined();
  });

  it('lets the event loop turn between slices of a long loop', async () => {
    const slice = new TimeSlice(5);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    for (let i = 0; i < 100; i++) {
      await slice.pause();
      busy(1);
    }
    loop.disable();
    clearInterval(timer);
    // 100 ms of work in 5 ms slices: the interval ran in between, and no turn waited much longer than a slice.
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(loop.max / 1e6).toBeLessThan(50);
  });

  it('without pauses the same loop blocks the event loop throughout', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    for (let i = 0; i < 100; i++) busy(1);
    await new Promise((r) => setImmediate(r));
    clearInterval(timer);
    expect(ticks).toBeLessThanOrEqual(1);
  });
});
