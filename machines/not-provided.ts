import { fromPromise } from 'xstate';

/**
 * Placeholder logic for an actor that touches the world. Machines stay pure;
 * the system plugs the real logic in with `machine.provide()`, and anything
 * left unplugged fails loudly through the machine's error path.
 */
export function notProvided<O, I>(name: string) {
  return fromPromise<O, I>(async () => {
    throw new Error(`${name} is not provided: plug it in with machine.provide()`);
  });
}
