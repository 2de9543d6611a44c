/** The command line, parsed with a clear error for anything unknown. */
export interface CliArgs { store?: string; http: boolean; help: boolean; version: boolean }

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { http: false, help: false, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') args.help = true;
    else if (a === '--version' || a === '-v') args.version = true;
    else if (a === '--http') args.http = true;
    else if (a === '--store') {
      const v = argv[++i];
      if (!v) throw new Error('--store needs a value, e.g. --store sqlite:///tmp/ep.sqlite');
      args.store = v;
    } else if (a.startsWith('--store=')) args.store = a.slice('--store='.length);
    else throw new Error(`unknown argument '${a}' (see --help)`);
  }
  return args;
}
