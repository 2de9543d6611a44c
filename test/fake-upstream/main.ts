/**
 * Runs the fake upstream as its own process:
 *   tsx test/fake-upstream/main.ts [--port N] [--seed N] [--large] [--meps N] [--votes N]
 * Prints ONE line of JSON ({baseUrl, doceoUrl, port}) to stdout; everything else goes to stderr.
 */
import { startFakeUpstream } from './server.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const numberArg = (name: string) => {
  const v = arg(name);
  return v === undefined ? undefined : Number(v);
};

const large = process.argv.includes('--large') || arg('meps') !== undefined || arg('votes') !== undefined
  ? { meps: numberArg('meps') ?? 720, votes: numberArg('votes') ?? 1000 }
  : undefined;

const fake = await startFakeUpstream({ port: numberArg('port'), seed: numberArg('seed'), large });
process.stdout.write(`${JSON.stringify({ baseUrl: fake.baseUrl, doceoUrl: fake.doceoUrl, port: fake.port })}\n`);
process.stderr.write(`fake EP upstream listening on ${fake.baseUrl}${large ? ` (large: ${large.meps} MEPs, ${large.votes} votes)` : ''}\n`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`fake EP upstream stopping (${signal})\n`);
  void fake.close().then(() => process.exit(0));
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
