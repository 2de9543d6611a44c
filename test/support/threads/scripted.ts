// Test handler whose every call does what its input says: answer, throw,
// crash its thread, loop forever, or eat its heap.
export type Mode = 'ok' | 'throw' | 'crash' | 'exit' | 'loop' | 'oom' | 'slow' | 'print';

export async function run({ mode, value }: { mode: Mode; value?: unknown }): Promise<unknown> {
  switch (mode) {
    case 'ok':
      return { computed: value ?? null };
    case 'throw':
      throw Object.assign(new Error('the handler refused its input'), { code: 'bad_input' });
    case 'crash':
      // Thrown outside the job, so nothing catches it: the thread dies.
      setImmediate(() => {
        throw new Error('unexpected state in the handler');
      });
      return new Promise(() => {});
    case 'exit':
      process.exit(7);
    case 'loop':
      for (;;);
    case 'oom': {
      const hoard: number[][] = [];
      for (;;) hoard.push(new Array(100_000).fill(hoard.length));
    }
    case 'slow':
      await new Promise((r) => setTimeout(r, 200));
      return { computed: 'slowly' };
    case 'print':
      console.log('a handler writing to stdout');
      return { printed: true };
  }
}
