import { LocalShared, type Admission, type SharedState } from './store/shared.ts';

export const bucketKey = (principal: string) => `bucket:${principal}`;

/**
 * Per-principal token buckets: `capacity` calls at once, refilled continuously.
 * The buckets live in the shared state, so with many instances on one Redis a
 * principal has one bucket, not one per instance.
 */
export class TokenBuckets {
  private readonly unlimited = new Set<string>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly shared: SharedState = new LocalShared(),
  ) {}

  /** The owner of a stdio server is its only user: per-session limits are for shared (HTTP) servers. */
  exempt(principal: string): void {
    this.unlimited.add(principal);
  }

  async take(principal: string, now: number): Promise<Admission> {
    if (this.unlimited.has(principal)) return { admitted: true };
    return this.shared.takeToken(bucketKey(principal), this.capacity, this.refillPerSecond, now);
  }
}
