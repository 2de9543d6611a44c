// Test handler that keeps allocating until its thread's heap limit stops it.
export function run(): never {
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array(100_000).fill(hoard.length));
}
