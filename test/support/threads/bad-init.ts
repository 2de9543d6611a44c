// Test handler whose init fails: the cold start must fail with its message.
export function init(): void {
  throw new Error('the handler could not open its tables');
}
export function run(input: unknown): unknown {
  return input;
}
