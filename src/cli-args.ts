/** The command line, parsed with a clear error for anything unknown. */
export interface CliArgs { store?: string; audit?: string; http: boolean; host: string; port: number; help: boolean; version: boolean }

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { http: false, host: '127.0.0.1', port: 3000, help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--version' || a === '-v') args.version = true;
    else if (a === '--http') args.http = true;
    else if (a === '--audit') {
      const v = argv[++i];
      if (!v) throw new Error('--audit needs a file, e.g. --audit /var/log/europarl-mcp/audit.jsonl');
      args.audit = v;
    }
    else if (a === '--host') {
      const v = argv[++i];
      if (!v) throw new Error('--host needs a value, e.g. --host 127.0.0.1');
      args.host = v;
    } else if (a === '--port') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0 || v > 65535) throw new Error('--port needs a port number 0-65535 (0: any free port)');
      args.port = v;
    }
    else if (a === '--store') {
      const v = argv[++i];
      if (!v) throw new Error('--store needs a value, e.g. --store sqlite:///tmp/ep.sqlite');
      args.store = v;
    } else if (a.startsWith('--store=')) args.store = a.slice('--store='.length);
    else throw new Error(`unknown argument '${a}' (see --help)`);
  }
  return args;
}
