import type { Logger } from 'pino';

export type StoreState = 'up' | 'down';

export interface StoreStatus {
  kind: string;
  description: string;
  state: StoreState;
  /** When the store last changed state (ms since the epoch). */
  since: number;
  lastError: string | null;
  /** Times the store went down since start. */
  outages: number;
  /** Operations answered without the store (from L1, the upstream, or in-process state). */
  degradedOps: number;
  /** A corrupt file set aside at open, if any. */
  quarantined?: string;
}

/**
 * Whether the store answers. The first failure marks it down and logs once;
 * while down, callers skip it at once instead of waiting on a timeout, and a
 * probe runs every retryMs until the store answers again.
 */
export class StoreHealth {
  private status: StoreStatus;
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private closed = false;
  private readonly listeners: Array<(s: StoreStatus) => void> = [];

  constructor(
    kind: string,
    description: string,
    private readonly logger: Logger,
    private readonly probe: () => Promise<void>,
    private readonly retryMs: number,
  ) {
    this.status = { kind, description, state: 'up', since: Date.now(), lastError: null, outages: 0, degradedOps: 0 };
  }

  get up(): boolean {
    return this.status.state === 'up';
  }

  snapshot(): StoreStatus {
    return { ...this.status };
  }

  /** Called on every state change (for the audit trail, tests). */
  onChange(fn: (s: StoreStatus) => void): void {
    this.listeners.push(fn);
  }

  noteQuarantined(file: string): void {
    this.status.quarantined = file;
  }

  degraded(): void {
    this.status.degradedOps++;
  }

  fail(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.status.lastError = message;
    if (this.status.state === 'down' || this.closed) return;
    this.status = { ...this.status, state: 'down', since: Date.now(), outages: this.status.outages + 1 };
    this.logger.error({ store: this.status.description, err: message, retryMs: this.retryMs }, 'store unavailable: answering from L1, the upstream and in-process state until it returns');
    this.emit();
    this.schedule();
  }

  ok(): void {
    if (this.status.state === 'up' || this.closed) return;
    const downMs = Date.now() - this.status.since;
    this.status = { ...this.status, state: 'up', since: Date.now() };
    this.logger.warn({ store: this.status.description, downMs }, 'store reconnected');
    this.emit();
  }

  private emit() {
    for (const fn of this.listeners) {
      try {
        fn(this.snapshot());
      } catch (err) {
        this.logger.warn({ err }, 'store state listener failed');
      }
    }
  }

  private schedule() {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tryProbe();
    }, this.retryMs);
    this.timer.unref();
  }

  private async tryProbe() {
    if (this.probing || this.closed || this.up) return;
    this.probing = true;
    try {
      await this.probe();
      this.ok();
    } catch (err) {
      this.status.lastError = err instanceof Error ? err.message : String(err);
      this.logger.debug({ store: this.status.description, err: this.status.lastError }, 'store still unavailable');
      this.schedule();
    } finally {
      this.probing = false;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}

/** Rejects when `work` takes longer than ms; the work itself is left to finish. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`store did not answer ${what} within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
