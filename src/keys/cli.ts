import { hashKey, newKey } from './hash.ts';
import { defaultKeyFile, KeyFile, ROLES, type KeyEntry } from './file.ts';

export interface Io { stdout(s: string): void; stderr(s: string): void }

const USAGE = `usage:
  europarl-mcp keys create --principal NAME --role reader|analyst|admin [--role …] [--key CHOSEN] [--key-file PATH]
  europarl-mcp keys list [--key-file PATH]
  europarl-mcp keys revoke (--id ID | --principal NAME) [--key-file PATH]
The key file defaults to EUROPARL_MCP_KEYS, else ${defaultKeyFile()}.`;

function options(argv: string[]) {
  const out: { principal?: string; roles: string[]; key?: string; keyFile?: string; id?: string } = { roles: [] };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!;
    const value = argv[i + 1];
    if (!['--principal', '--role', '--key', '--key-file', '--id'].includes(name)) throw new Error(`unknown option '${name}'`);
    if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
    i++;
    if (name === '--role') out.roles.push(value);
    else if (name === '--principal') out.principal = value;
    else if (name === '--key') out.key = value;
    else if (name === '--key-file') out.keyFile = value;
    else out.id = value;
  }
  return out;
}

/** `europarl-mcp keys …`: returns the exit code. A new key is printed once and never stored. */
export function keysCommand(argv: string[], io: Io): number {
  const [verb, ...rest] = argv;
  try {
    const o = options(rest);
    const file = new KeyFile(o.keyFile ?? process.env.EUROPARL_MCP_KEYS ?? defaultKeyFile());
    if (verb === 'create') {
      if (!o.principal || !/^[A-Za-z0-9._@-]{1,100}$/.test(o.principal)) throw new Error('--principal needs a name of letters, digits and . _ @ -');
      if (o.roles.length === 0) throw new Error(`--role is required (${ROLES.join(', ')})`);
      const bad = o.roles.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (bad.length) throw new Error(`unknown role ${bad.join(', ')} (use ${ROLES.join(', ')})`);
      if (o.key !== undefined && o.key.length < 12) throw new Error('a chosen key must be at least 12 characters');
      const generated = newKey();
      const key = o.key ?? generated.key;
      const entry: KeyEntry = {
        id: generated.id,
        principal: o.principal,
        roles: [...new Set(o.roles)] as KeyEntry['roles'],
        hash: hashKey(key, o.key !== undefined),
        createdAt: new Date().toISOString(),
        revokedAt: null,
      };
      file.write([...file.read(), entry]);
      io.stdout(`${key}\n`);
      io.stderr(`created key ${entry.id} for ${entry.principal} (${entry.roles.join(', ')}) in ${file.path}; it is shown only this once\n`);
      return 0;
    }
    if (verb === 'list') {
      const keys = file.read();
      io.stdout(keys.length ? `${keys.map((k) => `${k.id}  ${k.principal.padEnd(20)} ${k.roles.join(',').padEnd(22)} ${k.createdAt}${k.revokedAt ? `  revoked ${k.revokedAt}` : ''}`).join('\n')}\n` : 'no keys\n');
      return 0;
    }
    if (verb === 'revoke') {
      if (!o.id && !o.principal) throw new Error('revoke needs --id or --principal');
      const keys = file.read();
      const now = new Date().toISOString();
      let n = 0;
      const next = keys.map((k) => ((o.id ? k.id === o.id : k.principal === o.principal) && k.revokedAt === null ? (n++, { ...k, revokedAt: now }) : k));
      if (n === 0) throw new Error(`no active key matches ${o.id ? `id ${o.id}` : `principal ${o.principal}`}`);
      file.write(next);
      io.stderr(`revoked ${n} key(s)\n`);
      return 0;
    }
    io.stderr(`${USAGE}\n`);
    return 2;
  } catch (e) {
    io.stderr(`europarl-mcp keys: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
}
