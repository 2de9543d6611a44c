// Test handler: answers with its input.
export function run(input: unknown): unknown {
  return input;
}
