/** A classified failure: `transient` ones are worth a retry, the rest are not. */
export class UpstreamError extends Error {
  readonly code: string;
  readonly transient: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly nextProbeAt?: number;

  constructor(message: string, o: { code: string; transient: boolean; status?: number; retryAfterMs?: number; nextProbeAt?: number }) {
    super(message);
    this.name = 'UpstreamError';
    this.code = o.code;
    this.transient = o.transient;
    if (o.status !== undefined) this.status = o.status;
    if (o.retryAfterMs !== undefined) this.retryAfterMs = o.retryAfterMs;
    if (o.nextProbeAt !== undefined) this.nextProbeAt = o.nextProbeAt;
  }
}

/** Errors that say the upstream is unwell (and so count against its breaker). */
export function countsAgainstBreaker(e: unknown): boolean {
  // Our own budget saying no is not the upstream failing.
  if (e instanceof UpstreamError) return e.transient && e.code !== 'budget_spent';
  return !(e instanceof Error && e.name === 'AbortError');
}

export class UserError extends Error {
  readonly code: string;
  constructor(message: string, code = 'invalid_params') {
    super(message);
    this.name = 'UserError';
    this.code = code;
  }
}

/** The error a cancelled wait rejects with: callers tell it apart by its name. */
export const abortError = () => Object.assign(new Error('cancelled by the client'), { name: 'AbortError' });
