// Test handler that never returns: only terminating its thread ends it.
export function run(): never {
  for (;;);
}
