/**
 * Failures of a report's fetch step that a later attempt may not meet: the EP
 * API down, slow, rate-limiting or sending broken answers, or its breaker open
 * for now. Everything else (no such MEP, bad arguments, answers too large) fails
 * the report at once.
 */
const TRANSIENT = new Set(['network', 'timeout', 'bad_gateway', 'bad_body', 'error_in_body', 'circuit_open', 'upstream_unavailable', 'budget_spent']);

export function isTransient(code: string): boolean {
  return TRANSIENT.has(code) || /^http_(403|429|5\d\d)$/.test(code);
}

/** A fetch step's failure, classified for the workflow's retry guard. */
export class StepFailure extends Error {
  constructor(message: string, readonly code: string, readonly transient: boolean, readonly at: number) {
    super(message);
    this.name = 'StepFailure';
  }

  static of(e: unknown, at: number): StepFailure {
    const x = (e ?? {}) as { code?: unknown; message?: unknown };
    const code = typeof x.code === 'string' ? x.code : 'internal';
    return new StepFailure(typeof x.message === 'string' ? x.message : String(e), code, isTransient(code), at);
  }
}
