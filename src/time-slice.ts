import { performance } from 'node:perf_hooks';

/** How long a slice of main-thread work may run before it lets the event loop turn. */
export const SLICE_MS = 2;

/**
 * Cooperative slicing for long work on the main thread (joining a period's
 * roll calls takes ~100 ms; parsing and reading 80 sources a few tens):
 * `await slice.pause()` between items goes on at once within the budget, and
 * once the slice has run `budgetMs` waits for a later turn of the event loop.
 * Waiters go in order, one per turn, each starting a fresh slice, so timers,
 * I/O and other calls run in between however many calls are slicing at once.
 */
export class TimeSlice {
  private start = performance.now();
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly budgetMs: number = SLICE_MS) {}

  /** Undefined (go on) within the budget; else a promise of a later turn. */
  pause(): Promise<void> | undefined {
    if (this.waiting.length === 0 && performance.now() - this.start < this.budgetMs) return undefined;
    return new Promise<void>((resolve) => {
      if (this.waiting.push(resolve) === 1) setImmediate(this.release);
    });
  }

  /** One waiter per turn: the next is released in the next turn, after this one's slice has run. */
  private readonly release = (): void => {
    const next = this.waiting.shift();
    if (this.waiting.length > 0) setImmediate(this.release);
    this.start = performance.now();
    next?.();
  };
}

/** The main thread's slice, shared by every sliced loop in the process. */
export const mainThread = new TimeSlice();
