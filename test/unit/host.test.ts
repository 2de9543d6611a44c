import pino from 'pino';
import { assign, createMachine, setup, type AnyActorRef } from 'xstate';
import { describe, expect, it } from 'vitest';
import { Host } from '../../src/host.ts';
import { TestClock } from '../support/clock.ts';

/** A member with a deadline, a way to fail and a way to finish. */
const member = setup({
  types: {} as { context: { n: number }; events: { type: 'BUMP' } | { type: 'FAIL' } | { type: 'FINISH' } },
  actions: {
    explode: () => {
      throw new Error('member broke');
    },
  },
}).createMachine({
  context: { n: 0 },
  initial: 'idle',
  states: {
    idle: {
      after: { 1000: 'timedOut' },
      on: {
        BUMP: { actions: assign({ n: ({ context }) => context.n + 1 }) },
        FAIL: { actions: 'explode' },
        FINISH: 'finished',
      },
    },
    timedOut: {},
    finished: { type: 'final' },
  },
});

function world() {
  const clock = new TestClock();
  const logged: string[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line).msg) });
  const host = new Host('member', member, { clock, logger });
  return { clock, host, logged };
}

describe('host: a population sharing one system', () => {
  it('members share the host system and its single real timer', () => {
    const { clock, host } = world();
    const refs = ['a', 'b', 'c'].map((id) => host.ensure(id, () => undefined));
    expect(new Set(refs.map((r) => r.system)).size).toBe(1);
    expect(host.ensure('a', () => undefined)).toBe(refs[0]);
    expect(host.size).toBe(3);
    expect([...host.ids()]).toEqual(['a', 'b', 'c']);
    expect(host.timers.size).toBe(3);
    expect((clock as unknown as { timeouts: Map<number, unknown> }).timeouts.size).toBe(1);
    clock.set(1000);
    expect(refs.map((r) => r.getSnapshot().value)).toEqual(['timedOut', 'timedOut', 'timedOut']);
    host.stopAll();
  });

  it('remove stops the member and its timers; the others run on', () => {
    const { clock, host } = world();
    const a = host.ensure('a', () => undefined);
    const b = host.ensure('b', () => undefined);
    host.remove('a');
    expect(a.getSnapshot().status).toBe('stopped');
    expect(host.get('a')).toBeUndefined();
    expect(host.timers.size).toBe(1);
    clock.set(1000);
    expect(b.getSnapshot().value).toBe('timedOut');
    host.remove('nobody');
    host.stopAll();
  });

  it('a failing member is counted, logged and dropped, with nothing thrown uncaught', async () => {
    const { host, logged } = world();
    const a = host.ensure('a', () => undefined);
    host.ensure('b', () => undefined);
    a.send({ type: 'FAIL' });
    expect(a.getSnapshot().status).toBe('error');
    expect(host.errors).toBe(1);
    expect(host.get('a')).toBeUndefined();
    expect(host.size).toBe(1);
    expect(host.timers.size).toBe(1);
    // XState reports unhandled errors on a later tick: give it one.
    await new Promise((r) => setTimeout(r, 5));
    expect(logged).toContain('member failed');
    // The id is free for a new member.
    expect(host.ensure('a', () => undefined).getSnapshot().status).toBe('active');
    host.stopAll();
  });

  it('a member that reaches a final state leaves, unless a newer member took its id', () => {
    const { host } = world();
    const a = host.ensure('a', () => undefined);
    a.send({ type: 'FINISH' });
    expect(a.getSnapshot().status).toBe('done');
    expect(host.get('a')).toBeUndefined();
    expect(host.timers.size).toBe(0);
    host.stopAll();
  });

  it('watch sees every member change after its start, as a subscriber would, and only members', () => {
    const { host } = world();
    const seen: Array<[string, unknown, string, number]> = [];
    host.watch((ref: AnyActorRef, s) => seen.push([ref.id, s.value, s.status, s.context.n]));
    const a = host.ensure('a', () => undefined);
    expect(seen).toEqual([]);
    a.send({ type: 'BUMP' });
    a.send({ type: 'FINISH' });
    expect(seen).toEqual([
      ['a', 'idle', 'active', 1],
      ['a', 'finished', 'done', 1],
    ]);
    host.stopAll();
  });

  it('a watcher that throws is logged and the member goes on', () => {
    const { host, logged } = world();
    host.watch(() => {
      throw new Error('watcher broke');
    });
    const a = host.ensure('a', () => undefined);
    a.send({ type: 'BUMP' });
    expect(a.getSnapshot().context.n).toBe(1);
    expect(logged).toContain('member watcher failed');
    host.stopAll();
  });

  it('restore starts from a persisted snapshot and sends REARM', () => {
    const clock = new TestClock();
    const rearmable = createMachine({
      types: {} as { context: { rearmedAt: number | null } },
      context: { rearmedAt: null },
      on: { REARM: { actions: assign({ rearmedAt: ({ event }) => (event as unknown as { at: number }).at }) } },
    });
    const host = new Host('rearmable', rearmable, { clock, logger: pino({ level: 'silent' }) });
    const saved = host.ensure('x', () => undefined).getPersistedSnapshot();
    host.remove('x');
    clock.set(42);
    const back = host.restore('x', saved);
    expect(back.getSnapshot().context.rearmedAt).toBe(42);
    host.stopAll();
  });

  it('stopAll stops every member and leaves no timer behind', () => {
    const { clock, host } = world();
    const refs = Array.from({ length: 50 }, (_, i) => host.ensure(`m${i}`, () => undefined));
    host.stopAll();
    expect(refs.every((r) => r.getSnapshot().status === 'stopped')).toBe(true);
    expect(host.size).toBe(0);
    expect(host.timers.size).toBe(0);
    expect((clock as unknown as { timeouts: Map<number, unknown> }).timeouts.size).toBe(0);
  });
});
