import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { refreshToken, verifyCredentials } from '../../actors/credentials.ts';
import { circuitBreakerMachine } from '../../machines/circuit-breaker.ts';
import { sessionMachine } from '../../machines/session.ts';
import { defaultConfig } from '../../src/config.ts';
import { persist, restore } from '../../src/persistence.ts';
import { TestClock } from '../support/clock.ts';
import { digest } from '../support/env.ts';

const flush = () => new Promise((r) => setImmediate(r));
const keys = async () => [{ principal: 'alice', hash: digest('good-key'), roles: ['reader'] }];
const session = sessionMachine.provide({ actors: { verifyCredentials: verifyCredentials(keys), refreshToken: refreshToken(keys) } });
const T0 = 1_700_000_000_000;
const cfg = defaultConfig;

function clockAt(t: number) {
  const c = new TestClock();
  c.set(t);
  return c;
}

async function lockedSession() {
  const clock = clockAt(T0);
  const actor = createActor(session, { clock, input: { principal: 'alice', ...cfg.session, now: T0 } }).start();
  for (let i = 0; i < cfg.session.maxFailures; i++) {
    actor.send({ type: 'CREDENTIALS', credential: 'wrong', at: clock.now() });
    await flush();
  }
  expect(actor.getSnapshot().value).toBe('locked');
  return { actor, deadline: actor.getSnapshot().context.lockedUntil! };
}

describe('deadlines survive persistence', () => {
  it('a restored lockout ends exactly at its deadline and refuses the correct key until then', async () => {
    const { actor, deadline } = await lockedSession();
    expect(deadline).toBe(T0 + cfg.session.lockoutMs);
    const saved = persist(actor);
    actor.stop();

    // The process restarts five minutes later.
    const clock = clockAt(T0 + 5 * 60_000);
    const restored = restore(session, saved, clock);
    clock.set(deadline - 1);
    restored.send({ type: 'CREDENTIALS', credential: 'good-key', at: clock.now() });
    await flush();
    expect(restored.getSnapshot().value).toBe('locked');
    expect(restored.getSnapshot().context.refusedWhileLocked).toBe(1);

    clock.set(deadline);
    expect(restored.getSnapshot().value).toBe('anonymous');
    restored.send({ type: 'CREDENTIALS', credential: 'good-key', at: clock.now() });
    await flush();
    expect(restored.getSnapshot().value).toBe('sessionActive');
  });

  it('a restored lockout whose deadline passed while down ends at once', async () => {
    const { actor, deadline } = await lockedSession();
    const saved = persist(actor);
    const clock = clockAt(deadline + 1);
    const restored = restore(session, saved, clock);
    // REARM armed a zero delay; it fires on the clock's next tick.
    clock.increment(0);
    expect(restored.getSnapshot().value).toBe('anonymous');
    expect(restored.getSnapshot().context.lockedUntil).toBeNull();
  });

  it('without re-arming, XState would keep the restored lock forever (why REARM exists)', async () => {
    const { actor, deadline } = await lockedSession();
    const saved = persist(actor);
    const clock = clockAt(T0 + 60_000);
    const bare = createActor(session, { snapshot: saved, clock } as never).start();
    clock.set(deadline + 60 * 60_000);
    expect(bare.getSnapshot().value).toBe('locked');
  });

  it('a restored session expires after inactivity exactly at its deadline', async () => {
    const clock = clockAt(T0);
    const actor = createActor(session, { clock, input: { principal: 'alice', ...cfg.session, now: T0 } }).start();
    actor.send({ type: 'CREDENTIALS', credential: 'good-key', at: T0 });
    await flush();
    clock.set(T0 + 10 * 60_000);
    actor.send({ type: 'REQUEST', at: clock.now() });
    const expiresAt = actor.getSnapshot().context.expiresAt!;
    expect(expiresAt).toBe(T0 + 10 * 60_000 + cfg.session.idleTimeoutMs);
    const saved = persist(actor);
    actor.stop();

    const later = clockAt(T0 + 20 * 60_000);
    const restored = restore(session, saved, later);
    later.set(expiresAt - 1);
    expect(restored.getSnapshot().value).toBe('sessionActive');
    later.set(expiresAt);
    expect(restored.getSnapshot().value).toBe('anonymous');
    expect(restored.getSnapshot().context.tokenDigest).toBeNull();
  });

  it('a restored open breaker lets its probe through exactly at the deadline, not before', () => {
    const clock = clockAt(T0);
    const input = { family: 'meps', ...cfg.breaker, now: T0 };
    const actor = createActor(circuitBreakerMachine, { clock, input }).start();
    for (let i = 0; i < cfg.breaker.failureThreshold; i++) actor.send({ type: 'FAILURE', at: T0 + i });
    expect(actor.getSnapshot().value).toBe('open');
    const probeAt = actor.getSnapshot().context.nextProbeAt!;
    expect(probeAt).toBe(T0 + cfg.breaker.failureThreshold - 1 + cfg.breaker.openMs);
    const saved = persist(actor);
    actor.stop();

    const later = clockAt(T0 + 10_000);
    const restored = restore(circuitBreakerMachine, saved, later);
    later.set(probeAt - 1);
    restored.send({ type: 'REQUEST', at: later.now() });
    expect(restored.getSnapshot().context.verdict).toBe('reject');
    later.set(probeAt);
    expect(restored.getSnapshot().value).toBe('halfOpen');
    restored.send({ type: 'REQUEST', at: later.now() });
    expect(restored.getSnapshot().context.verdict).toBe('probe');
  });
});
