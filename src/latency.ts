import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/** Latencies of one kind of call, kept in Node's HDR histogram (microsecond resolution). */
export class Latency {
  private readonly h: RecordableHistogram = createHistogram();

  record(ms: number): void {
    this.h.record(Math.max(1, Math.round(ms * 1000)));
  }

  /** Count and p50/p95 in milliseconds; null percentiles before the first call. */
  summary() {
    const n = this.h.count;
    const at = (p: number) => (n === 0 ? null : Math.round(this.h.percentile(p)) / 1000);
    return { count: n, p50: at(50), p95: at(95) };
  }
}
