import { setup, fromPromise, assign, and, not, or, raise } from 'xstate';
export const toy = setup({
  types: { context: {} as { n: number } },
  guards: { isOk: () => true, isBad: () => false },
  delays: { wait: 1000 },
  actions: { log: () => {}, notify: () => {} },
  actors: { work: fromPromise(async () => 1) },
}).createMachine({
  id: 'toy-machine',
  initial: 'idle',
  context: { n: 0 },
  on: { RESET: { target: '.idle' } },
  states: {
    idle: {
      entry: 'log',
      on: {
        START: { target: 'running', guard: 'isOk', actions: ['log', assign({ n: 1 })] },
        PING: { actions: 'notify' },
        COMPLEX: { target: 'running', guard: and(['isOk', not('isBad'), or(['isOk', ({ context }) => context.n > 0])]) },
      },
      after: { wait: 'running', 30000: { target: 'done', guard: 'isBad' } },
    },
    running: {
      initial: 'fetching',
      invoke: { id: 'worker', src: 'work', onDone: 'finished', onError: 'failed' },
      states: {
        fetching: { always: [{ target: 'idle', guard: 'isBad' }], on: { NEXT: 'idle' } },
        idle: { entry: raise({ type: 'NEXT' }), on: { BACK: 'fetching', 'done:x;y': '#toy-machine.done' } },
      },
    },
    finished: {
      type: 'parallel',
      states: {
        a: { initial: 'a1', states: { a1: { on: { GO: 'a2' } }, a2: { type: 'final' } } },
        b: { initial: 'b1', states: { b1: { on: { GO: 'b2' } }, b2: { type: 'final' } } },
      },
      onDone: 'done',
    },
    failed: { on: { RETRY: 'running' } },
    done: { type: 'final' },
  },
});
