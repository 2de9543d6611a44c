import { cancel, createActor, createMachine, sendTo, setup, type AnyActorLogic, type InspectionEvent } from 'xstate';
import { describe, expect, it } from 'vitest';
import { TimerHeap } from '../../src/timer-heap.ts';
import { useIndexedScheduler } from '../../src/xstate-scheduler.ts';
import { TestClock } from '../support/clock.ts';

/*
 * src/xstate-scheduler.ts replaces an XState internal. These tests fail as
 * soon as XState stops routing delayed events through `system.scheduler`, or
 * stops delivering them through `system._relay`.
 */

function run(logic: AnyActorLogic) {
  const clock = new TestClock();
  const heap = new TimerHeap(clock);
  const inspected: InspectionEvent[] = [];
  const actor = createActor(logic, { clock: heap, inspect: (e) => inspected.push(e) });
  const scheduler = useIndexedScheduler(actor.system, heap);
  actor.start();
  const own = () => Object.keys((actor.system as unknown as { _snapshot: { _scheduledEvents: object } })._snapshot._scheduledEvents).length;
  const realTimers = () => (clock as unknown as { timeouts: Map<number, unknown> }).timeouts.size;
  return { clock, heap, actor, scheduler, inspected, own, realTimers };
}

const waiting = createMachine({
  initial: 'waiting',
  states: {
    waiting: { after: { 100: 'due', 300: 'late' }, on: { LEAVE: 'left' } },
    due: {},
    late: {},
    left: {},
  },
});

describe('XState delayed events on the indexed scheduler', () => {
  it('an `after` timer is scheduled here, on the heap, never on XState’s own scheduler', () => {
    const w = run(waiting);
    expect(w.scheduler.size).toBe(2);
    expect(w.heap.size).toBe(2);
    expect(w.realTimers()).toBe(1);
    expect(w.own()).toBe(0);
    w.clock.set(100);
    expect(w.actor.getSnapshot().value).toBe('due');
    // Leaving the state cancelled the other timer.
    expect(w.scheduler.size).toBe(0);
    expect(w.heap.size).toBe(0);
  });

  it('leaving a state cancels its timers', () => {
    const w = run(waiting);
    expect(w.scheduler.size).toBe(2);
    w.actor.send({ type: 'LEAVE' });
    expect(w.scheduler.size).toBe(0);
    w.clock.set(1000);
    expect(w.actor.getSnapshot().value).toBe('left');
  });

  it('stopping an actor drops its timers (cancelAll)', () => {
    const w = run(waiting);
    expect(w.heap.size).toBe(2);
    w.actor.stop();
    expect(w.scheduler.size).toBe(0);
    expect(w.heap.size).toBe(0);
    expect(w.realTimers()).toBe(0);
  });

  it('a due event is delivered through the system, with an inspection event naming its source', () => {
    const w = run(waiting);
    expect(w.scheduler.size).toBe(2);
    w.clock.set(100);
    const delivered = w.inspected.find((e) => e.type === '@xstate.event' && e.event.type.startsWith('xstate.after.100'));
    expect(delivered).toBeDefined();
    expect((delivered as { sourceRef?: unknown }).sourceRef).toBe(w.actor);
    expect(delivered!.actorRef).toBe(w.actor);
  });

  it('a delayed sendTo reaches another actor, and cancel(id) withdraws it', () => {
    const child = createMachine({ initial: 'idle', states: { idle: { on: { PING: 'pinged' } }, pinged: {} } });
    const parent = setup({ actors: { child } }).createMachine({
      invoke: { id: 'child', src: 'child' },
      on: {
        SEND: { actions: sendTo('child', { type: 'PING' }, { delay: 50, id: 'ping' }) },
        CANCEL: { actions: cancel('ping') },
      },
    });
    const w = run(parent);
    const childState = () => (w.actor.getSnapshot().children as Record<string, { getSnapshot(): { value: unknown } }>).child!.getSnapshot().value;
    w.actor.send({ type: 'SEND' });
    expect(w.scheduler.size).toBe(1);
    w.actor.send({ type: 'CANCEL' });
    expect(w.scheduler.size).toBe(0);
    w.clock.set(100);
    expect(childState()).toBe('idle');
    w.actor.send({ type: 'SEND' });
    w.clock.set(150);
    expect(childState()).toBe('pinged');
  });

  it('refuses a system without the scheduler it replaces', () => {
    expect(() => useIndexedScheduler({} as never, new TimerHeap(new TestClock()))).toThrow(/no replaceable system scheduler/);
  });
});
