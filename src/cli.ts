import { parseArgs, type CliArgs } from './cli-args.ts';
import { start } from './main.ts';

const HELP = `europarl-mcp — European Parliament open data for AI assistants (MCP)

Usage: europarl-mcp [--store <uri>] [--help] [--version]

  --store <uri>   L2 cache store: sqlite://<file> (default: the user cache dir),
                  sqlite://:memory:, or memory. Also EUROPARL_MCP_STORE.

Environment: EP_API_URL (default https://data.europarl.europa.eu/api/v2/),
EUROPARL_MCP_LOG_LEVEL (default info; logs go to stderr).
`;

async function main() {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`europarl-mcp: ${(e as Error).message}\n`);
    process.exit(2);
  }
  if (args.help) return void process.stderr.write(HELP);
  if (args.version) return void process.stderr.write('europarl-mcp 0.1.0\n');
  const app = await start(args.store ? { store: args.store } : {});
  app.logger.info('no MCP tools yet: this version runs the actor system only; stop with Ctrl-C');
  const shutdown = () => void app.stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  // Keep running until told to stop.
  setInterval(() => {}, 1 << 30);
}

main().catch((e) => {
  process.stderr.write(`europarl-mcp: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
