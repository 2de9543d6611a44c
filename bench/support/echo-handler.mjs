// The handler both thread runtimes run in the workers bench: plain JS, so
// neither needs a TypeScript loader in its threads.
export function run(input) {
  return input;
}
export default run;
