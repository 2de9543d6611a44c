import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { keyFrom, readAuditKey } from './key.ts';
import { verifyAudit } from './verify.ts';

/** Each string is one whole line with its newline, so process.stdout.write fits. */
export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
}

export const KEY_ENV = 'EUROPARL_MCP_AUDIT_KEY';

const USAGE = `usage: audit verify <file> [--key-file <path>] [--key <hex|base64>]
  The key comes from --key, else --key-file, else $${KEY_ENV},
  else <directory of the file>/audit.key.
  Exit status: 0 verified, 1 tampered or truncated, 2 usage error.
`;

class UsageError extends Error {}

/**
 * `audit …` with argv starting after the word "audit". Returns the exit
 * status; findings go to stdout, usage problems to stderr.
 */
export async function auditCommand(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.length === 1 && ['--help', '-h', 'help'].includes(argv[0]!)) {
    io.stdout(USAGE);
    return 0;
  }
  try {
    if (argv[0] !== 'verify') throw new UsageError(argv[0] === undefined ? 'missing command' : `unknown command '${argv[0]}'`);
    const args = parseVerifyArgs(argv.slice(1));
    const text = await readAuditFile(args.file);
    const key = resolveKey(args, env);
    return report(args.file, verifyAudit(text, key), io);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`audit: ${err.message}\n${USAGE}`);
    return 2;
  }
}

function report(file: string, result: ReturnType<typeof verifyAudit>, io: Io): number {
  const count = `${result.entries.toLocaleString('en-US')} ${result.entries === 1 ? 'entry' : 'entries'}`;
  if (result.ok) {
    io.stdout(`${file}: ${count} verified\n`);
    return 0;
  }
  if (result.problem === 'truncated') io.stdout(`${file}: all ${count} before the last line verified\n`);
  const where = result.seq === null ? `line ${result.line}` : `line ${result.line} (seq ${result.seq})`;
  io.stdout(`${file}: ${where}: ${result.problem} — ${result.message}\n`);
  return 1;
}

interface VerifyArgs {
  file: string;
  key?: string;
  keyFile?: string;
}

function parseVerifyArgs(argv: string[]): VerifyArgs {
  const files: string[] = [];
  let key: string | undefined;
  let keyFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [name, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (!v) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--key') key = value();
    else if (name === '--key-file') keyFile = value();
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
    else files.push(a);
  }
  if (files.length !== 1) throw new UsageError(files.length === 0 ? 'verify needs the audit file' : 'verify takes one file');
  if (key !== undefined && keyFile !== undefined) throw new UsageError('give either --key or --key-file, not both');
  return { file: files[0]!, key, keyFile };
}

async function readAuditFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? (err as Error).message})`);
  }
}

function resolveKey(args: VerifyArgs, env: NodeJS.ProcessEnv): Buffer {
  if (args.key !== undefined) return fromText(args.key, '--key');
  if (args.keyFile === undefined && env[KEY_ENV]) return fromText(env[KEY_ENV], KEY_ENV);
  const path = args.keyFile ?? join(dirname(args.file), 'audit.key');
  try {
    return readAuditKey(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UsageError(args.keyFile === undefined
        ? `no audit key: ${path} does not exist (give --key-file, --key or $${KEY_ENV})`
        : `key file ${path} does not exist`);
    }
    throw new UsageError(code ? `key file ${path}: cannot read (${code})` : (err as Error).message);
  }
}

function fromText(value: string, source: string): Buffer {
  try {
    return keyFrom(value);
  } catch (err) {
    throw new UsageError(`${source}: ${(err as Error).message}`);
  }
}
