import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { logStoreFault } from './store-fault.ts';
import type { KeyValueStore } from '../environment.ts';

export interface Marker { prefix: string; at: number }

const KEY = 'l2:invalidations';

/**
 * Invalidation without enumerating the store: a marker says "rows under this
 * prefix fetched at or before this time are gone". Every process reads the
 * markers (at most once per poll interval) and treats a matching row as
 * invalidated, so an admin's invalidation reaches rows this process never saw.
 */
export class InvalidationMarkers {
  private markers: Marker[] = [];
  private loadedAt = -Infinity;
  private loading: Promise<void> | undefined;
  private adding: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: KeyValueStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly opts: { pollMs: number; maxMarkers: number; /** Rows older than this are gone anyway. */ keepMs: number },
  ) {}

  /** Brings the markers up to date when they are older than the poll interval. */
  async current(): Promise<void> {
    if (this.clock.now() - this.loadedAt < this.opts.pollMs) return;
    await (this.loading ??= this.load().finally(() => (this.loading = undefined)));
  }

  private async load(): Promise<void> {
    try {
      this.markers = parse(await this.store.get(KEY));
    } catch (err) {
      // Readers keep the markers they have; the next poll tries again.
      logStoreFault(this.logger, err, {}, 'L2 invalidation markers could not be read');
    }
    this.loadedAt = this.clock.now();
  }

  hides(key: string, fetchedAt: number): boolean {
    return this.markers.some((m) => fetchedAt <= m.at && key.startsWith(m.prefix));
  }

  /** Records an invalidation for every process sharing the store. */
  add(prefix: string, at: number): Promise<void> {
    const run = this.adding.then(async () => {
      const now = this.clock.now();
      const kept = parse(await this.store.get(KEY)).filter((m) => m.at > now - this.opts.keepMs);
      let markers = [...kept, { prefix, at }].sort((a, b) => a.at - b.at);
      if (markers.length > this.opts.maxMarkers) {
        // Fold the oldest into one marker over everything: wider than asked, never narrower.
        const folded = markers.slice(0, markers.length - this.opts.maxMarkers + 1);
        markers = [{ prefix: '', at: folded[folded.length - 1]!.at }, ...markers.slice(folded.length)];
      }
      await this.store.set(KEY, { markers }, this.opts.keepMs);
      this.markers = markers;
      this.loadedAt = now;
    });
    this.adding = run.catch(() => undefined);
    return run;
  }

  get size(): number {
    return this.markers.length;
  }
}

function parse(x: unknown): Marker[] {
  const list = (x as { markers?: unknown } | undefined)?.markers;
  if (!Array.isArray(list)) return [];
  return list.filter((m): m is Marker => typeof m?.prefix === 'string' && typeof m?.at === 'number');
}
