import type { ActorRefFrom } from 'xstate';
import type { circuitBreakerMachine } from '../machines/circuit-breaker.ts';
import type { Clock } from './clock.ts';
import { countsAgainstBreaker, UpstreamError } from './errors.ts';

/** The EP API's endpoint families, one breaker each. */
export const FAMILIES = ['meps', 'corporate-bodies', 'meetings', 'documents', 'procedures', 'questions', 'speeches', 'events', 'doceo'] as const;
export type Family = (typeof FAMILIES)[number];

export type BreakerRef = ActorRefFrom<typeof circuitBreakerMachine>;

/** Calls go through the family's breaker; the machine decides pass, probe or reject. */
export class Breakers {
  /** Families another instance's breaker opened (shared breakers), with its probe time. */
  private readonly elsewhere = new Map<string, number>();

  constructor(
    private readonly lookup: (family: string) => BreakerRef | undefined,
    private readonly clock: Clock,
  ) {}

  ref(family: string): BreakerRef {
    const ref = this.lookup(family);
    if (!ref) throw new Error(`no circuit breaker for endpoint family '${family}'`);
    return ref;
  }

  /** Another instance's breaker changed: while it is open, calls here are refused until its probe time. */
  follow(family: string, snapshot: unknown): void {
    const s = snapshot as { value?: unknown; context?: { nextProbeAt?: number | null } } | undefined;
    const until = s?.context?.nextProbeAt ?? null;
    if (s?.value === 'open' && until !== null && until > this.clock.now()) this.elsewhere.set(family, until);
    else this.elsewhere.delete(family);
  }

  async call<T>(family: string, fn: () => Promise<T>): Promise<T> {
    const until = this.elsewhere.get(family);
    if (until !== undefined) {
      const inMs = until - this.clock.now();
      if (inMs > 0) {
        throw new UpstreamError(`the EP API (${family}) is unavailable: circuit opened by another instance; next probe in ${Math.ceil(inMs / 1000)} s`, {
          code: 'circuit_open',
          transient: false,
          nextProbeAt: until,
        });
      }
      this.elsewhere.delete(family);
    }
    const ref = this.ref(family);
    ref.send({ type: 'REQUEST', at: this.clock.now() });
    const { verdict, nextProbeAt } = ref.getSnapshot().context;
    if (verdict === 'reject') {
      const inMs = Math.max(0, (nextProbeAt ?? this.clock.now()) - this.clock.now());
      throw new UpstreamError(
        `the EP API (${family}) is unavailable: circuit open after repeated failures; next probe in ${Math.ceil(inMs / 1000)} s`,
        { code: 'circuit_open', transient: false, ...(nextProbeAt !== null ? { nextProbeAt } : {}) },
      );
    }
    try {
      const result = await fn();
      ref.send({ type: 'SUCCESS', at: this.clock.now() });
      return result;
    } catch (e) {
      const at = this.clock.now();
      // A cancelled call, or one our own budget stopped, says nothing about the upstream.
      const neutral = (e instanceof Error && e.name === 'AbortError') || (e instanceof UpstreamError && e.code === 'budget_spent');
      if (neutral) {
        if (verdict === 'probe') ref.send({ type: 'PROBE_ABORTED', at });
      } else {
        // A 404 or 400 is a healthy upstream saying no: it counts as a success.
        ref.send({ type: countsAgainstBreaker(e) ? 'FAILURE' : 'SUCCESS', at });
      }
      throw e;
    }
  }

  status() {
    return Object.fromEntries(FAMILIES.map((f) => {
      const s = this.ref(f).getSnapshot();
      const elsewhere = this.elsewhere.get(f);
      return [f, { state: s.value, recentFailures: s.context.failures.length, nextProbeAt: s.context.nextProbeAt, ...s.context.stats, ...(elsewhere !== undefined ? { openElsewhereUntil: elsewhere } : {}) }];
    }));
  }
}
