import { abortError } from './errors.ts';
import { waitTurn } from './wait-turn.ts';

/** Bounds how many requests run their data steps at once; the rest wait in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  /** A slot at once if one is free, without a promise: the common case. */
  tryAcquire(): (() => void) | null {
    return this.active < this.limit && this.waiting.length === 0 ? this.grant() : null;
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw abortError();
    if (this.active >= this.limit) await waitTurn(this.waiting, signal);
    return this.grant();
  }

  private grant(): () => void {
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }

  get queued(): number {
    return this.waiting.length;
  }
  get running(): number {
    return this.active;
  }
}
