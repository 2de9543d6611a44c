import { parseArgs, type CliArgs } from './cli-args.ts';
import { dirname, join } from 'node:path';
import { auditCommand } from './audit/cli.ts';
import { epHandlers } from './handlers/index.ts';
import { defaultStorePath } from './store.ts';
import { keysCommand } from './keys/cli.ts';
import { start } from './main.ts';
import { serveStdio } from './server/stdio.ts';
import { epTools } from './tools/index.ts';

const HELP = `europarl-mcp — European Parliament open data for AI assistants (MCP)

Usage: europarl-mcp [--store <uri>] [--http [--host 127.0.0.1] [--port 3000]] [--help] [--version]
       europarl-mcp keys create|list|revoke …   (API keys for the HTTP transport)
       europarl-mcp audit verify <file>          (check the audit trail; exit 1 names the first tampered entry)

Serves MCP over stdio (what Claude Desktop and other clients launch), or with
--http over Streamable HTTP at http://HOST:PORT/mcp for many users, each with
an API key (Authorization: Bearer <key>).

  --audit <file>  Tamper-evident audit trail (JSON lines, HMAC-chained). Default with
                  --http: audit.jsonl in the user cache dir; none for stdio unless
                  given. Also EUROPARL_MCP_AUDIT_FILE; key: EUROPARL_MCP_AUDIT_KEY or
                  audit.key (0600) beside the file.
  --store <uri>   Store for the L2 cache and session, lockout, limit and breaker
                  state: sqlite://<file> (default: the user cache dir),
                  sqlite://:memory:, memory, or redis://host:port for many
                  instances sharing one. Also EUROPARL_MCP_STORE.

Environment: EP_API_URL (default https://data.europarl.europa.eu/api/v2/),
EP_DOCEO_URL (default https://www.europarl.europa.eu/doceo/),
EUROPARL_MCP_LOG_LEVEL (default info; logs go to stderr).
`;

async function main() {
  const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };
  if (process.argv[2] === 'keys') process.exit(keysCommand(process.argv.slice(3), io));
  if (process.argv[2] === 'audit') process.exit(await auditCommand(process.argv.slice(3), io));
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`europarl-mcp: ${(e as Error).message}\n`);
    process.exit(2);
  }
  if (args.help) return void process.stderr.write(HELP);
  if (args.version) return void process.stderr.write('europarl-mcp 0.1.0\n');
  // A shared (HTTP) server always keeps an audit trail; a personal stdio one when asked.
  const audit = args.audit ?? process.env.EUROPARL_MCP_AUDIT_FILE ?? (args.http ? join(dirname(defaultStorePath()), 'audit.jsonl') : undefined);
  const app = await start({ ...(args.store ? { store: args.store } : {}), ...(audit ? { audit } : {}), handlers: epHandlers, tools: epTools });
  // Loaded only for --http: the Streamable HTTP stack (Hono's adapter) touches fetch's globals on
  // import, which loads Node's undici, about 12 ms of every stdio start.
  if (args.http) await (await import('./server/http.ts')).serveHttp(app, epTools, { host: args.host, port: args.port });
  else await serveStdio(app, epTools);
}

main().catch((e) => {
  process.stderr.write(`europarl-mcp: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
